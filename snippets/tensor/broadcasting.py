"""Broadcasting: how tensors of different shapes are combined element by element."""

# %% row-plus-column
import torch

row = torch.tensor([[0, 10, 20]])
col = torch.tensor([[0], [1]])
grid = row + col  # (1)!
print(f"row + col:\n{grid}")

# %% check
assert grid.shape == (2, 3)
assert grid.tolist() == [[0, 10, 20], [1, 11, 21]]
assert torch.equal(grid, row.expand(2, 3) + col.expand(2, 3))  # what broadcasting does for you
# The stretching is virtual: expand gives a view whose stride is 0 along the stretched dimension.
assert row.expand(2, 3).stride() == (0, 1)

# %% broadcast-shapes
print(f"{torch.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)) = }")  # (1)!
print(f"{torch.broadcast_shapes((5, 4), ()) = }")  # a scalar fits anything

# %% check
assert torch.broadcast_shapes((2, 1), (1, 3)) == (2, 3)
assert torch.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)) == (8, 7, 6, 5)
assert torch.broadcast_shapes((5, 4), ()) == (5, 4)

# %% per-channel
images = torch.ones(4, 3, 8, 8)  # a batch (N, C, H, W)
mean = torch.tensor([0.5, 0.4, 0.3])  # one per channel
centred = images - mean[:, None, None]  # (1)!
print(f"{mean[:, None, None].shape = }, {centred.shape = }")
print(f"{centred[0, :, 0, 0] = }")  # one pixel: each channel lost its own mean

# %% check
assert mean.shape == (3,) and centred.shape == images.shape
for channel in range(3):
    assert torch.equal(centred[:, channel], images[:, channel] - mean[channel])

# %% mismatch
try:
    torch.ones(3, 2) + torch.ones(3)  # (1)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
fixed = torch.ones(3, 2) + torch.ones(3)[:, None]  # the fix: make it (3, 1)
print(f"{fixed.shape = }")

# %% check
assert fixed.shape == (3, 2)

# %% silent-trap
pred = torch.zeros(4, 1)  # a model's predictions, one per sample
target = torch.zeros(4)
print(f"{(pred - target).shape = }")  # (1)!
print(f"{(pred.squeeze(1) - target).shape = }")

# %% check
assert (pred - target).shape == (4, 4)
assert (pred.squeeze(1) - target).shape == (4,)
