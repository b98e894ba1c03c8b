"""Switching tracking off: torch.no_grad, torch.inference_mode, .detach(), and .numpy()."""

import torch
from torch.testing import assert_close

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)

# Inside no_grad nothing is recorded: results do not require grad and have no grad_fn.
with torch.no_grad():  # (1)!
    scaled = w * 2
print(f"under no_grad: {scaled.requires_grad = }, {scaled.grad_fn = }")
assert not scaled.requires_grad and scaled.grad_fn is None
assert (w * scaled).requires_grad  # outside the block tracking is back; scaled is a constant


# The same as a decorator, for functions such as an evaluation loop.
@torch.no_grad()
def evaluate(weights):
    return (weights**2).sum()


assert not evaluate(w).requires_grad

# The classic use: updating weights in place must not itself become part of the graph.
(w**2).sum().backward()
try:
    w -= 0.1 * w.grad  # outside no_grad autograd would have to track the update
except RuntimeError as err:
    print("in-place update outside no_grad: RuntimeError:", err)
else:
    raise AssertionError("an in-place change to a leaf that requires grad should fail")
with torch.no_grad():
    w -= 0.1 * w.grad  # (2)!
w.grad = None
assert w.is_leaf and w.requires_grad
assert_close(w.detach(), torch.tensor([0.8, -1.6, 2.4]))

# inference_mode goes further: its results are "inference tensors", never saved for backward.
with torch.inference_mode():  # (3)!
    features = torch.ones(3) * 3
print(f"under inference_mode: {features.requires_grad = }, {features.is_inference() = }")
assert features.is_inference() and not features.requires_grad
try:
    _ = features._version  # the bookkeeping inference_mode skips
except RuntimeError as err:
    assert "do not track version counter" in str(err)
    print("features._version: RuntimeError:", err)
else:
    raise AssertionError("an inference tensor should have no version counter")
try:
    (w * features).sum().backward()
except RuntimeError as err:
    print("w * inference tensor: RuntimeError:", str(err).split(". ")[0])
else:
    raise AssertionError("an inference tensor cannot be saved for backward")
(w * features.clone()).sum().backward()  # a clone made outside is an ordinary tensor
assert_close(w.grad, features)
w.grad = None
(w + features).sum().backward()  # addition saves nothing for backward, so this one is allowed
assert_close(w.grad, torch.ones(3))
w.grad = None

# detach() returns the same data, cut out of the graph: a constant as far as autograd knows.
frozen = w.detach()  # (4)!
assert not frozen.requires_grad and frozen.data_ptr() == w.data_ptr()  # no copy
(w * frozen).sum().backward()  # d(w * c)/dw = c, not 2w
print("d(w * w.detach())/dw:", w.grad)
assert_close(w.grad, w.detach())
w.grad = None
(w * w).sum().backward()
assert_close(w.grad, 2 * w.detach())

# NumPy knows nothing about autograd, so a tensor that requires grad must be detached first.
try:
    w.numpy()
except RuntimeError as err:
    print("w.numpy(): RuntimeError:", err)
else:
    raise AssertionError(".numpy() should refuse a tensor that requires grad")
array = w.detach().numpy()  # (5)!
print("w.detach().numpy():", array)
assert array.tolist() == w.tolist()
assert array.ctypes.data == w.data_ptr()  # the array is a view of the tensor's memory, no copy
