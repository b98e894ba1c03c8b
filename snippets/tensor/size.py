"""torch.Size: what x.shape and x.size() return, a tuple you can read but not change."""

# %% shape-is-a-tuple
import torch

x = torch.zeros(2, 3, 4)
print(f"{x.shape = }")
print(f"{x.size() = }")  # (1)!
print(f"{isinstance(x.shape, tuple) = }")

# %% check
assert x.size() == x.shape
assert type(x.shape) is torch.Size and isinstance(x.shape, tuple)

# %% read-it
batch, rows, cols = x.shape  # (1)!
print(f"{batch = }, {rows = }, {cols = }")
print(f"{x.shape[-1] = }, {x.size(0) = }, {x.shape[1:] = }")
print(f"{len(x.shape) = }, {x.numel() = }")  # numel: the number of elements

# %% check
import math

assert (batch, rows, cols) == (2, 3, 4)
assert x.shape[0] == x.size(0) == 2 and x.shape[-1] == x.size(-1) == 4  # size(dim): one size
assert x.shape[1:] == (3, 4) and type(x.shape[1:]) is torch.Size  # a slice is a Size too
assert len(x.shape) == x.dim() == 3
assert x.numel() == x.shape.numel() == math.prod(x.shape) == 24
# A Size goes wherever a shape is expected.
assert torch.ones(x.shape[1:]).shape == (3, 4)
assert x.new_zeros(torch.Size([5])).shape == (5,)

# %% compare
print(f"{x.shape == (2, 3, 4) = }")
print(f"{x.shape == [2, 3, 4] = }")  # (1)!
print(f"{list(x.shape) == [2, 3, 4] = }")

# %% check
assert x.shape == (2, 3, 4)
assert x.shape != [2, 3, 4]
assert list(x.shape) == [2, 3, 4]

# %% immutable
try:
    x.shape[0] = 5  # (1)!
except TypeError as err:
    print("TypeError:", err)
try:
    x.shape = (6, 4)
except AttributeError as err:
    print("AttributeError:", err)
reshaped = x.reshape(6, 4)
print(f"{reshaped.shape = }, {x.shape = }")

# %% check
assert reshaped.shape == (6, 4) and x.shape == (2, 3, 4)  # x keeps its shape
