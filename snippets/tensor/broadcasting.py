"""Broadcasting: how tensors of different shapes are combined element by element."""

import torch

torch.manual_seed(0)

# Shapes are compared from the right; a size-1 or missing dimension is stretched to match.
row = torch.tensor([[0, 10, 20]])  # shape (1, 3)
col = torch.tensor([[0], [1]])  # shape (2, 1)
grid = row + col  # (1)!
print(f"row + col:\n{grid}")
assert grid.shape == (2, 3)
assert grid.tolist() == [[0, 10, 20], [1, 11, 21]]
assert torch.equal(grid, row.expand(2, 3) + col.expand(2, 3))  # what broadcasting does for you

# The stretching is virtual: expand gives a view whose stride is 0 along the stretched dimension.
assert row.expand(2, 3).stride() == (0, 1)

# broadcast_shapes applies the rule without touching any data.
print(f"{torch.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)) = }")  # (2)!
assert torch.broadcast_shapes((2, 1), (1, 3)) == (2, 3)
assert torch.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)) == (8, 7, 6, 5)
assert torch.broadcast_shapes((5, 4), ()) == (5, 4)  # a scalar fits anything

# Typical use: subtract a per-channel mean from a batch of images (N, C, H, W).
images = torch.rand(4, 3, 8, 8)
mean = images.mean(dim=(0, 2, 3))  # shape (3,): one value per channel
centred = images - mean[:, None, None]  # (3, 1, 1) lines up with C, H, W
assert mean.shape == (3,) and centred.shape == images.shape
torch.testing.assert_close(centred.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-6, rtol=0)

# Aligned from the right, (3, 2) and (3,) compare 2 with 3: neither is 1, so it fails.
try:
    torch.ones(3, 2) + torch.ones(3)  # (3)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "must match the size of tensor b (3) at non-singleton dimension 1" in str(err)
else:
    raise AssertionError("(3, 2) and (3,) should not broadcast")
assert (torch.ones(3, 2) + torch.ones(3)[:, None]).shape == (3, 2)  # the fix: make it (3, 1)

# The silent trap: predictions (N, 1) minus targets (N,) broadcasts to (N, N) without an error.
pred = torch.zeros(4, 1)
target = torch.zeros(4)
print(f"{(pred - target).shape = }")  # (4)!
print(f"{(pred.squeeze(1) - target).shape = }")
assert (pred - target).shape == (4, 4)
assert (pred.squeeze(1) - target).shape == (4,)
