"""tensor.data vs tensor.detach(): the same memory, untracked, but only detach() is checked."""

# %% same-memory
import torch

a = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
for name, untracked in (("a.data", a.data), ("a.detach()", a.detach())):
    shares = untracked.data_ptr() == a.data_ptr()
    print(f"{name}: requires_grad = {untracked.requires_grad}, same memory = {shares}")

# %% data-unchecked
out = a.sigmoid()  # sigmoid saves its output for backward
correct = (out * (1 - out)).detach()  # the gradient backward should compute from it
out.data.zero_()  # (1)!
out.sum().backward()
print("gradient after out.data.zero_():", a.grad)

# %% check
assert not torch.allclose(a.grad, correct)  # silently wrong
fresh = a.sigmoid()
assert torch.equal(fresh.grad_fn._saved_result, fresh)  # sigmoid saved its output

# %% detach-checked
out = a.sigmoid()
print(f"version before: {out._version}")
out.detach().zero_()  # (1)!
print(f"version after out.detach().zero_(): {out._version}")
try:
    out.sum().backward()
except RuntimeError as err:
    print("backward(): RuntimeError:", str(err).split(":")[0])

# %% check
assert out._version == 1  # the change through detach() was counted

# %% unchanged
a.grad = None
a.sigmoid().sum().backward()
print("gradient, nothing changed:", a.grad)

# %% check
torch.testing.assert_close(a.grad, correct)

# %% update-no-grad
w = torch.tensor([1.0, 2.0], requires_grad=True)
squares = (w**2).sum()  # saves w for its backward
with torch.no_grad():  # (1)!
    w *= 0.5
try:
    squares.backward()
except RuntimeError as err:
    print("w changed under no_grad, then backward(): RuntimeError:", str(err).split(":")[0])

# %% check
assert w.grad is None  # backward() refused

# %% update-data
squares = (w**2).sum()
w_before = w.detach().clone()
w.data *= 0.5
squares.backward()  # (1)!
print(f"w changed through .data, then backward(): no error, w.grad = {w.grad}")
print(f"the right gradient for the old w: {2 * w_before}")

# %% check
torch.testing.assert_close(w.grad, 2 * w.detach())  # computed with the new w
assert not torch.allclose(w.grad, 2 * w_before)

# %% same-update
old_style = torch.tensor([1.0, 2.0], requires_grad=True)
new_style = torch.tensor([1.0, 2.0], requires_grad=True)
for param in (old_style, new_style):
    (param**2).sum().backward()  # nothing changes between forward and backward
old_style.data -= 0.1 * old_style.grad  # (1)!
with torch.no_grad():
    new_style -= 0.1 * new_style.grad
print(f"through .data: {old_style.detach()}, under no_grad: {new_style.detach()}")

# %% check
assert torch.equal(old_style.detach(), new_style.detach())
assert new_style.is_leaf and new_style.requires_grad
