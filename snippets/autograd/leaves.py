"""Leaves and .grad: requires_grad, leaf vs non-leaf, retain_grad, and gradients that add up."""

# %% requires-grad
import warnings

import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # (1)!
x = torch.tensor([4.0, 5.0, 6.0])
print(f"{w.is_leaf = }, {w.requires_grad = }, {w.grad_fn = }")
print(f"{x.is_leaf = }, {x.requires_grad = }")
try:
    torch.tensor([1, 2, 3], requires_grad=True)  # integers have no gradient
except RuntimeError as err:
    print("integer tensor with requires_grad=True: RuntimeError:", err)

# %% non-leaf
product = w * x
loss = product.sum()
print(f"{product.is_leaf = }, {product.requires_grad = }")
print(f"{product.grad_fn.name() = }, {loss.grad_fn.name() = }")

# %% backward
loss.backward()  # (1)!
print(f"{w.grad = }")
print(f"{x.grad = }")

# %% check
assert torch.equal(w.grad, x)  # d(sum(w * x)) / dw = x

# %% non-leaf-grad
with warnings.catch_warnings(record=True) as caught:  # (1)!
    warnings.simplefilter("always")
    print(f"{product.grad = }")  # (2)!
print("reading product.grad warns:", str(caught[0].message).split(". ")[0])

# %% retain-grad
w.grad = None
product = w * x
product.retain_grad()  # (1)!
(product**2).sum().backward()
print(f"{product.grad = }")
print(f"{w.grad = }")

# %% check
assert torch.equal(product.grad, 2 * product.detach())  # d(sum(p**2)) / dp = 2p
assert torch.equal(w.grad, 2 * product.detach() * x)  # chain rule: 2p * dp/dw

# %% accumulate
w.grad = None
for _ in range(3):
    (w * x).sum().backward()
print("w.grad after 3 backward calls:", w.grad)

# %% check
assert torch.equal(w.grad, 3 * x)  # three times d(sum(w * x)) / dw

# %% zeroing
before = w.grad
w.grad.zero_()  # (1)!
print(f"after zero_(): {w.grad = }, the same tensor: {w.grad is before}")
w.grad = None  # (2)!
print(f"after = None: {w.grad = }")

# %% micro-batches
batch = torch.tensor([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [3.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
targets = torch.tensor([5.0, 3.0, 4.0, 6.0])
((batch @ w - targets) ** 2).sum().backward()  # the whole batch at once
print("full batch:      ", w.grad)
full_grad = w.grad.clone()
w.grad = None
for inputs, target in zip(batch.split(2), targets.split(2), strict=True):  # (1)!
    ((inputs @ w - target) ** 2).sum().backward()
print("two halves added:", w.grad)

# %% check
torch.testing.assert_close(w.grad, full_grad)

# %% mean-loss
ACCUMULATION_STEPS = 2  # two micro-batches of the same size
w.grad = None
((batch @ w - targets) ** 2).mean().backward()
print("mean loss, full batch:       ", w.grad)
full_mean_grad = w.grad.clone()
w.grad = None
for inputs, target in zip(batch.split(2), targets.split(2), strict=True):
    ((inputs @ w - target) ** 2).mean().backward()
print("mean loss, accumulated as is:", w.grad)
w.grad = None
for inputs, target in zip(batch.split(2), targets.split(2), strict=True):
    (((inputs @ w - target) ** 2).mean() / ACCUMULATION_STEPS).backward()  # (1)!
print("mean loss, each / steps:     ", w.grad)

# %% check
torch.testing.assert_close(w.grad, full_mean_grad)
# Unequal micro-batches (3 + 1 samples): dividing by the steps is not enough.
w.grad = None
pieces = list(zip(batch.split([3, 1]), targets.split([3, 1]), strict=True))
for inputs, target in pieces:
    (((inputs @ w - target) ** 2).mean() / ACCUMULATION_STEPS).backward()
divided = sum(
    torch.autograd.grad(((i @ w - t) ** 2).mean() / ACCUMULATION_STEPS, w)[0] for i, t in pieces
)
torch.testing.assert_close(w.grad, divided)  # what the loop accumulated from None
assert not torch.allclose(divided, full_mean_grad)

# %% unequal-micro-batches
w.grad = None
for inputs, target in zip(batch.split([3, 1]), targets.split([3, 1]), strict=True):
    (((inputs @ w - target) ** 2).mean() * len(inputs) / len(batch)).backward()  # (1)!
print("mean loss, 3 + 1 weighted:   ", w.grad)

# %% check
torch.testing.assert_close(w.grad, full_mean_grad)

# %% zero-grad
optimizer = torch.optim.SGD([w], lr=0.1)  # (1)!
(w * x).sum().backward()
print(f"after backward(): {w.grad = }")
optimizer.zero_grad()  # (2)!
print(f"after optimizer.zero_grad(): {w.grad = }")

# %% check
assert w.grad is None
# A module (torch.nn, the next chapter) clears all its parameters' gradients the same way.
torch.manual_seed(0)  # nn.Linear starts from random weights
layer = torch.nn.Linear(3, 1)
layer(batch).sum().backward()
assert all(param.grad is not None for param in layer.parameters())
layer.zero_grad()
assert all(param.grad is None for param in layer.parameters())
