"""A multi-class MLP: raw logits into CrossEntropyLoss, softmax over the class dimension."""

# %% setup
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% data
torch.manual_seed(0)
CLASSES, PER_CLASS = 3, 100
# Three interleaved spiral arms: no straight line separates them, a hidden layer is needed.
radius = torch.linspace(0.1, 1, PER_CLASS).repeat(CLASSES)
labels = torch.arange(CLASSES).repeat_interleave(PER_CLASS)  # int64 class indices 0, 1, 2
angle = labels * (2 * math.pi / CLASSES) + radius * 4 + 0.3 * torch.randn(CLASSES * PER_CLASS)
points = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
points, labels = points.to(DEVICE), labels.to(DEVICE)
print(f"{points.shape = }, {labels.shape = }, {labels.dtype = }")
print("samples per class:", labels.bincount().tolist())

# %% model
model = nn.Sequential(
    nn.Linear(2, 64),
    nn.ReLU(),
    nn.Linear(64, 64),
    nn.ReLU(),
    nn.Linear(64, CLASSES),  # (1)!
).to(DEVICE)
print("logits of the first two samples:", model(points[:2]).shape)

# %% train
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(200):
    logits = model(points)  # shape (300, 3)
    loss = loss_fn(logits, labels)  # (1)!
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        print(f"step {step:3d}  loss {loss.item():.4f}")

# %% evaluate
with torch.no_grad():
    logits = model(points)
probabilities = F.softmax(logits, dim=1)  # (1)!
accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
print(f"final loss {loss_fn(logits, labels).item():.4f}, training accuracy {accuracy:.3f}")
print("first sample, probability per class:", [round(p, 3) for p in probabilities[0].tolist()])
print("first rows sum to:", probabilities.sum(dim=1)[:3])

# %% check
from torch.testing import assert_close

assert accuracy > 0.95
assert_close(probabilities.sum(dim=1), torch.ones(len(points), device=DEVICE))  # each row
assert torch.equal(probabilities.argmax(dim=1), logits.argmax(dim=1))  # softmax keeps the order

# %% nll
log_probabilities = F.log_softmax(logits, dim=1)
nll = nn.NLLLoss()(log_probabilities, labels)  # (1)!
by_hand = -log_probabilities[torch.arange(len(labels), device=DEVICE), labels].mean()
print(f"CrossEntropyLoss      {loss_fn(logits, labels).item():.6f}")
print(f"NLLLoss(log_softmax)  {nll.item():.6f}")
print(f"-log p(true class)    {by_hand.item():.6f}")

# %% check
assert torch.equal(loss_fn(logits, labels), nll)  # the very same number
assert_close(loss_fn(logits, labels), by_hand)
assert_close(F.cross_entropy(logits, labels), nll)  # the functional form, same number

# %% stable
extreme = torch.tensor([[0.0, 200.0]])
print("log(softmax(...)):", torch.log(F.softmax(extreme, dim=1)))
print("log_softmax(...): ", F.log_softmax(extreme, dim=1))

# %% check
assert torch.isinf(torch.log(F.softmax(extreme, dim=1))[0, 0])
assert F.log_softmax(extreme, dim=1)[0, 0].item() == -200.0
