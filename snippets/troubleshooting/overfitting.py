"""Overfitting: a network memorises 500 MNIST images, and what each remedy does on the same
setup (the same images, the same number of steps, the same seed).
Writes troubleshooting_overfitting.png."""

# %% setup
import copy
import os
import sys
from collections import namedtuple
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision import datasets
from torchvision.transforms import v2

DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
STEPS, BATCH, EVAL_EVERY = 300, 50, 20  # 10 steps of 50 images: one epoch of 500 images

# %% load-mnist
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
images = train_set.data.unsqueeze(1).float() / 255  # (60000, 1, 28, 28), values in [0, 1]
targets = train_set.targets
shuffled = torch.randperm(50_000, generator=torch.Generator().manual_seed(0))
small, large = shuffled[:500], shuffled[:2_000]  # (1)!
val_images, val_labels = images[50_000:51_000], targets[50_000:51_000]  # (2)!
print(f"training images: {len(small)} (or {len(large)}), validation images: {len(val_labels)}")


# %% model
def make_model(dropout=0.0):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 256), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(256, 10),
    )  # fmt: skip


Point = namedtuple("Point", "step train_loss train_acc val_loss val_acc")


def evaluate(model, x, y):
    model.eval()  # dropout off: measure the network, not the noise
    with torch.no_grad():
        logits = model(x)
    model.train()
    accuracy = (logits.argmax(dim=1) == y).float().mean().item() * 100
    return nn.functional.cross_entropy(logits, y).item(), accuracy


print(f"parameters: {sum(p.numel() for p in make_model().parameters()):,}")

# %% batches
shift = v2.RandomCrop(28, padding=2)  # (1)!


def batches(count):
    """STEPS batches of BATCH indices into `count` images, reshuffled every epoch."""
    shuffles = torch.Generator().manual_seed(0)  # the same batches in every 500-image run
    epochs = -(-STEPS * BATCH // count)  # rounded up
    order = torch.cat([torch.randperm(count, generator=shuffles) for _ in range(epochs)])
    return order[: STEPS * BATCH].view(STEPS, BATCH)


# %% train
def train(subset, dropout=0.0, weight_decay=0.0, augment=False):
    torch.manual_seed(0)  # the same initial weights in every run
    model = make_model(dropout)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=weight_decay)
    x, y = images[subset], targets[subset]
    history, best = [], None
    for step, batch in enumerate(batches(len(subset)), start=1):
        inputs = torch.stack([shift(image) for image in x[batch]]) if augment else x[batch]
        loss = nn.functional.cross_entropy(model(inputs), y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % EVAL_EVERY == 0:  # (1)!
            on_train = evaluate(model, x[:500], y[:500])  # the 500 images every run has
            point = Point(step, *on_train, *evaluate(model, val_images, val_labels))
            history.append(point)
            if best is None or point.val_loss < best[0].val_loss:
                best = point, copy.deepcopy(model.state_dict())  # (2)!
    return history, best


# %% baseline
baseline, (kept, kept_weights) = train(small)
for point in baseline:
    if point.step % 60 == 0 or point.step == EVAL_EVERY:
        print(
            f"step {point.step:>3}: train loss {point.train_loss:.3f} acc {point.train_acc:5.1f}%"
            f" | val loss {point.val_loss:.3f} acc {point.val_acc:5.1f}%"
        )

# %% check: the network memorises its 500 images while the val loss turns back up
final = baseline[-1]
assert final.train_acc > 99.5 and final.train_loss < 0.01
assert final.train_acc - final.val_acc > 10  # the gap
assert kept.step <= STEPS // 2 and final.val_loss > kept.val_loss + 0.05

# %% early-stopping
PATIENCE = 3  # evaluations without a new lowest val loss before training stops
lowest = baseline[0]
for point in baseline:
    if point.val_loss < lowest.val_loss:
        lowest = point
    elif point.step - lowest.step >= PATIENCE * EVAL_EVERY:
        break
print(f"lowest val loss at step {lowest.step}; with patience {PATIENCE}, stop at step {point.step}")
restored = make_model()
restored.load_state_dict(kept_weights)  # (1)!
val_loss, val_acc = evaluate(restored, val_images, val_labels)
print(f"kept checkpoint: val loss {val_loss:.3f}, val acc {val_acc:.1f}%")

# %% check: the checkpoint is the one with the lowest val loss, and stopping saves steps
assert lowest == kept and point.step <= 2 * STEPS // 3
assert (val_loss, val_acc) == (kept.val_loss, kept.val_acc)

# %% remedies
runs = {
    "baseline": baseline,
    "augmentation": train(small, augment=True)[0],
    "weight decay": train(small, weight_decay=1.0)[0],  # (1)!
    "dropout": train(small, dropout=0.5)[0],
    "4x data": train(large)[0],  # (2)!
}

# %% table
rows = {name: (history[-1], max(p.val_acc for p in history)) for name, history in runs.items()}
rows["early stopping"] = (kept, kept.val_acc)  # (1)!
print(f"{'':<15}{'train acc':>10}{'val acc':>9}{'best val':>10}{'gap':>7}{'val loss':>10}")
for name, (end, best_val) in rows.items():
    gap = end.train_acc - end.val_acc
    print(
        f"{name:<15}{end.train_acc:>9.1f}%{end.val_acc:>8.1f}%{best_val:>9.1f}%"
        f"{gap:>7.1f}{end.val_loss:>10.3f}"
    )

# %% check: what each remedy did here, against the baseline
gap = {name: end.train_acc - end.val_acc for name, (end, _) in rows.items()}
val = {name: end.val_acc for name, (end, _) in rows.items()}
val_loss = {name: end.val_loss for name, (end, _) in rows.items()}
for name in ("augmentation", "4x data"):  # smaller gap and better accuracy
    assert gap[name] < gap["baseline"] - 3 and val[name] > val["baseline"] + 2
for name in ("weight decay", "dropout"):  # accuracy about the same, val loss no longer climbs
    assert rows[name][0].train_acc > 99.5 and gap[name] > gap["baseline"] - 3  # still memorised
    assert abs(val[name] - val["baseline"]) < 2
    assert val_loss[name] < val_loss["baseline"] - 0.03

# %% figure
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
colors = dict(zip(runs, ["C0", "C1", "C2", "C3", "C4"], strict=True))
for name in ("baseline", "augmentation", "4x data"):
    steps = [p.step for p in runs[name]]
    left.plot(steps, [p.train_acc for p in runs[name]], "--", color=colors[name])
    left.plot(steps, [p.val_acc for p in runs[name]], color=colors[name], label=name)
left.plot([], [], "k--", label="train")  # legend entries for the two line styles
left.plot([], [], "k-", label="val")
for name, history in runs.items():
    right.plot(
        [p.step for p in history], [p.val_loss for p in history], color=colors[name], label=name
    )
right.plot(kept.step, kept.val_loss, "ko", label="early stopping")
right.set_ylim(0.3, 0.9)  # the first evaluations, far above, are cut off
left.set_ylabel("accuracy (%)")
right.set_ylabel("val loss")
left.legend(ncols=2, loc="lower right")
right.legend(ncols=2, loc="upper right")
for ax in (left, right):
    ax.set_xlabel("step")
    ax.grid(alpha=0.3)
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(
    FIGURES / "troubleshooting_overfitting.png", dpi=110, bbox_inches="tight", facecolor="white"
)
