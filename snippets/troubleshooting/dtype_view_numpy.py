"""Three conversions that fail: float64 into a float32 model, view() after a transpose,
and .numpy() on a tensor that is still tracked by autograd."""

# %% float64
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
features = rng.normal(size=(4, 3))  # NumPy's default float type is float64
model = nn.Linear(3, 2)  # PyTorch's default is float32
try:
    model(torch.from_numpy(features))  # (1)!
except RuntimeError as err:
    print("RuntimeError:", err)
inputs = torch.from_numpy(features).float()  # (2)!
print("inputs:", inputs.dtype, "| weight:", model.weight.dtype)

# %% check
assert features.dtype == np.float64
assert torch.equal(torch.as_tensor(features, dtype=torch.float32), inputs)

# %% view
grid = torch.arange(6.0).reshape(2, 3)
transposed = grid.t()  # (1)!
print("contiguous:", transposed.is_contiguous())
try:
    transposed.view(-1)
except RuntimeError as err:
    print("RuntimeError:", err)
flat = transposed.reshape(-1)  # (2)!
print("reshape(-1):", flat.tolist())

# %% check
assert flat.data_ptr() != grid.data_ptr()  # here reshape had to copy...
assert grid.reshape(-1).data_ptr() == grid.data_ptr()  # ...a contiguous tensor gets a view
assert torch.equal(transposed.contiguous().view(-1), flat)

# %% numpy
predictions = model(inputs)
try:
    predictions.numpy()  # (1)!
except RuntimeError as err:
    print("RuntimeError:", err)
array = predictions.detach().cpu().numpy()  # (2)!
print("array:", array.dtype, array.shape)

# %% check
assert predictions.cpu() is predictions  # already on the CPU: cpu() returns the tensor itself
with torch.no_grad():  # inference only: the results are not tracked in the first place
    assert not model(inputs).requires_grad
