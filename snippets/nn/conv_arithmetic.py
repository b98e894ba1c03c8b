"""Convolution arithmetic: the output size of a convolution or pooling layer, checked against
nn.Conv2d and nn.MaxPool2d for hundreds of settings, and drawn for one of them."""

# %% formula
import itertools
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle
from torch import nn

torch.manual_seed(0)


def conv_output_size(n, k, p=0, s=1, d=1):
    """Side length after a k x k window with padding p, stride s and dilation d."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1  # (1)!


# %% examples
examples = {  # name: (n, k, p, s, d)
    "LeNet conv1": (32, 5, 0, 1, 1),
    "3x3 conv, padding 1": (28, 3, 1, 1, 1),
    "3x3 conv, padding 1, stride 2": (28, 3, 1, 2, 1),
    "2x2 max pool": (28, 2, 0, 2, 1),
    "stride 2 leaves a column out": (6, 3, 0, 2, 1),
    "3x3 conv, dilation 2": (7, 3, 0, 1, 2),
    "the figure below": (5, 3, 1, 2, 1),
}
for name, (n, k, p, s, d) in examples.items():
    print(f"{name:<30} n={n:<2} k={k} p={p} s={s} d={d} -> {conv_output_size(n, k, p, s, d)}")

# %% check
assert [conv_output_size(*setting) for setting in examples.values()] == [28, 28, 14, 14, 2, 3, 3]
# With dilation 1 the formula is the familiar floor((n + 2p - k) / s) + 1.
for n, k, p, s in itertools.product(range(1, 12), range(1, 6), range(3), range(1, 4)):
    if n + 2 * p >= k:
        assert conv_output_size(n, k, p, s) == (n + 2 * p - k) // s + 1

# %% against-layers
agree = total = refused = 0
for n, k, p, s, d in itertools.product(
    (5, 6, 7, 8, 13, 28, 32), (1, 2, 3, 5), (0, 1, 2), (1, 2, 3), (1, 2)
):
    image = torch.zeros(1, 1, n, n)
    conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    if n + 2 * p < d * (k - 1) + 1:  # the window does not fit in the padded input
        try:
            conv(image)
        except RuntimeError:
            refused += 1
        continue
    layers = [conv]
    if 2 * p <= k:  # pooling allows padding of at most half the window
        layers.append(nn.MaxPool2d(k, stride=s, padding=p, dilation=d))
    for layer in layers:
        agree += layer(image).shape[-2:] == (conv_output_size(n, k, p, s, d),) * 2
        total += 1
print(f"layer settings checked: {total}, the formula agrees on {agree}")
print("windows larger than the padded input, refused:", refused)

# %% check
assert (agree, total, refused) == (804, 804, 18)

# %% height-and-width
conv = nn.Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 1), padding=(1, 0))
out = conv(torch.zeros(1, 3, 28, 20))
print("28x20 input, kernel (3, 5), stride (2, 1), padding (1, 0):", tuple(out.shape))

# %% check
assert (
    out.shape
    == (1, 8, conv_output_size(28, 3, 1, 2), conv_output_size(20, 5, 0, 1))
    == (1, 8, 14, 16)
)

# %% defaults
print("MaxPool2d(2).stride:", nn.MaxPool2d(2).stride)  # (1)!
print("Conv2d(1, 1, 2).stride:", nn.Conv2d(1, 1, 2).stride)
odd = torch.zeros(1, 1, 7, 7)
floor_side = nn.MaxPool2d(2)(odd).shape[-1]
ceil_side = nn.MaxPool2d(2, ceil_mode=True)(odd).shape[-1]  # (2)!
print(
    f"2x2 max pool of 7x7: {floor_side}x{floor_side}, with ceil_mode=True {ceil_side}x{ceil_side}"
)

# %% check
assert nn.MaxPool2d(2).stride == 2 and nn.Conv2d(1, 1, 2).stride == (1, 1)
assert (floor_side, ceil_side) == (3, 4)

# %% same-padding
sizes = set()
for k, d in itertools.product((1, 3, 5), (1, 2, 3)):
    same = nn.Conv2d(1, 1, k, padding="same", dilation=d)  # stride 1 only
    sizes.add(tuple(same(torch.zeros(1, 1, 9, 9)).shape[-2:]))
print('padding="same", 9x9 input, every k and d ->', sizes)

# %% check: for odd k, "same" is p = d * (k - 1) / 2 on each side
for k, d in itertools.product((1, 3, 5), (1, 2, 3)):
    assert conv_output_size(9, k, d * (k - 1) // 2, 1, d) == 9

# %% covered
N, K, P, S = 5, 3, 1, 2  # a 5x5 input padded by 1, a 3x3 kernel at stride 2
OUT = conv_output_size(N, K, P, S)
ones_image, ones_kernel = torch.ones(1, 1, N, N), torch.ones(1, 1, K, K)
covered = F.conv2d(ones_image, ones_kernel, stride=S, padding=P)[0, 0]  # (1)!
print("output size:", OUT)
print("real input cells under each window:", covered.int().tolist())

# %% check
assert covered.tolist() == [[4, 6, 4], [6, 9, 6], [4, 6, 4]]

# %% figure-windows
side = N + 2 * P
fig = plt.figure(figsize=(9, 5.6))
grid = fig.add_gridspec(OUT, OUT + 2, width_ratios=[1] * OUT + [0.15, 1.2])
for i, j in itertools.product(range(OUT), range(OUT)):
    ax = fig.add_subplot(grid[i, j])
    for row, col in itertools.product(range(side), range(side)):
        padding = row in (0, side - 1) or col in (0, side - 1)
        ax.add_patch(
            Rectangle(
                (col, row), 1, 1, facecolor="#dddddd" if padding else "#cfe3f7", edgecolor="white"
            )
        )
    # Output cell (i, j) sees the window at row S * i, column S * j of the padded input.
    ax.add_patch(Rectangle((S * j, S * i), K, K, fill=False, edgecolor="#d62728", linewidth=2.5))
    ax.set(xlim=(0, side), ylim=(side, 0), aspect="equal", xticks=[], yticks=[])
    ax.set_title(f"output ({i}, {j})", fontsize=9)

# %% figure-output
out_ax = fig.add_subplot(grid[:, OUT + 1])
for i, j in itertools.product(range(OUT), range(OUT)):
    out_ax.add_patch(Rectangle((j, i), 1, 1, facecolor="#f4c7c3", edgecolor="white", linewidth=2))
    out_ax.text(j + 0.5, i + 0.5, f"{int(covered[i, j])}", ha="center", va="center", fontsize=14)
out_ax.set(xlim=(0, OUT), ylim=(OUT, 0), aspect="equal", xticks=[], yticks=[])
out_ax.set_title(f"{OUT}x{OUT} output\n(real input cells per window)", fontsize=10)
fig.suptitle(f"{N}x{N} input (blue), padding {P} (grey), {K}x{K} kernel, stride {S}")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "conv_arithmetic.png", dpi=110, bbox_inches="tight", facecolor="white")
