"""Creating tensors: from Python data, from a shape, from a range, at random, and *_like."""

# %% from-data
import torch

ints = torch.tensor([[1, 2, 3], [4, 5, 6]])
floats = torch.tensor([1.0, 2.5])
print(f"{ints.dtype = }, {floats.dtype = }")

# %% check
assert ints.shape == (2, 3) and ints.dtype == torch.int64
assert floats.dtype == torch.float32

# %% from-shape
zeros = torch.zeros(2, 3)
ones = torch.ones(2, 3, dtype=torch.int32)  # dtype= overrides the default float32
sevens = torch.full((2, 2), 7.0)
print(f"{zeros.dtype = }, {ones.dtype = }")
print(f"full((2, 2), 7.0):\n{sevens}")

# %% check
assert zeros.sum() == 0 and ones.sum() == 6 and (sevens == 7).all()
assert zeros.dtype == torch.float32 and ones.dtype == torch.int32

# %% ranges
steps = torch.arange(0, 10, 3)  # (1)!
grid = torch.linspace(0, 1, steps=5)
print(f"arange(0, 10, 3): {steps}")
print(f"linspace(0, 1, steps=5): {grid}")

# %% check
assert steps.tolist() == [0, 3, 6, 9]
assert grid.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
assert steps.dtype == torch.int64 and grid.dtype == torch.float32

# %% integer-labels
values = torch.arange(10.0)
labels = torch.tensor([2, 0, 3], dtype=torch.long)  # (1)!
print(f"{labels.dtype = }")
print(f"{values[labels] = }")  # integer tensors pick elements
print(f"{values[values > 6] = }")  # a bool tensor is a mask
try:
    values[torch.zeros(2)]  # float "indices"
except IndexError as err:
    print("IndexError:", err)

# %% check
assert labels.dtype == torch.int64
assert values[labels.int()].tolist() == [2.0, 0.0, 3.0]  # int32 indices work too

# %% random
torch.manual_seed(0)  # (1)!
uniform = torch.rand(2, 3)  # uniform on [0, 1)
normal = torch.randn(10_000)  # standard normal: mean 0, standard deviation 1
print(f"rand(2, 3):\n{uniform}")
print(f"randn: mean {normal.mean():.3f}, std {normal.std():.3f}")

# %% check
assert ((uniform >= 0) & (uniform < 1)).all()
assert abs(normal.mean()) < 0.05 and abs(normal.std() - 1) < 0.05

# %% like
like = torch.zeros_like(ints)  # (1)!
noise = torch.randn_like(floats)
print(f"zeros_like(ints): {like.shape}, {like.dtype}")
print(f"randn_like(floats): {noise.shape}, {noise.dtype}")

# %% check
assert like.shape == ints.shape and like.dtype == ints.dtype and like.device == ints.device
assert noise.shape == floats.shape and noise.dtype == floats.dtype
images = torch.ones(2, 3, 4, 4).to(memory_format=torch.channels_last)
assert torch.zeros_like(images).stride() == images.stride()  # channels_last kept
assert torch.zeros(images.shape).stride() != images.stride()  # zeros(shape) is contiguous
assert torch.zeros_like(torch.eye(3).to_sparse()).layout == torch.sparse_coo
