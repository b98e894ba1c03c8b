"""The first nn.Linear after the convolutions must take exactly as many features as they produce."""

# %% guessed
import torch
from torch import nn

torch.manual_seed(0)
images = torch.randn(4, 1, 28, 28)  # a batch of four MNIST-sized images


def conv_features():
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3),  # no padding: 28 -> 26
        nn.ReLU(),
        nn.MaxPool2d(2),  # 26 -> 13
        nn.Flatten(),  # (N, 8, 13, 13) -> (N, 8 * 13 * 13)
    )


model = nn.Sequential(conv_features(), nn.Linear(8 * 28 * 28, 10))  # (1)!
try:
    model(images)
except RuntimeError as err:
    print("RuntimeError:", err)

# %% measured
features = conv_features()
flat = features(images)
print("features:", tuple(flat.shape))  # (1)!
model = nn.Sequential(features, nn.Linear(flat.shape[1], 10))
print("output:", tuple(model(images).shape))

# %% lazy
model = nn.Sequential(conv_features(), nn.LazyLinear(10))  # (1)!
print("before the first batch:", type(model[1].weight).__name__)
model(images)  # (2)!
print("LazyLinear in_features after one batch:", model[1].in_features)

# %% check
assert flat.shape == (4, 8 * 13 * 13)
assert model[1].weight.shape == (10, 8 * 13 * 13)
