"""Exercise: compute the in_features of the Linear after two conv + pool stages from the
output-size formula, instead of guessing it."""

import torch
from torch import nn

torch.manual_seed(0)


def conv_output_size(n, kernel, padding=0, stride=1):
    """Side length after a convolution or pooling layer with a square kernel."""
    return n  # TODO: the formula from the chapter


# 28 -> conv 3x3 -> pool 2x2 -> conv 3x3 -> pool 2x2
side = conv_output_size(28, kernel=3)
side = conv_output_size(side, kernel=2, stride=2)
side = conv_output_size(side, kernel=3)
side = conv_output_size(side, kernel=2, stride=2)
in_features = 16 * side * side
print(f"side after the convolutions: {side}, in_features = {in_features}")

features = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
)
batch = torch.randn(4, 1, 28, 28)
measured = features(batch).shape[1]  # what printing the shape once would tell you
print("measured flattened features:", measured)
assert conv_output_size(28, kernel=3, padding=1) == 28  # "same" padding keeps the size
assert conv_output_size(28, kernel=2, stride=2) == 14  # pooling halves it
assert in_features == measured, f"in_features is {in_features}, the features have {measured}"
model = nn.Sequential(features, nn.Linear(in_features, 10))
assert model(batch).shape == (4, 10)
