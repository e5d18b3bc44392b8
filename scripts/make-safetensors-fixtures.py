"""Writes the small safetensors files the unit tests read, with the Python `safetensors` package.

Usage: python3 scripts/make-safetensors-fixtures.py   (pip install numpy safetensors)
The files are committed (src/model/fixtures/); rerun this only to regenerate them.
"""
import os
import numpy as np
from safetensors.numpy import save_file

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "model", "fixtures")
os.makedirs(out, exist_ok=True)

# A tiny network with the chapter's names and shapes (H1 = 3, H2 = 2), every value distinct, so a
# test can check that W_1[r, c] (PyTorch's (out, in)) lands at the app's w1[c, r] (in, out).
h1, h2 = 3, 2
tiny = {
    "W_1": (np.arange(h1 * 784, dtype=np.float32).reshape(h1, 784) / 1000.0),
    "b_1": np.array([[0.5, -0.25, 0.125]], dtype=np.float32),
    "W_2": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32),
    "b_2": np.array([[-1.0, 1.0]], dtype=np.float32),
    "W_3": (np.arange(10 * h2, dtype=np.float32).reshape(10, h2) - 7.5),
    "b_3": np.linspace(-1, 1, 10, dtype=np.float32).reshape(1, 10),
}
save_file(tiny, os.path.join(out, "python-chapter-tiny.safetensors"), metadata={"written_by": "python safetensors"})

# Mixed dtypes and shapes, no metadata: the reader must parse what the reference writer lays out.
mixed = {
    "a_f32": np.array([[1.5, -2.0, 3.25], [0.0, 1e-3, -7.0]], dtype=np.float32),
    "b_f16": np.array([1.0, 2.0, 3.0], dtype=np.float16),
    "c_i64": np.array([1, 2], dtype=np.int64),
    "d_scalar": np.array(42.0, dtype=np.float32),
}
save_file(mixed, os.path.join(out, "python-mixed.safetensors"))

# The chapter's names with an F16 W_2: a valid file that this app must refuse by name.
half = dict(tiny)
half["W_2"] = tiny["W_2"].astype(np.float16)
save_file(half, os.path.join(out, "python-chapter-f16.safetensors"))
# The same tiny network as an nn.Sequential(nn.Linear(784, 3), act, nn.Linear(3, 2), act, nn.Linear(2, 10))
# saves it: 0.weight, 0.bias (H,), 2.weight, … (the activations hold no parameters). The app's
# nn.Sequential export must write these very bytes.
sequential = {
    "0.weight": tiny["W_1"], "0.bias": tiny["b_1"].reshape(-1),
    "2.weight": tiny["W_2"], "2.bias": tiny["b_2"].reshape(-1),
    "4.weight": tiny["W_3"], "4.bias": tiny["b_3"].reshape(-1),
}
save_file(sequential, os.path.join(out, "python-sequential-tiny.safetensors"), metadata={"written_by": "python safetensors"})

# A module with fc1/fc2/fc3 (H1 = 3, H2 = 2), saved in an order that is not the layers' order.
modules = {"fc3.bias": tiny["b_3"].reshape(-1), "fc1.weight": tiny["W_1"], "fc2.bias": tiny["b_2"].reshape(-1),
           "fc1.bias": tiny["b_1"].reshape(-1), "fc3.weight": tiny["W_3"], "fc2.weight": tiny["W_2"]}
save_file(modules, os.path.join(out, "python-fc-tiny.safetensors"))
print("wrote", sorted(f for f in os.listdir(out) if f.endswith(".safetensors")))
