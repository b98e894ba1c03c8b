"""Exercise: predict every feature-map size of a small stack (ResNet's stem, then a dilated and
a strided convolution) on a non-square image, from the output-size formula alone."""

import torch
from torch import nn

torch.manual_seed(0)


def conv_output_size(n, k, p=0, s=1, d=1):
    """Side length after a window of size k with padding p, stride s and dilation d."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


layers = [
    nn.Conv2d(3, 16, kernel_size=7, stride=2, padding=3),  # ResNet's first layer
    nn.MaxPool2d(kernel_size=3, stride=2, padding=1),  # ... and its pooling
    nn.Conv2d(16, 32, kernel_size=3, padding=2, dilation=2),
    nn.Conv2d(32, 64, kernel_size=3, stride=2),
]
x = torch.randn(1, 3, 96, 128)
height, width = 96, 128
for layer in layers:
    # Conv2d stores (height, width) pairs, MaxPool2d single numbers: make them all pairs.
    k, s, p, d = (
        v if isinstance(v, tuple) else (v, v)
        for v in (layer.kernel_size, layer.stride, layer.padding, layer.dilation)
    )
    height = conv_output_size(height, k[0], p[0], s[0], d[0])
    width = conv_output_size(width, k[1], p[1], s[1], d[1])
    x = layer(x)
    print(f"{type(layer).__name__:<9} predicted {height}x{width}, actual {tuple(x.shape[-2:])}")
    assert (height, width) == tuple(x.shape[-2:])
assert (height, width) == (11, 15)

# The stem divides the side by 4: a 224x224 image gives ResNet's 56x56 feature maps.
side = conv_output_size(224, 7, 3, 2)
side = conv_output_size(side, 3, 1, 2)
print("224 after the stem:", side)
assert side == 56
