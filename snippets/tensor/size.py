"""torch.Size: what x.shape and x.size() return, a tuple you can read but not change."""

import math

import torch

x = torch.zeros(2, 3, 4)

# shape and size() are the same torch.Size, and torch.Size is a tuple.
print(f"{x.shape = }")
print(f"{x.size() = }")
assert x.size() == x.shape
assert type(x.shape) is torch.Size and isinstance(x.shape, tuple)  # (1)!

# Read it like a tuple: index, slice, unpack, len.
batch, rows, cols = x.shape  # (2)!
print(f"{batch = }, {rows = }, {cols = }, {x.shape[-1] = }, {x.shape[1:] = }")
assert (batch, rows, cols) == (2, 3, 4)
assert x.shape[0] == x.size(0) == 2 and x.shape[-1] == x.size(-1) == 4  # size(dim): one size
assert x.shape[1:] == (3, 4) and type(x.shape[1:]) is torch.Size  # a slice is a Size too
assert len(x.shape) == x.dim() == 3

# Compare it with a tuple, not a list: a tuple never equals a list.
assert x.shape == (2, 3, 4)
assert x.shape != [2, 3, 4]  # (3)!
assert list(x.shape) == [2, 3, 4]

# numel(): the number of elements, the product of the sizes.
print(f"{x.numel() = }")
assert x.numel() == x.shape.numel() == math.prod(x.shape) == 24

# A Size goes wherever a shape is expected.
assert torch.ones(x.shape[1:]).shape == (3, 4)
assert x.new_zeros(torch.Size([5])).shape == (5,)

# It cannot be changed: a new shape means a new tensor (view/reshape), not an assignment.
try:
    x.shape[0] = 5  # (4)!
except TypeError as err:
    print("TypeError:", err)
    assert str(err) == "'torch.Size' object does not support item assignment"
else:
    raise AssertionError("a torch.Size should be immutable")
try:
    x.shape = (6, 4)
except AttributeError as err:
    print("AttributeError:", err)
    assert "'shape'" in str(err) and "not writable" in str(err)
else:
    raise AssertionError("shape should not be assignable")
reshaped = x.reshape(6, 4)
assert reshaped.shape == (6, 4) and x.shape == (2, 3, 4)  # x keeps its shape
