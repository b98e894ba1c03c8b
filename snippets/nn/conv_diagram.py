"""One step of a convolution, drawn from a real F.conv2d: a 3x3 window of the input times the
kernel, added up, is one cell of the output."""

# %% one-window
import torch
import torch.nn.functional as F

torch.manual_seed(0)
image = torch.randint(0, 10, (1, 1, 6, 6)).float()  # (N, C, H, W): small whole numbers
kernel = torch.randint(-1, 2, (1, 1, 3, 3)).float()  # weights -1, 0 or 1
out = F.conv2d(image, kernel)  # (1)!
ROW, COL = 1, 2  # the window whose top-left input cell is at row 1, column 2
window = image[0, 0, ROW : ROW + 3, COL : COL + 3]
print(f"image {tuple(image.shape)} * kernel {tuple(kernel.shape)} -> out {tuple(out.shape)}")
print(f"window = image[0, 0, {ROW}:{ROW + 3}, {COL}:{COL + 3}] =\n{window}")
print(f"kernel[0, 0] =\n{kernel[0, 0]}")
print(f"(window * kernel[0, 0]).sum() = {(window * kernel[0, 0]).sum()}")  # (2)!
print(f"out[0, 0, {ROW}, {COL}] = {out[0, 0, ROW, COL]}")

# %% check: the output cell is the multiply-add of its window, and so is every other cell
assert out.shape == (1, 1, 4, 4)
assert image.min() >= 0 and image.max() <= 9 and set(kernel.unique().tolist()) == {-1, 0, 1}
assert out[0, 0, ROW, COL] == (window * kernel[0, 0]).sum()
windows = image[0, 0].unfold(0, 3, 1).unfold(1, 3, 1)  # (4, 4, 3, 3): every window
assert torch.equal(out[0, 0], (windows * kernel[0, 0]).sum(dim=(-2, -1)))

# %% figure-grids
import os
from pathlib import Path

import matplotlib.pyplot as plt

plt.rcParams["font.family"] = "monospace"  # every label is code: names, shapes, values
fig, ax = plt.subplots(figsize=(9, 5.6))
RED = "#D55E00"


def grid(values, left, top, fill, name):
    """A table of values, one square each (gid names each text, for the checks)."""
    for (i, j), value in zip(torch.cartesian_prod(*map(torch.arange, values.shape)).tolist(),
                             values.flatten().tolist(), strict=True):  # fmt: skip
        ax.add_patch(plt.Rectangle((left + j, top + i), 1, 1, fc=fill, ec="#333333"))
        ax.text(left + j + 0.5, top + i + 0.5, f"{value:g}", ha="center", va="center",
                fontsize=13, gid=f"{name} {i} {j}")  # fmt: skip
    ax.text(left, top - 0.25, f"{name}[0, 0]", fontsize=12)


grid(image[0, 0], 0, 0, "#cfe2f3", "image")
grid(kernel[0, 0], 7.5, 1.5, "#ececec", "kernel")
grid(out[0, 0], 12, 1, "#f5b869", "out")
ax.text(6.75, 3, "∗", ha="center", va="center", fontsize=22)
ax.text(11.25, 3, "=", ha="center", va="center", fontsize=22)

# %% figure-window
# The window and the output cell it makes, outlined in red; in each window cell, small, the
# kernel weight it is multiplied by.
ax.add_patch(plt.Rectangle((COL, ROW), 3, 3, fill=False, ec=RED, lw=3.5, gid="window"))
ax.add_patch(plt.Rectangle((12 + COL, 1 + ROW), 1, 1, fill=False, ec=RED, lw=3.5, gid="cell"))
for i, j in torch.cartesian_prod(torch.arange(3), torch.arange(3)).tolist():
    ax.text(COL + j + 0.97, ROW + i + 0.97, f"×{kernel[0, 0, i, j]:g}", ha="right",
            va="bottom", fontsize=10, color=RED, gid=f"weight {i} {j}")  # fmt: skip
bend = {"arrowstyle": "->", "color": RED, "lw": 2, "connectionstyle": "arc3,rad=-0.25"}
ax.annotate("", (12 + COL + 0.5, 1 + ROW), (COL + 1.5, ROW), arrowprops=bend)
pairs = zip(window.flatten().tolist(), kernel.flatten().tolist(), strict=True)
terms = [f"{v:g}×{k:g}" if k >= 0 else f"{v:g}×({k:g})" for v, k in pairs]
rows = [" + ".join(terms[3 * r : 3 * r + 3]) for r in range(3)]
total = f"= {(window * kernel[0, 0]).sum():g} = out[0, 0, {ROW}, {COL}]"
ax.text(7.5, 5.6, "  " + "\n+ ".join(rows) + "\n" + total, fontsize=12, va="top", gid="sum")
ax.set(xlim=(-0.2, 16.2), ylim=(8.5, -1.7), aspect="equal")
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "conv_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the drawn numbers are the real input, kernel and F.conv2d output
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
outlined = {p.get_gid(): (p.get_xy(), p.get_width()) for p in ax.patches if p.get_gid()}
# The red window covers input rows ROW.., columns COL..; the red cell is output (ROW, COL).
assert outlined == {"window": ((COL, ROW), 3), "cell": ((12 + COL, 1 + ROW), 1)}
for name, values in (("image", image[0, 0]), ("kernel", kernel[0, 0]), ("out", out[0, 0])):
    for (i, j), value in zip(torch.cartesian_prod(*map(torch.arange, values.shape)).tolist(),
                             values.flatten().tolist(), strict=True):  # fmt: skip
        assert drawn[f"{name} {i} {j}"] == f"{value:g}"
products = [s.strip("()").replace("×(", "×").split("×") for s in drawn["sum"].split() if "×" in s]
assert [float(v) for v, _ in products] == window.flatten().tolist()
assert [float(k) for _, k in products] == kernel.flatten().tolist()
assert sum(float(v) * float(k) for v, k in products) == out[0, 0, ROW, COL].item()
assert drawn["sum"].splitlines()[-1].split()[1] == drawn[f"out {ROW} {COL}"]
assert [drawn[f"weight {i} {j}"] for i in range(3) for j in range(3)] == [
    f"×{k:g}" for k in kernel.flatten().tolist()
]
