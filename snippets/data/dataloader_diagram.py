"""Where a batch comes from, drawn from a real DataLoader: the sampler's indices, grouped by
the batch sampler, and the samples at those indices collated into tensors."""

# %% indices-to-batches
import torch
from torch.utils.data import DataLoader, TensorDataset

# Ten samples with three features each; sample i is [i, i, i] so we can see which one we got.
features = torch.arange(10.0).repeat_interleave(3).reshape(10, 3)
labels = torch.arange(10) % 2
dataset = TensorDataset(features, labels)
loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(1))
print(f"{type(loader.sampler).__name__ = }")
print(f"{type(loader.batch_sampler).__name__ = }")
index_batches = list(loader.batch_sampler)  # (1)!
print(f"{index_batches = }")
batches = [loader.collate_fn([dataset[i] for i in indices]) for indices in index_batches]  # (2)!
for indices, (x, y) in zip(index_batches, batches, strict=True):
    print(f"{indices} -> x {tuple(x.shape)}, y {tuple(y.shape)}, x[:, 0] = {x[:, 0].tolist()}")

# %% check: these are the batches a DataLoader delivers for those indices, every sample once
replay = DataLoader(dataset, batch_sampler=index_batches)  # a loader that reads these indices
for (x, y), (x_loader, y_loader) in zip(batches, replay, strict=True):
    assert torch.equal(x, x_loader) and torch.equal(y, y_loader)
assert sorted(i for indices in index_batches for i in indices) == list(range(10))
assert [len(indices) for indices in index_batches] == [4, 4, 2]
from torch.utils.data import default_collate

assert loader.collate_fn is default_collate  # what collates when no collate_fn is given

# %% figure-columns
import os
from pathlib import Path

import matplotlib.pyplot as plt

plt.rcParams["font.family"] = "monospace"  # every label is code: names, shapes, values
fig, ax = plt.subplots(figsize=(9, 6.4))
BLUE, GREY, RED = "#cfe2f3", "#ececec", "#D55E00"


def cell(x0, y0, text, fill, gid, width=1.0, edge="#333333", lw=1.0):
    """One cell with its text in the middle (gid names the text, for the checks)."""
    ax.add_patch(plt.Rectangle((x0, y0), width, 0.9, fc=fill, ec=edge, lw=lw))
    ax.text(x0 + width / 2, y0 + 0.45, text, ha="center", va="center", fontsize=13, gid=gid)


def row_of(b, r):
    """The height of row r of batch b: the batches are stacked with a gap between them."""
    return 0.6 + b * 4.6 + r


for i, (x, y) in enumerate(dataset):  # the dataset: index, the three features, the label
    ax.text(-0.2, i * 1.2 + 0.45, f"{i}", ha="right", va="center", fontsize=10, color="#555555")
    for j, value in enumerate(x.tolist()):
        cell(j, i * 1.2, f"{value:g}", BLUE, f"dataset {i} {j}")
    cell(3.2, i * 1.2, f"{y.item()}", GREY, f"dataset {i} label")
ax.text(0, -0.5, f"dataset\nlen(dataset) = {len(dataset)}", fontsize=12)

# %% figure-batches
for b, (indices, (x, y)) in enumerate(zip(index_batches, batches, strict=True)):
    for r, i in enumerate(indices):
        first = b == r == 0  # one sample followed all the way, in red
        style = {"edge": RED, "lw": 3} if first else {}
        cell(7.5, row_of(b, r), f"{i}", "white", f"index {b} {r}", **style)
        if first:  # its row in the dataset too
            ax.add_patch(plt.Rectangle((0, i * 1.2), 4.2, 0.9, fill=False, ec=RED, lw=3))
        ends = ([4.4, 7.4], [i * 1.2 + 0.45, row_of(b, r) + 0.45])  # dataset[i] -> its place
        ax.plot(
            *ends, color=RED if first else "#999999", lw=2 if first else 1, gid=f"line {i} {b} {r}"
        )
        for j, value in enumerate(x[r].tolist()):
            cell(12.2 + j, row_of(b, r), f"{value:g}", BLUE, f"x {b} {r} {j}", **style)
        cell(15.7, row_of(b, r), f"{y[r].item()}", GREY, f"y {b} {r}", **style)
    ax.annotate("", (12, row_of(b, 0) + 0.45), (8.7, row_of(b, 0) + 0.45),
                arrowprops={"arrowstyle": "->", "lw": 1.5})  # fmt: skip
    shapes = f"x {tuple(x.shape)}\ny {tuple(y.shape)}"
    ax.text(17, row_of(b, 0), shapes, fontsize=12, va="top", gid=f"shapes {b}")
ax.text(7.5, -0.5, "loader.batch_sampler\nRandomSampler", fontsize=12)
ax.text(12.2, -0.5, "for x, y in loader", fontsize=12)
ax.set(xlim=(-0.8, 19.8), ylim=(12, -1.3), aspect="equal")
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "dataloader_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the picture's indices, lines, batches and shapes are the real loader's
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
lines = sorted(line.get_gid() for line in ax.lines)
assert lines == sorted(
    f"line {i} {b} {r}" for b, ix in enumerate(index_batches) for r, i in enumerate(ix)
)
for b, (indices, (x, y)) in enumerate(zip(index_batches, batches, strict=True)):
    assert [int(drawn[f"index {b} {r}"]) for r in range(len(indices))] == indices
    for r, i in enumerate(indices):  # row r of batch b is sample i of the dataset
        assert [drawn[f"x {b} {r} {j}"] for j in range(3)] == [
            drawn[f"dataset {i} {j}"] for j in range(3)
        ]
        assert drawn[f"y {b} {r}"] == drawn[f"dataset {i} label"] == str(y[r].item())
    assert drawn[f"shapes {b}"] == f"x {tuple(x.shape)}\ny {tuple(y.shape)}"
assert drawn["shapes 0"] == "x (4, 3)\ny (4,)" and drawn["shapes 2"] == "x (2, 3)\ny (2,)"
