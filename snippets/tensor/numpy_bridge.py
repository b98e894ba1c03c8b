"""NumPy interop: which conversions share memory and which copy, .item(), .tolist(), dtypes."""

import numpy as np
import torch

torch.manual_seed(0)

# from_numpy wraps the array's memory: a change on either side is seen on the other.
array = np.arange(3.0)
shared = torch.from_numpy(array)  # (1)!
array[0] = 100.0
shared[1] = -1.0
print(f"{array = }")
print(f"{shared = }")
assert shared.tolist() == [100.0, -1.0, 2.0]
assert array.tolist() == [100.0, -1.0, 2.0]

# NumPy's default float is float64, and the tensor keeps it.
assert array.dtype == np.float64 and shared.dtype == torch.float64
assert torch.from_numpy(np.zeros(2, dtype=np.float32)).dtype == torch.float32
assert torch.from_numpy(np.array([1, 2])).dtype == torch.int64
assert torch.from_numpy(np.array([True])).dtype == torch.bool

# Model parameters are float32, so float64 data has to be converted before it goes in.
layer = torch.nn.Linear(3, 1)
batch = torch.from_numpy(np.ones((2, 3)))
try:
    layer(batch)
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "same dtype" in str(err)
else:
    raise AssertionError("a float64 batch should not go through float32 weights")
assert layer(batch.float()).shape == (2, 1)  # (2)!

# torch.tensor always copies; as_tensor shares when dtype (and device) already match.
copied = torch.tensor(array)  # (3)!
maybe = torch.as_tensor(array)
converted = torch.as_tensor(array, dtype=torch.float32)  # a different dtype forces a copy
array[2] = 7.0
print(f"{copied = }")
print(f"{maybe = }")
print(f"{converted = }")
assert copied[2] == 2.0 and converted[2] == 2.0  # copies: still the old value
assert maybe[2] == 7.0  # shares with the array

# .numpy() goes the other way, also without copying (CPU tensors only).
t = torch.ones(2)
view = t.numpy()
t.add_(1)
assert view.tolist() == [2.0, 2.0]

# A tensor that requires grad must be detached first: NumPy knows nothing about autograd.
weights = torch.ones(2, requires_grad=True)
try:
    weights.numpy()
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "Use tensor.detach().numpy() instead" in str(err)
else:
    raise AssertionError(".numpy() on a tensor that requires grad should fail")
assert weights.detach().numpy().tolist() == [1.0, 1.0]
assert weights.numpy(force=True).tolist() == [1.0, 1.0]  # detach() and cpu() in one call

# .item() turns a one-element tensor into a Python number; .tolist() converts any shape.
loss = torch.tensor(0.25)
print(f"{loss.item() = }, {type(loss.item()).__name__ = }")  # (4)!
print(f"{torch.tensor([[1, 2], [3, 4]]).tolist() = }")
assert loss.item() == 0.25 and isinstance(loss.item(), float)
assert isinstance(torch.tensor(3).item(), int)
assert torch.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
