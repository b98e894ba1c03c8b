"""The loss becomes NaN: a learning rate that is too high makes it explode within a few dozen
steps. Find the first non-finite step, then measure two fixes on the same run.

Trains a small MLP on 2,000 MNIST images three times and writes nan_lr.png.
"""

# %% load-mnist
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
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
pixels = train_set.data.flatten(1).float().div(255).sub(0.1307).div(0.3081)  # normalised
images, labels = pixels[:2000], train_set.targets[:2000]
val_images, val_labels = pixels[-1000:], train_set.targets[-1000:]  # never trained on


# %% train
def train(lr, max_norm=math.inf, steps=150):
    """SGD with momentum from the same start on the same batches; stops at the first step
    whose loss or gradient is not finite, before that gradient reaches the weights."""
    torch.manual_seed(0)  # every setting starts from the same weights
    model = nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    batches = torch.Generator().manual_seed(0)  # and sees the same batches
    losses, grad_norms = [], []
    for _ in range(steps):
        batch = torch.randperm(len(images), generator=batches)[:100]
        loss = nn.functional.cross_entropy(model(images[batch]), labels[batch])
        optimizer.zero_grad()
        loss.backward()
        grad_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # (1)!
        losses.append(loss.item())
        grad_norms.append(grad_norm.item())
        if not (torch.isfinite(loss) and torch.isfinite(grad_norm)):  # (2)!
            break
        optimizer.step()
    return losses, grad_norms, model


# %% explode
losses, grad_norms, _ = train(lr=0.5)
first_bad = len(losses) - 1  # train() stopped there
for step in range(len(losses)):
    if step % 5 == 0 or step > first_bad - 5:
        print(f"step {step:2d}: loss {losses[step]:9.3g}   gradient norm {grad_norms[step]:9.3g}")
print("first step with a non-finite loss or gradient:", first_bad)
first_big = next(step for step, loss in enumerate(losses) if loss > 10)
print(f"first loss above 10 at step {first_big}, gradient norm there {grad_norms[first_big]:.3g}")

# %% check
assert first_bad < 100
assert not math.isfinite(grad_norms[-1])
assert all(map(math.isfinite, losses[:-1] + grad_norms[:-1]))
assert first_big <= first_bad - 10  # the climb shows long before the first inf or NaN
assert grad_norms[0] < 2 < losses[0] < 2.5  # from an ordinary start: loss near ln 10


# %% fixes
def accuracy(model):
    with torch.no_grad():
        return (model(val_images).argmax(dim=1) == val_labels).float().mean().item() * 100


runs = {"lr=0.5": losses}
for name, lr, max_norm in [("lr=0.05", 0.05, math.inf), ("lr=0.5, clip 1.0", 0.5, 1.0)]:
    runs[name], _, model = train(lr, max_norm)  # (1)!
    tail = sum(runs[name][-20:]) / 20
    print(f"{name}: all {len(runs[name])} steps finite: {all(map(math.isfinite, runs[name]))}")
    print(
        f"  mean loss of the last 20 steps {tail:.3f}, validation accuracy {accuracy(model):.1f}%"
    )

# %% check
for name in ("lr=0.05", "lr=0.5, clip 1.0"):
    assert len(runs[name]) == 150 and all(map(math.isfinite, runs[name]))
low_lr, clipped = (sum(runs[n][-20:]) / 20 for n in ("lr=0.05", "lr=0.5, clip 1.0"))
assert low_lr < 0.1 < clipped < 1.0  # clipping stops the blow-up; a lower rate learns better

# %% figure
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
for ax, top in zip(axes, (1e40, 30), strict=True):
    for (name, run), style in zip(runs.items(), ("-", "-", "--"), strict=True):
        ax.plot(run, style, label=name)
    ax.plot(first_bad, losses[first_bad], "kx", markersize=10, label="stopped: not finite")
    ax.set_yscale("log")
    ax.set_ylim(0.003, top)
    ax.set_xlabel("step")
    ax.grid(alpha=0.3)
axes[0].set_ylabel("loss (log scale)")
axes[1].set_title("zoom: loss < 30", fontsize=10)
axes[0].legend()
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "nan_lr.png", dpi=110, bbox_inches="tight", facecolor="white")
