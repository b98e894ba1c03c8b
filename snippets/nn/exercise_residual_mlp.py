"""Exercise: write an nn.Module for a given architecture (a residual MLP) and check its
parameter count against the formula in + in * out per Linear layer."""

import torch
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)


class ResidualMLP(nn.Module):
    """stem Linear(20, 64) -> ReLU -> x + block(x) -> head Linear(64, 3), where block is
    Linear(64, 64) -> ReLU -> Linear(64, 64)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Linear(20, 64)
        self.block = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64))
        self.head = nn.Linear(64, 3)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        x = x + self.block(x)  # the skip connection: the block learns a correction to x
        return self.head(x)


model = ResidualMLP()
count = sum(p.numel() for p in model.parameters())
print("parameters:", count)
# Each Linear(in, out) has in * out weights and out biases.
assert count == (20 * 64 + 64) + 2 * (64 * 64 + 64) + (64 * 3 + 3) == 9859

x = torch.randn(8, 20)
print("output shape:", tuple(model(x).shape))
assert model(x).shape == (8, 3)

# The block is used: without it the output would be different ...
skip_only = model.head(torch.relu(model.stem(x)))
assert not torch.allclose(model(x), skip_only)
# ... and with its last layer at zero it adds nothing: only the skip path is left.
with torch.no_grad():
    model.block[2].weight.zero_()
    model.block[2].bias.zero_()
assert_close(model(x), skip_only)
