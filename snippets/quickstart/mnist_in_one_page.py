"""The whole picture on one page: data, model, training, evaluation, saving, loading, predicting."""

# %% setup
import os
import sys
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

torch.manual_seed(0)  # the same weights and batches on every run
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))  # where MNIST is, or is downloaded to
if torch.cuda.is_available():
    DEVICE = "cuda"  # an NVIDIA GPU
elif torch.backends.mps.is_available():
    DEVICE = "mps"  # Apple silicon
else:
    DEVICE = "cpu"
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE", DEVICE)  # set it to choose the device yourself
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU.")

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
    reason = " ".join(str(exc).split())
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000)
images, labels = next(iter(train_loader))
print(f"{len(train_set)} training images, {len(test_set)} test images")
print(f"one batch: images {tuple(images.shape)}, labels {tuple(labels.shape)}")


# %% model
def make_model():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 28 -> 14
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 14 -> 7
        nn.Flatten(),  # (N, 32, 7, 7) -> (N, 1568)
        nn.Linear(32 * 7 * 7, 10),  # one score per digit
    )


model = make_model().to(DEVICE)
print(f"{sum(p.numel() for p in model.parameters())} parameters")

# %% train
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
model.train()
for batch, (images, labels) in enumerate(train_loader):  # one pass over the data: one epoch
    images, labels = images.to(DEVICE), labels.to(DEVICE)
    loss = loss_fn(model(images), labels)
    optimizer.zero_grad()  # forget the previous batch's gradients
    loss.backward()  # compute new ones
    optimizer.step()  # nudge every weight against its gradient
    if batch % 300 == 0:
        print(f"batch {batch:3d}: loss {loss.item():.4f}")

# %% evaluate
model.eval()
correct = 0
with torch.no_grad():  # no training here: no gradients needed
    for images, labels in test_loader:
        predictions = model(images.to(DEVICE)).argmax(dim=1)
        correct += (predictions == labels.to(DEVICE)).sum().item()
accuracy = correct / len(test_set)
print(f"test accuracy: {accuracy:.2%}")

# %% save-load
with tempfile.TemporaryDirectory() as folder:  # a real project keeps the file; we tidy up
    path = Path(folder) / "mnist_cnn.pt"
    torch.save(model.state_dict(), path)  # the weights, by layer name
    restored = make_model().to(DEVICE)  # a fresh, untrained model of the same shape
    restored.load_state_dict(torch.load(path, weights_only=True))
    print(f"saved {path.name}: {path.stat().st_size / 1e3:.0f} kB")
restored.eval()

# %% predict
image, label = test_set[0]
with torch.no_grad():
    probabilities = restored(image.unsqueeze(0).to(DEVICE)).softmax(dim=1)  # a batch of one
predicted = probabilities.argmax().item()
print(f"true digit {label}, predicted {predicted} with probability {probabilities.max():.3f}")

# %% check
assert accuracy >= 0.97, accuracy  # one epoch of a small CNN: the MNIST chapter goes past 99 %
loaded = restored.state_dict()
for name, trained in model.state_dict().items():
    assert torch.equal(trained, loaded[name]), name  # loading restores every weight exactly
assert predicted == label
assert torch.isclose(probabilities.sum(), torch.tensor(1.0, device=DEVICE))
