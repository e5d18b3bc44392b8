"""Runs scripts/pytorch-chapter.py for the figures of docs/pytorch-calibration.md and prints them as Markdown.

Usage: /usr/bin/python3 scripts/pytorch-calibration.py [whatif] [health] [lrfind] [--raw DIR]
(no section: all three; about 5 minutes of CPU on one core, 10 minutes wall-clock on a busy 2-core machine). Each run is one process of pytorch-chapter.py, one
thread, one after another; --raw DIR keeps every run's JSON lines in DIR. The command of every run is
printed with its figures.
"""
import json, math, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHAPTER = os.path.join(HERE, "pytorch-chapter.py")
PYTHON = "/usr/bin/python3"
args = [a for a in sys.argv[1:]]
RAW = None
if "--raw" in args:
    RAW = args[args.index("--raw") + 1]
    del args[args.index("--raw"): args.index("--raw") + 2]
    os.makedirs(RAW, exist_ok=True)
SECTIONS = args or ["whatif", "health", "lrfind"]


def run(options):
    """Runs pytorch-chapter.py with these options (plus --json) and returns its JSON lines."""
    cmd = [PYTHON, CHAPTER] + options.split() + ["--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if RAW:
        name = options.replace("--", "").replace(" ", "_") or "default"
        with open(os.path.join(RAW, name + ".jsonl"), "w") as f:
            f.write(out)
    return [json.loads(line) for line in out.splitlines()]


def command(options):
    return f"/usr/bin/python3 scripts/pytorch-chapter.py {options}"


def num(x, fmt):
    return "NaN" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt)


def table(head, rows):
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")
    print()


# --- What-if settings (the notes' table): 20,000 images, one epoch, seeds 0 and 1 -------------------------------
WHATIF = [  # options, the notes' test accuracies for seeds 0 and 1
    ("--act sigmoid --init normal --opt sgd --lr 0.1", 11.4, 12.6),
    ("--act sigmoid --init normal --opt sgd --lr 3", 87.2, 86.2),
    ("--act relu --init he --opt sgd --lr 0.1", 87.1, 86.9),
    ("--act relu --init he --opt sgd --lr 1", 93.1, 93.1),
    ("--act tanh --init xavier --opt sgd --lr 0.1", 86.4, 86.8),
    ("--act tanh --init xavier --opt sgd --lr 0.3", 89.7, 90.4),
    ("--act tanh --init xavier --opt sgd --lr 1", 91.6, 92.4),
    ("--act sigmoid --init normal --opt adam --lr 0.001", 89.1, 89.8),
    ("--act relu --init he --opt adam --lr 0.001", 93.6, 93.6),
    ("--act sigmoid --init normal --opt momentum --lr 0.1", 67.7, 68.3),
    ("--act relu --init he --opt momentum --lr 0.1", 92.3, 93.0),
]


def whatif():
    print("## What-if settings: 20,000 images, 1 epoch, batch 32, seeds 0 and 1\n")
    rows = []
    for options, n0, n1 in WHATIF:
        got = []
        for seed in (0, 1):
            full = f"--samples 20000 --seed {seed} --test {options}"
            got.append(run(full)[-1]["final"]["testAccuracy"])
        rows.append([f"`{command('--samples 20000 --seed S --test ' + options)}`", f"{got[0]:.2f} / {got[1]:.2f}%",
                     f"{n0} / {n1}%", f"{got[0] - n0:+.1f} / {got[1] - n1:+.1f}"])
    table(["command (S = 0, 1)", "here, seed 0 / 1", "notes, seed 0 / 1", "difference"], rows)


# --- Layer health ---------------------------------------------------------------------------------------------
PARAMS = ("W_1", "b_1", "W_2", "b_2", "W_3", "b_3")


def health_run(options):
    lines = run(options + " --health 50 --test")
    rows = [l["health"] for l in lines if "health" in l]
    return rows, lines[-1]["final"]


def trajectory(rows, pick=None):
    out = []
    for r in rows:
        if pick is not None and r["batch"] not in pick:
            continue
        out.append([r["batch"], num(r["loss"], ".4f"), num(r["sat"][0], ".3f"), num(r["sat"][1], ".3f")]
                   + [num(r["rms"][p], ".1e") for p in PARAMS]
                   + [num(r["ratio"][w], ".2f") for w in ("W_1", "W_2", "W_3")])
    return out


TRAJ_HEAD = ["batch", "loss", "sat 1", "sat 2"] + [f"RMS {p}" for p in PARAMS] + ["ratio W_1", "ratio W_2", "ratio W_3"]


def summary(options, rows, final):
    ok = [r for r in rows if r["loss"] is not None]
    last = rows[-1]
    r1 = [r["ratio"]["W_1"] for r in ok if r["ratio"]["W_1"] is not None]
    w1_least = sum(1 for r in ok if r["rms"]["W_1"] == min(r["rms"].values()))
    w_order = sum(1 for r in ok if r["rms"]["W_1"] < r["rms"]["W_2"] < r["rms"]["W_3"])
    b_order = sum(1 for r in ok if r["rms"]["b_1"] < r["rms"]["b_2"] < r["rms"]["b_3"])
    nan = final.get("firstNonFiniteLoss")
    zero = [r["zeroGrad"]["W_1"] for r in ok]
    return [f"`{options}`", f"{final['testAccuracy']:.2f}%", last["batch"], num(last["sat"][0], ".3f"), num(last["sat"][1], ".3f"),
            " / ".join(num(last["ratio"][w], ".2f") for w in ("W_1", "W_2", "W_3")),
            f"{min(r1):.2f} .. {max(r1):.2f}" if r1 else "-", f"{w1_least}/{len(ok)}", f"{w_order}/{len(ok)}",
            f"{b_order}/{len(ok)}", f"{min(zero):.2f} .. {max(zero):.2f}", f"batch {nan['batch']}" if nan else "none"]


SUMMARY_HEAD = ["options", "test acc.", "last batch", "sat 1 (last)", "sat 2 (last)", "ratio W_1 / W_2 / W_3 (last)",
                "ratio W_1 range", "W_1 least RMS of the six", "RMS W_1 < W_2 < W_3", "RMS b_1 < b_2 < b_3", "W_1.grad share exactly 0", "first NaN loss"]


def health():
    print("## Layer health, every 50 batches and the last batch\n")
    full = {}
    for lr in ("0.1", "50", "100"):
        options = f"--lr {lr} --seed 0"
        full[lr] = health_run(options)
    pick = {0, 50, 100, 150, 200, 300, 400, 450, 500, 600, 800, 1000, 1200, 1400, 1600, 1800, 1874}
    for lr, (rows, final) in full.items():
        print(f"### 60,000 images, chapter's settings, lr {lr}, seed 0: `{command(f'--lr {lr} --seed 0 --health 50 --test')}`\n")
        table(TRAJ_HEAD, trajectory(rows, pick))
    print("### Summaries\n")
    summaries = [summary(f"--lr {lr} --seed 0", *full[lr]) for lr in full]
    for seed in (1, 2):
        for lr in ("0.1", "50"):
            summaries.append(summary(f"--lr {lr} --seed {seed}", *health_run(f"--lr {lr} --seed {seed}")))
    short = {}
    for n in (2000, 5000):
        for lr in ("0.1", "50"):
            for seed in (0, 1, 2):
                options = f"--samples {n} --lr {lr} --seed {seed}"
                short[options] = health_run(options)
                summaries.append(summary(options, *short[options]))
    for act, init in (("relu", "he"), ("tanh", "xavier")):
        for n, seeds in ((60000, (0,)), (5000, (0, 1, 2))):
            for seed in seeds:
                options = f"--act {act} --init {init} --lr 0.1 --samples {n} --seed {seed}"
                summaries.append(summary(options, *health_run(options)))
    table(SUMMARY_HEAD, summaries)
    print("<details><summary>Short runs, every record</summary>\n")
    for options, (rows, final) in short.items():
        print(f"`{command(options + ' --health 50 --test')}`: test {final['testAccuracy']:.2f}%\n")
        table(TRAJ_HEAD, trajectory(rows))
    print("</details>\n")
    for lr, (rows, final) in full.items():
        print(f"<details><summary>Full trajectory, 60,000 images, lr {lr}, seed 0</summary>\n")
        table(TRAJ_HEAD, trajectory(rows))
        print("</details>\n")


# --- Learning-rate range test ---------------------------------------------------------------------------------
def lrfind():
    print("## Learning-rate range test: 1e-4 to 100, at most 200 batches, all 60,000 images shuffled\n")
    rows, steep = [], {}
    for cfg in ("--act sigmoid --init normal --opt sgd", "--act relu --init he --opt sgd",
                "--act sigmoid --init normal --opt adam", "--act relu --init he --opt adam"):
        for seed in (0, 1, 2):
            d = run(f"--lr-find {cfg} --seed {seed}")[-1]["lrFind"]
            f, u = d["fastai"], d["untrimmed"]
            rows.append([f"`{cfg} --seed {seed}`", d["batches"], d["stop"], f"{d['stopLr']:.3g}", num(d["stopLoss"], ".4f"),
                         f"{d['minSmooth']:.4f} at {d['minSmoothLr']:.3g}", f"**{f['steep']:.3g}**", f"{f['valley']:.3g}",
                         f"{f['minimumDiv10']:.3g}", f"{u['steep']:.3g}"])
            if cfg.endswith("normal --opt sgd"):
                steep[seed] = (float(f"{f['steep']:.3g}"), float(f"{f['valley']:.3g}"))
    table(["`--lr-find` options", "batches", "stop", "lr at stop", "loss at stop", "min smoothed loss at lr",
           "steep (fastai)", "valley (fastai)", "minimum / 10", "steep, untrimmed"], rows)
    print("### The suggestions tried: chapter's settings, 20,000 images, 1 epoch\n")
    rows = []
    for seed, (s, v) in steep.items():
        acc = []
        for lr in (0.1, s, v):
            d = run(f"--samples 20000 --seed {seed} --lr {lr:g} --test")[-1]["final"]
            acc.append(f"{d['testAccuracy']:.2f}%" + (" (NaN)" if d["firstNonFiniteLoss"] else ""))
        rows.append([seed, acc[0], f"{s:g}", acc[1], f"{v:g}", acc[2]])
    table(["seed", "lr 0.1", "steep lr", "test acc.", "valley lr", "test acc."], rows)


for section in SECTIONS:
    {"whatif": whatif, "health": health, "lrfind": lrfind}[section]()
