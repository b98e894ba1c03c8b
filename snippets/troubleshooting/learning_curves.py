"""Five classic learning-curve shapes, each from a real short run on MNIST: a good fit,
underfitting, overfitting, a learning rate that is too high, and a plateau.

Records the loss on the training images and on a validation set every 10 steps and writes
learning_curves.png.
"""

# %% setup
import itertools
import math
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision import datasets

DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))

# %% load-mnist
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
pixels = train_set.data.flatten(1).float().div(255).sub(0.1307).div(0.3081)
images, labels = pixels[:3000], train_set.targets[:3000]
val_images, val_labels = pixels[-1000:], train_set.targets[-1000:]  # never trained on


# %% helpers
def mlp(*sizes):
    """An MLP with these layer sizes and a ReLU after every layer but the last."""
    layers = []
    for n_in, n_out in itertools.pairwise(sizes):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


def describe(name, curves):
    train, val = curves["train"], curves["val"]
    best = min(range(len(val)), key=val.__getitem__)
    print(f"{name}: train {train[0]:.2f} -> {train[-1]:.3f}, val {val[0]:.2f} -> {val[-1]:.3f}"
          f" (lowest {val[best]:.3f} at step {10 * (best + 1)})")  # fmt: skip


# %% record
def record(model, optimizer, n_images=3000, batch=100, steps=300):
    """Train on the first n_images; every 10 steps, the loss on all of them and on the
    validation set."""
    batches = torch.Generator().manual_seed(0)
    curves = {"train": [], "val": []}
    for step in range(1, steps + 1):
        pick = torch.randperm(n_images, generator=batches)[:batch]
        loss = nn.functional.cross_entropy(model(images[pick]), labels[pick])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:  # (1)!
            with torch.no_grad():
                for name, x, y in (("train", images[:n_images], labels[:n_images]),
                                   ("val", val_images, val_labels)):  # fmt: skip
                    curves[name].append(nn.functional.cross_entropy(model(x), y).item())
    return curves


shapes = {}

# %% good-fit
torch.manual_seed(0)
model = mlp(784, 128, 10)
shapes["good fit"] = record(model, torch.optim.Adam(model.parameters(), lr=1e-3))
describe("good fit", shapes["good fit"])

# %% check
train, val = shapes["good fit"].values()
assert val[-1] < 0.3 and val[-1] <= min(val) + 0.02  # low, and still at its lowest
assert 0 < val[-1] - train[-1] < 0.25  # a small gap: train a little lower than val

# %% underfit
torch.manual_seed(0)
model = mlp(784, 2, 10)  # (1)!
shapes["underfit"] = record(model, torch.optim.Adam(model.parameters(), lr=1e-3))
describe("underfit", shapes["underfit"])

# %% check
train, val = shapes["underfit"].values()
assert train[-1] > 1.0 > 10 * shapes["good fit"]["train"][-1]  # high even on its own data
assert abs(val[-1] - train[-1]) < 0.1  # and val right beside it

# %% overfit
torch.manual_seed(0)
model = mlp(784, 128, 10)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
shapes["overfit"] = record(model, optimizer, n_images=200, batch=200)  # (1)!
describe("overfit", shapes["overfit"])

# %% check
train, val = shapes["overfit"].values()
best = val.index(min(val))
assert best < len(val) // 2 and val[-1] > val[best] + 0.05  # val turned and rose
assert train[-1] < 0.02 and train[-1] < train[best] / 5  # while train kept falling

# %% lr-too-high
torch.manual_seed(0)
model = mlp(784, 128, 10)
shapes["lr too high"] = record(model, torch.optim.Adam(model.parameters(), lr=0.1))  # (1)!
describe("lr too high", shapes["lr too high"])

# %% check
train, val = shapes["lr too high"].values()
assert train[-1] > 1.0 and train[-1] > min(train) + 0.05  # high, and not settling
assert max(b - a for a, b in itertools.pairwise(val)) > 0.15  # jumps back up, again and again

# %% plateau
torch.manual_seed(0)
model = mlp(784, 64, 64, 64, 64, 10)
with torch.no_grad():
    for parameter in model.parameters():
        parameter.mul_(0.5)  # (1)!
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
shapes["plateau"] = record(model, optimizer)
describe("plateau", shapes["plateau"])

# %% check
train, val = shapes["plateau"].values()
assert all(abs(loss - math.log(10)) < 0.05 for loss in train[:8])  # flat at ln 10 for 80 steps
assert train[-1] < 0.5 and val[-1] < 0.5  # then it found its way down

# %% figure
fig, axes = plt.subplots(2, 3, figsize=(10, 5.8), sharey=True)
for ax, (name, curves) in zip(axes.flat, shapes.items(), strict=False):
    steps = range(10, 10 * len(curves["train"]) + 1, 10)
    ax.plot(steps, curves["train"], color="C0", label="train")
    ax.plot(steps, curves["val"], color="C1", linestyle="--", label="val")
    ax.axhline(math.log(10), color="gray", linestyle=":", label="ln 10: guessing")
    ax.set_title(name, fontsize=11)
    ax.set_xlabel("step")
    ax.set_ylim(0, 2.6)
    ax.grid(alpha=0.3)
for ax in axes[:, 0]:
    ax.set_ylabel("loss")
axes[1, 2].axis("off")
axes[1, 2].legend(*axes[0, 0].get_legend_handles_labels(), loc="center", fontsize=12)
fig.tight_layout()
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "learning_curves.png", dpi=110, bbox_inches="tight", facecolor="white")
