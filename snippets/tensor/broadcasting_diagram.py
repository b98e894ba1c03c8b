"""Broadcasting drawn from a real sum: a (3, 1) tensor plus a (4,) tensor gives a (3, 4) one."""

# %% broadcast
import torch

a = torch.tensor([[0], [10], [20]])  # shape (3, 1): one value per row
b = torch.tensor([1, 2, 3, 4])  # shape (4,): one value per column
c = a + b
print(f"{a.shape = }, {b.shape = }, {c.shape = }")
print(f"c =\n{c}")
print(f"{a.expand(3, 4).stride() = }, {b.expand(3, 4).stride() = }")  # (1)!

# %% check: c is a and b stretched to (3, 4) and added; only the stride-0 dimensions stretch
assert c.shape == torch.broadcast_shapes(a.shape, b.shape) == (3, 4)
assert torch.equal(c, a.repeat(1, 4) + b.repeat(3, 1))
assert a.expand(3, 4).stride() == (1, 0) and b.expand(3, 4).stride() == (0, 1)

# %% figure-grids
import os
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

plt.rcParams["font.family"] = "monospace"  # every label is code: names, shapes, values
fig, ax = plt.subplots(figsize=(9, 4.6))


def box(x, y, text, fill="white", gid=None, edge="#333333", hatch=None, ls="-", w=1, **style):
    """One cell: a rectangle with its text in the middle (gid names both, for the checks)."""
    ax.add_patch(Rectangle((x, y), w, 1, fc=fill, ec=edge, hatch=hatch, ls=ls, gid=gid))
    ax.text(x + w / 2, y + 0.5, text, ha="center", va="center", fontsize=13, gid=gid, **style)


for name, tensor, left in (("a", a, 0), ("b", b, 5.5), ("a + b", c, 11)):
    big = tensor.expand(c.shape)  # what the addition reads: a view, nothing copied
    for i, j in torch.cartesian_prod(torch.arange(3), torch.arange(4)).tolist():
        # A cell that exists only because its stride is 0 repeats a real one: hatched, grey.
        copy = (i > 0 and big.stride(0) == 0) or (j > 0 and big.stride(1) == 0)
        fill = "white" if copy else "#f5b869" if tensor is c else "#cfe2f3"
        style = {"edge": "#bbbbbb", "hatch": "//", "color": "#555555"} if copy else {}
        box(left + j, i, f"{big[i, j].item()}", fill, f"{name} {i} {j}", **style)
    arrow = f" → {tuple(c.shape)}" if tensor is not c else ""
    ax.text(left + 2, -0.3, f"{name}\n{tuple(tensor.shape)}{arrow}", ha="center", fontsize=12)
ax.text(4.75, 1.5, "+", ha="center", va="center", fontsize=22)
ax.text(10.25, 1.5, "=", ha="center", va="center", fontsize=22)

# %% figure-shapes
# Below the grids, the shapes aligned from the right: a missing dimension is padded with 1
# (dashed), and each size 1 that is stretched shows the size it becomes.
for dim in range(2):
    ax.text(6.1 + 1.8 * dim, 4.45, f"dim={dim - 2}", ha="center", fontsize=11, color="#555555")
for row, (name, tensor) in enumerate((("a", a), ("b", b), ("c", c))):
    y = 4.6 + row * 1.1
    ax.text(5.0, y + 0.5, f"{name}.shape", ha="right", va="center", fontsize=12)
    padded = (1,) * (2 - tensor.dim()) + tuple(tensor.shape)
    for dim, size in enumerate(padded):
        style = {"ls": "--", "color": "#555555"} if dim < 2 - tensor.dim() else {}
        if size != c.shape[dim]:  # a size 1, stretched to the other tensor's size
            style |= {"color": "#D55E00", "fontweight": "bold"}
            size = f"{size}→{c.shape[dim]}"
        box(5.2 + 1.8 * dim, y, f"{size}", gid=f"{name} dim {dim}", w=1.8, **style)
ax.set(xlim=(-0.2, 15.2), ylim=(8, -1.4), aspect="equal")
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "broadcasting_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the picture's values, copies and stretch marks are the real tensors' ones
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
hatched = {p.get_gid() for p in ax.patches if p.get_hatch()}
for name, tensor in (("a", a), ("b", b), ("a + b", c)):
    for i in range(3):
        for j in range(4):
            assert drawn[f"{name} {i} {j}"] == str(tensor.expand(3, 4)[i, j].item())
assert drawn["a + b 1 2"] == "13" == str(a[1, 0].item() + b[2].item())
assert hatched == {f"a {i} {j}" for i in range(3) for j in range(1, 4)} | {
    f"b {i} {j}" for i in range(1, 3) for j in range(4)
}
assert [drawn[f"{n} dim {d}"] for n in "abc" for d in range(2)] == [
    "3",
    "1→4",
    "1→3",
    "4",
    "3",
    "4",
]
