"""tensor.data vs tensor.detach(): the same memory, untracked, but only detach() is checked."""

import torch
from torch.testing import assert_close

a = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)

# Both give an untracked tensor on the same memory as a.
for name, untracked in (("a.data", a.data), ("a.detach()", a.detach())):
    shares = untracked.data_ptr() == a.data_ptr()
    print(f"{name}: requires_grad = {untracked.requires_grad}, same memory = {shares}")
    assert not untracked.requires_grad and shares

# sigmoid saves its output: its backward computes out * (1 - out) from it.
out = a.sigmoid()
correct = (out * (1 - out)).detach()
assert torch.equal(out.grad_fn._saved_result, out)

# An in-place change through .data is hidden from autograd: backward uses the changed values.
out.data.zero_()  # (1)!
out.sum().backward()
print("gradient after out.data.zero_():", a.grad)
assert torch.equal(a.grad, torch.zeros(3))  # out * (1 - out) with out = 0: silently wrong
assert not torch.allclose(a.grad, correct)

# The same change through detach() bumps the version counter the two tensors share.
a.grad = None
out = a.sigmoid()
version = out._version
out.detach().zero_()  # (2)!
assert out._version == version + 1
try:
    out.sum().backward()
except RuntimeError as err:
    assert "modified by an inplace operation" in str(err)
    print("after out.detach().zero_(): RuntimeError:", str(err).split(":")[0])
else:
    raise AssertionError("backward() should notice a saved tensor changed through detach()")

# Left alone, the saved output gives the right gradient.
a.grad = None
a.sigmoid().sum().backward()
print("gradient, nothing changed:    ", a.grad)
assert_close(a.grad, correct)

# Old code updates parameters through .data; under torch.no_grad() the update is the same ...
w = torch.tensor([1.0, 2.0], requires_grad=True)
(w**2).sum().backward()
old_style = w.detach().clone()
old_style -= 0.1 * w.grad
with torch.no_grad():  # (3)!
    w -= 0.1 * w.grad
assert_close(w.detach(), old_style)
assert w.is_leaf and w.requires_grad

# ... but checked: a graph that saved w notices the change, where .data slips through.
w.grad = None
squares = (w**2).sum()  # saves w for its backward
with torch.no_grad():
    w *= 0.5
try:
    squares.backward()
except RuntimeError as err:
    assert "modified by an inplace operation" in str(err)
    print("w changed under no_grad, then backward(): RuntimeError:", str(err).split(":")[0])
else:
    raise AssertionError("backward() should notice that w changed after the forward pass")
squares = (w**2).sum()
w_before = w.detach().clone()
w.data *= 0.5
squares.backward()  # no error: the gradient of the old w**2, computed with the new w
print(f"w changed through .data, then backward(): no error, w.grad = {w.grad}")
assert_close(w.grad, 2 * w.detach())
assert not torch.allclose(w.grad, 2 * w_before)
