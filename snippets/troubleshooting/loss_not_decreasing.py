"""The loss does not go down: overfit one batch first, then read each bug off its curve.

Trains a small MLP on 2,000 MNIST images, healthy and with one bug at a time, and writes
loss_lr_sweep.png and loss_bugs.png.
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
from torch.utils.data import DataLoader, TensorDataset
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
raw_pixels = train_set.data.flatten(1).float()  # 0 to 255
pixels = raw_pixels.div(255).sub(0.1307).div(0.3081)  # normalised: mean 0, std 1
images, labels = pixels[:2000], train_set.targets[:2000]
val_images, val_labels = pixels[-1000:], train_set.targets[-1000:]  # never trained on


# %% loaders
def paired(images, labels):
    """The usual loader: each image stays with its own label."""
    return DataLoader(TensorDataset(images, labels), batch_size=100, shuffle=True)


def shuffled_apart(images, labels):
    """The bug: two loaders, each shuffling on its own, so labels part from their images."""
    images_loader = DataLoader(images, batch_size=100, shuffle=True)
    labels_loader = DataLoader(labels, batch_size=100, shuffle=True)
    return zip(images_loader, labels_loader, strict=True)


# %% train
def train(loader=paired, images=images, lr=0.05, zero_grad=True, softmax=False, one_batch=False):
    """A fresh MLP trained with SGD for 10 epochs of 20 steps, or 100 steps on one batch."""
    torch.manual_seed(0)  # the same start and the same shuffling for every run
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    if one_batch:
        batches = [next(iter(loader(images, labels)))] * 100  # (1)!
    else:
        batches = itertools.chain.from_iterable(loader(images, labels) for _ in range(10))
    losses = []
    for x, y in batches:
        scores = model(x)
        if softmax:  # (2)!
            scores = torch.softmax(scores, dim=1)
        loss = nn.functional.cross_entropy(scores, y)
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model


# %% bugs
BUGS = {
    "no zero_grad": {"zero_grad": False},
    "labels shuffled apart": {"loader": shuffled_apart},
    "softmax first": {"softmax": True},
    "raw pixels": {"images": raw_pixels[:2000]},
}

# %% one-batch
healthy_one_batch = train(one_batch=True)[0][-1]
print(f"healthy: one batch's loss after 100 steps {healthy_one_batch:.4f}")
one_batch = {name: train(one_batch=True, **bug)[0][-1] for name, bug in BUGS.items()}
for name, loss in one_batch.items():
    print(f"{name}: {loss:.4g}")

# %% check
assert healthy_one_batch < 0.01  # a working pipeline memorises 64 images
assert one_batch["no zero_grad"] > 1000 and one_batch["softmax first"] > 1.4
assert one_batch["raw pixels"] > 2  # the three model-side bugs cannot
assert one_batch["labels shuffled apart"] < 0.01  # any 64 labels can be memorised


# %% accuracy
def accuracy(model, images=val_images):
    with torch.no_grad():
        return (model(images).argmax(dim=1) == val_labels).float().mean().item() * 100


def report(name, losses, model, images=val_images):
    tail = sum(losses[-20:]) / 20  # single steps are noisy: the mean of the last 20
    score = accuracy(model, images)
    print(f"{name}: loss {losses[0]:.2f} -> {tail:.3f}, validation accuracy {score:.1f}%")


# %% lr-sweep
sweep = {}
for lr in (0.0005, 0.005, 0.05, 0.5, 2.0):
    losses, model = train(lr=lr)
    report(f"lr={lr}", losses, model)
    sweep[f"lr={lr}"] = losses

# %% check
tails = {name: sum(losses[-20:]) / 20 for name, losses in sweep.items()}
assert min(tails, key=tails.get) == "lr=0.05" and tails["lr=0.05"] < 0.05
assert tails["lr=0.0005"] > 0.8  # too small: still going down, slowly
assert tails["lr=2.0"] > 2.0 and max(sweep["lr=2.0"]) > 5  # too large: a jump, then stuck


# %% lr-figure
def smooth(losses):
    """Mean over 10 steps, so the curves can be told apart."""
    return torch.tensor(losses).unfold(0, 10, 1).mean(dim=1)


fig, ax = plt.subplots(figsize=(6.4, 3.6))
for name, losses in sweep.items():
    ax.plot(smooth(losses), label=name, linewidth=2.5 if name == "lr=0.05" else 1.5)
ax.axhline(math.log(10), color="black", linestyle="--", linewidth=1, label="ln 10")
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("loss, mean of 10 steps (log scale)")
ax.grid(alpha=0.3)
ax.legend(fontsize=8)
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "loss_lr_sweep.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% full-runs
runs = {"healthy": sweep["lr=0.05"]}
for name, bug in BUGS.items():
    losses, model = train(**bug)
    runs[name] = losses
    report(name, losses, model, raw_pixels[-1000:] if name == "raw pixels" else val_images)

# %% check
tails = {name: sum(losses[-20:]) / 20 for name, losses in runs.items()}
assert max(runs["no zero_grad"][-20:]) > 20 * min(runs["no zero_grad"])  # down, then up and up
assert abs(tails["labels shuffled apart"] - math.log(10)) < 0.1  # stuck at guessing: ln 10
assert 1.4612 < tails["softmax first"] < 1.7  # above the floor printed below
assert runs["raw pixels"][0] > 5 * runs["healthy"][0] and max(runs["raw pixels"]) > 1000
assert abs(tails["raw pixels"] - math.log(10)) < 0.1

# %% softmax-first
floor = math.log(1 + 9 / math.e)  # (1)!
print(f"lowest loss with softmax first: {floor:.4f}")
torch.manual_seed(0)
scores = nn.Linear(784, 10)(images[:100]).detach().requires_grad_()
plain = torch.autograd.grad(nn.functional.cross_entropy(scores, labels[:100]), scores)[0]
squashed = torch.autograd.grad(
    nn.functional.cross_entropy(torch.softmax(scores, dim=1), labels[:100]), scores
)[0]
print(
    f"gradient norm of the scores: {plain.norm():.4f} healthy, {squashed.norm():.4f} softmax first"
)

# %% check
best = nn.functional.cross_entropy(torch.tensor([[1.0] + [0.0] * 9]), torch.tensor([0]))
torch.testing.assert_close(best.item(), floor)  # a perfect one-hot "probability" still costs this
assert squashed.norm() < plain.norm() / 5


# %% bugs-figure
fig, axes = plt.subplots(2, 2, figsize=(8, 5.4), sharex=True, sharey=True)
for ax, name in zip(axes.flat, BUGS, strict=True):
    ax.plot(smooth(runs["healthy"]), color="gray", label="healthy")
    ax.plot(smooth(runs[name]), color="C3", linewidth=2, label="bug (panel title)")
    ax.axhline(math.log(10), color="black", linestyle="--", linewidth=1, label="ln 10")
    ax.set_title(name, fontsize=10)
    ax.set_yscale("log")
axes[1, 0].axhline(floor, color="C0", linestyle=":", linewidth=2, label=f"floor {floor:.2f}")
fig.legend(*axes[1, 0].get_legend_handles_labels(), loc="upper center", ncol=4)
for ax in axes[1]:
    ax.set_xlabel("step")
for ax in axes[:, 0]:
    ax.set_ylabel("loss (log scale)")
fig.tight_layout(rect=(0, 0, 1, 0.93))
fig.savefig(FIGURES / "loss_bugs.png", dpi=110, bbox_inches="tight", facecolor="white")
