"""Three conversions that fail: float64 into a float32 model, view() after a transpose,
and .numpy() on a tensor that is still tracked by autograd."""

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
features = rng.normal(size=(4, 3))  # NumPy's default float type is float64
assert features.dtype == np.float64
model = nn.Linear(3, 2)  # PyTorch's default is float32


def broken_float64_input():
    return model(torch.from_numpy(features))  # (1)!


def broken_view_after_transpose():
    grid = torch.arange(6.0).reshape(2, 3)
    return grid.t().view(-1)  # (2)!


def broken_numpy_of_tracked_tensor():
    predictions = model(torch.from_numpy(features).float())
    return predictions.numpy()  # (3)!


def fixed():
    inputs = torch.from_numpy(features).float()  # (4)!
    assert inputs.dtype == model.weight.dtype == torch.float32
    assert torch.equal(torch.as_tensor(features, dtype=torch.float32), inputs)
    predictions = model(inputs)

    grid = torch.arange(6.0).reshape(2, 3)
    transposed = grid.t()
    assert not transposed.is_contiguous()  # same memory, read in a different order
    flat = transposed.reshape(-1)  # (5)!
    assert flat.tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    assert flat.data_ptr() != grid.data_ptr()  # here reshape had to copy...
    assert grid.reshape(-1).data_ptr() == grid.data_ptr()  # ...a contiguous tensor gets a view
    assert torch.equal(transposed.contiguous().view(-1), flat)

    assert predictions.cpu() is predictions  # already on the CPU: cpu() returns the tensor itself
    array = predictions.detach().cpu().numpy()  # (6)!
    assert array.dtype == np.float32 and array.shape == (4, 2)
    with torch.no_grad():  # inference only: the results are not tracked in the first place
        assert not model(inputs).requires_grad
    return flat, array


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_float64_input, RuntimeError)
    assert message == "mat1 and mat2 must have the same dtype, but got Double and Float"
    message = show_error(broken_view_after_transpose, RuntimeError)
    assert message.startswith("view size is not compatible with input tensor's size and stride")
    message = show_error(broken_numpy_of_tracked_tensor, RuntimeError)
    assert message.startswith("Can't call numpy() on Tensor that requires grad")
    flat, array = fixed()
    print("fixed: flat =", flat.tolist(), "| array", array.dtype, array.shape)
