"""Re-saves a file with the chapter's names under the names a PyTorch module would give them, with
NumPy and the Python `safetensors` package only (no PyTorch), and no metadata: what a PyTorch
user's `save_file(model.state_dict(), ...)` writes, for the import tests.

Usage: python3 scripts/resave-weights.py IN.safetensors OUT.safetensors sequential|fc
  sequential: nn.Sequential(nn.Linear, act, nn.Linear, act, nn.Linear)'s 0.weight, 0.bias (H1,), 2.weight … 4.bias
  fc:         a module with fc1/fc2/fc3, saved in another order than the layers'
(pip install numpy safetensors)
"""
import sys
from safetensors.numpy import load_file, save_file

source, out, layout = sys.argv[1:4]
t = load_file(source)
names = {"sequential": ["0", "2", "4"], "fc": ["fc1", "fc2", "fc3"]}[layout]
tensors = {}
for i, module in enumerate(names, start=1):
    tensors[f"{module}.weight"] = t[f"W_{i}"]
    tensors[f"{module}.bias"] = t[f"b_{i}"].reshape(-1)  # nn.Linear's bias is (out,)
if layout == "fc":
    tensors = dict(reversed(list(tensors.items())))
save_file(tensors, out)
print(out)
