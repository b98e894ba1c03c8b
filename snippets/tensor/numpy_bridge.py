"""NumPy interop: which conversions share memory and which copy, .item(), .tolist(), dtypes."""

# %% from-numpy
import numpy as np
import torch

array = np.arange(3.0)
shared = torch.from_numpy(array)  # (1)!
array[0] = 100.0
shared[1] = -1.0
print(f"{array = }")
print(f"{shared = }")

# %% check
assert shared.tolist() == [100.0, -1.0, 2.0]
assert array.tolist() == [100.0, -1.0, 2.0]

# %% float64
print(f"{array.dtype = }, {shared.dtype = }")  # NumPy's default float, kept
torch.manual_seed(0)
layer = torch.nn.Linear(3, 1)  # (1)!
batch = torch.from_numpy(np.ones((2, 3)))
try:
    layer(batch)
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
print(f"{layer(batch.float()).shape = }")  # (2)!

# %% check
assert array.dtype == np.float64 and shared.dtype == torch.float64
assert torch.from_numpy(np.zeros(2, dtype=np.float32)).dtype == torch.float32
assert torch.from_numpy(np.array([1, 2])).dtype == torch.int64
assert torch.from_numpy(np.array([True])).dtype == torch.bool

# %% copy-or-share
copied = torch.tensor(array)  # (1)!
maybe = torch.as_tensor(array)
converted = torch.as_tensor(array, dtype=torch.float32)  # a different dtype forces a copy
array[2] = 7.0
print(f"{copied = }")
print(f"{maybe = }")
print(f"{converted = }")

# %% check
assert copied[2] == 2.0 and converted[2] == 2.0  # copies: still the old value
assert maybe[2] == 7.0  # shares with the array

# %% to-numpy
t = torch.ones(2)
view = t.numpy()  # (1)!
t.add_(1)
print(f"{view = }")

# %% check
assert view.tolist() == [2.0, 2.0]

# %% detach
weights = torch.ones(2, requires_grad=True)  # (1)!
try:
    weights.numpy()
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
print(f"{weights.detach().numpy() = }")
print(f"{weights.numpy(force=True) = }")  # detach() and cpu() in one call

# %% check
assert weights.detach().numpy().tolist() == [1.0, 1.0]
assert weights.numpy(force=True).tolist() == [1.0, 1.0]

# %% item-tolist
loss = torch.tensor(0.25)
print(f"{loss.item() = }, {type(loss.item()).__name__ = }")  # (1)!
print(f"{type(torch.tensor(3).item()).__name__ = }")
print(f"{torch.tensor([[1, 2], [3, 4]]).tolist() = }")

# %% check
assert loss.item() == 0.25 and isinstance(loss.item(), float)
assert isinstance(torch.tensor(3).item(), int)
assert torch.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
