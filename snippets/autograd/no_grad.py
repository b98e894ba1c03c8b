"""Switching tracking off: torch.no_grad, torch.inference_mode, .detach(), and .numpy()."""

# %% no-grad
import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
with torch.no_grad():  # (1)!
    scaled = w * 2
print(f"under no_grad: {scaled.requires_grad = }, {scaled.grad_fn = }")
print(f"after the block: {(w * scaled).requires_grad = }")

# %% check
assert not scaled.requires_grad and scaled.grad_fn is None


# %% decorator
@torch.no_grad()
def evaluate(weights):
    return (weights**2).sum()


print(f"{evaluate(w).requires_grad = }")

# %% update
(w**2).sum().backward()
try:
    w -= 0.1 * w.grad  # outside no_grad autograd would have to track the update
except RuntimeError as err:
    print("in-place update outside no_grad: RuntimeError:", err)
with torch.no_grad():
    w -= 0.1 * w.grad  # (1)!
w.grad = None
print(f"after the update: {w = }, {w.is_leaf = }")

# %% check
torch.testing.assert_close(w.detach(), torch.tensor([0.8, -1.6, 2.4]))

# %% inference-mode
with torch.inference_mode():  # (1)!
    features = torch.ones(3) * 3
print(f"under inference_mode: {features.requires_grad = }, {features.is_inference() = }")
try:
    (w * features).sum().backward()
except RuntimeError as err:
    print("w * inference tensor: RuntimeError:", str(err).split(". ")[0])

# %% clone
(w * features.clone()).sum().backward()  # (1)!
print("w * features.clone(): w.grad =", w.grad)
w.grad = None
(w + features).sum().backward()  # (2)!
print("w + features: w.grad =", w.grad)
w.grad = None

# %% check
assert features.is_inference() and not features.requires_grad


def has_version_counter(t):
    try:
        _ = t._version  # the bookkeeping inference_mode skips
    except RuntimeError:
        return False
    return True


assert not has_version_counter(features) and has_version_counter(w)

# %% detach
frozen = w.detach()  # (1)!
print(f"{frozen.requires_grad = }, same memory: {frozen.data_ptr() == w.data_ptr()}")
(w * frozen).sum().backward()  # d(w * c)/dw = c, not 2w
print("d(w * w.detach())/dw:", w.grad)

# %% check
torch.testing.assert_close(w.grad, w.detach())  # the constant's value, w

# %% compare
w.grad = None
(w * w).sum().backward()
print("d(w * w)/dw:         ", w.grad)

# %% check
torch.testing.assert_close(w.grad, 2 * w.detach())

# %% numpy
try:
    w.numpy()
except RuntimeError as err:
    print("w.numpy(): RuntimeError:", err)
array = w.detach().numpy()  # (1)!
print("w.detach().numpy():", array)

# %% check
assert array.tolist() == w.tolist()
assert array.ctypes.data == w.data_ptr()  # the array is a view of the tensor's memory, no copy
