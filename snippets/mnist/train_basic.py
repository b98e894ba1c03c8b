"""MNIST past 99 % with only what the quickstart showed: a DataLoader, a small CNN, a loop."""

# %% setup
import os
import sys
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

torch.manual_seed(0)  # the same weights and batches on every run
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))  # where MNIST is, or is downloaded to
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% data
to_tensor = transforms.Compose(
    [
        transforms.ToTensor(),  # a PIL image becomes a (1, 28, 28) float tensor in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # the training images' mean and std
    ]
)
try:
    train_set = datasets.MNIST(DATA, train=True, download=True, transform=to_tensor)
    test_set = datasets.MNIST(DATA, train=False, download=True, transform=to_tensor)
except (RuntimeError, OSError) as exc:  # offline, and the files are not there yet
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded "
        f"({' '.join(str(exc).split())}). Put the four *-ubyte files there or set "
        "PYTORCH_NOTES_DATA."
    )
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)
print(f"{len(train_set)} training images in {len(train_loader)} batches of 32")
print(f"{len(test_set)} test images in {len(test_loader)} batches of 1000")

# %% model
model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),  # 28 -> 14
    nn.Conv2d(16, 32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),  # 14 -> 7
    nn.Flatten(),  # (N, 32, 7, 7) -> (N, 1568)
    nn.Linear(32 * 7 * 7, 128),  # a hidden layer the quickstart's model lacks
    nn.ReLU(),
    nn.Linear(128, 10),  # one score per digit
).to(DEVICE)
print(f"{sum(p.numel() for p in model.parameters()):,} parameters")


# %% one-epoch
def train_one_epoch(model, loader, loss_fn, optimizer):
    """One pass over the training images; returns the mean loss of its batches."""
    model.train()
    total = 0.0
    for images, labels in loader:
        images, labels = images.to(DEVICE), labels.to(DEVICE)
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)


def test_accuracy(model, loader):
    """The share of the test images whose highest score is the right digit."""
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            predictions = model(images.to(DEVICE)).argmax(dim=1)
            correct += (predictions == labels.to(DEVICE)).sum().item()
    return correct / len(loader.dataset)


# %% epochs
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.025, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.2)
for epoch in range(1, 4):
    train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer)
    scheduler.step()  # a smaller learning rate for the next epoch
    accuracy = test_accuracy(model, test_loader)
    print(f"epoch {epoch}: train loss {train_loss:.4f}, test accuracy {accuracy:.2%}")

# %% check
assert accuracy >= 0.99, accuracy  # the goal of this page
