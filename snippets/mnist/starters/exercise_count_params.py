"""Exercise: count the parameters of train.py's Net and of the course notes' ConvNet with a
formula, before building them."""

import torch
from torch import nn

torch.manual_seed(0)


def conv_block(in_channels, out_channels):  # as in train.py
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


net = nn.Sequential(
    conv_block(1, 16), conv_block(16, 32), conv_block(32, 64),
    nn.Flatten(), nn.Linear(64 * 3 * 3, 10),
)  # fmt: skip


def conv_block_params(in_channels, out_channels):
    """Trainable numbers in one conv_block: the 3×3 kernels, then BatchNorm's scale and shift."""
    return 3 * 3 * in_channels * out_channels  # TODO: is that all of a conv_block's parameters?


def linear_params(in_features, out_features):
    return in_features * out_features + out_features  # a weight matrix and a bias


formula = (
    conv_block_params(1, 16) + conv_block_params(16, 32) + conv_block_params(32, 64)
    + linear_params(64 * 3 * 3, 10)
)  # fmt: skip
counted = sum(p.numel() for p in net.parameters())
buffers = sum(b.numel() for b in net.buffers())  # BatchNorm's running statistics
print(f"{formula = :,}, {counted = :,}, {buffers = }")
assert conv_block_params(16, 32) == sum(p.numel() for p in conv_block(16, 32).parameters())
assert formula == counted == 29_178
assert buffers == 2 * (16 + 32 + 64) + 3  # running mean and variance, plus a step counter each

# The ConvNet of the course notes: conv 3×3 – ReLU – max-pool twice (1 → 32 → 64 channels, 28 → 14
# → 7 pixels), then three linear layers with Dropout. No BatchNorm, so the convolutions keep their
# biases.
notes_convnet = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Dropout(),
    nn.Linear(1024, 256), nn.ReLU(), nn.Dropout(),
    nn.Linear(256, 10),
)  # fmt: skip


def conv_params(in_channels, out_channels):
    """A 3×3 convolution with a bias: the kernels, then one bias per output channel."""
    return 3 * 3 * in_channels * out_channels  # TODO: and the biases?


notes_formula = (
    conv_params(1, 32) + conv_params(32, 64)
    + linear_params(7 * 7 * 64, 1024) + linear_params(1024, 256) + linear_params(256, 10)
)  # fmt: skip
notes_counted = sum(p.numel() for p in notes_convnet.parameters())
first_linear = linear_params(7 * 7 * 64, 1024)
print(f"notes' ConvNet: {notes_formula = :,}, {notes_counted = :,}")
print(f"notes' ConvNet: {first_linear / notes_formula:.0%} of them in Linear(3136, 1024)")
assert notes_formula == notes_counted == 3_496_074
assert first_linear / notes_formula > 0.9  # one layer holds over 90 % of the parameters
assert notes_formula > 100 * counted  # over a hundred times as many as Net
