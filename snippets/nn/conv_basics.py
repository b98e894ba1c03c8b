"""What a convolution does: one small filter slides over the image, so each output sees only a
small neighbourhood, and the same few weights find the same pattern anywhere."""

# %% image
import torch
from torch import nn

image = torch.zeros(1, 1, 6, 6)  # (N, C, H, W): one grey 6x6 image
# `...` stands for all the leading dimensions: image[..., 3:] is image[:, :, :, 3:]
image[..., 3:] = 1.0  # dark left half, bright right half: a vertical edge
print(image[0, 0])

# %% filter
conv = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, bias=False)
with torch.no_grad():
    conv.weight[:] = torch.tensor([[-1.0, 0.0, 1.0]] * 3)  # right column minus left column
print("filter:", conv.weight[0, 0].detach(), sep="\n")
print("output:", conv(image)[0, 0].detach(), sep="\n")

# %% check: output (i, j) is the filter times the 3x3 window at row i, column j
windows = image[0, 0].unfold(0, 3, 1).unfold(1, 3, 1)  # (4, 4, 3, 3)
assert torch.equal(conv(image)[0, 0], (windows * conv.weight[0, 0]).sum(dim=(-2, -1)))

# %% anywhere
moved = torch.zeros(1, 1, 6, 6)
moved[..., 1:] = 1.0  # the same edge, two columns further left
print("output:", conv(moved)[0, 0].detach(), sep="\n")

# %% weight-count
side = 28  # an MNIST digit
dense = nn.Linear(side * side, (side - 2) ** 2, bias=False)  # the same 784 inputs, 676 outputs
print("3x3 convolution:      ", conv.weight.numel(), "weights")
print("fully connected layer:", dense.weight.numel(), "weights")

# %% check
assert nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, side, side)).shape[-1] == side - 2
assert dense.weight.numel() == 784 * 676
