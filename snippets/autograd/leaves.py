"""Leaves and .grad: requires_grad, leaf vs non-leaf, retain_grad, and gradients that add up."""

import warnings

import torch
import torch.nn.functional as F
from torch.testing import assert_close

# Tensors you create yourself are leaves; autograd tracks the ones with requires_grad=True.
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # (1)!
x = torch.tensor([4.0, 5.0, 6.0])
assert w.is_leaf and w.requires_grad and w.grad_fn is None
assert x.is_leaf and not x.requires_grad
try:
    torch.tensor([1, 2, 3], requires_grad=True)  # integers have no gradient
except RuntimeError as err:
    print("integer tensor with requires_grad=True: RuntimeError:", err)
else:
    raise AssertionError("an integer tensor should not be allowed to require grad")

# A result computed from a tracked tensor is a non-leaf: its grad_fn records how it was made.
product = w * x
loss = product.sum()
print(f"{product.is_leaf = }, {product.grad_fn.name() = }, {loss.grad_fn.name() = }")
assert not product.is_leaf and product.requires_grad
assert product.grad_fn.name() == "MulBackward0" and loss.grad_fn.name() == "SumBackward0"

loss.backward()  # (2)!
print(f"{w.grad = }")
assert torch.equal(w.grad, x)  # d(sum(w * x)) / dw = x
assert x.grad is None  # x was never tracked

# Intermediate results get no .grad, and reading it warns that it will stay None.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert product.grad is None  # (3)!
print("reading product.grad warns:", str(caught[0].message).split(". ")[0])
assert "not a leaf" in str(caught[0].message)

# retain_grad() asks autograd to keep the gradient of one intermediate tensor as well.
w.grad = None
product = w * x
product.retain_grad()  # (4)!
(product**2).sum().backward()
print(f"{product.grad = }")
assert torch.equal(product.grad, 2 * product.detach())  # d(sum(p**2)) / dp = 2p
assert torch.equal(w.grad, 2 * product.detach() * x)  # chain rule: 2p * dp/dw

# backward() adds into .grad instead of overwriting it.
w.grad = None
for _ in range(3):
    (w * x).sum().backward()
print("w.grad after 3 backward calls:", w.grad)
assert torch.equal(w.grad, 3 * x)  # (5)!

# That is what makes gradient accumulation work: micro-batches add up to the full batch.
batch = torch.tensor([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [3.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
targets = torch.tensor([5.0, 3.0, 4.0, 6.0])
ACCUMULATION_STEPS = 2  # two micro-batches of the same size
micro_batches = list(zip(batch.split(2), targets.split(2), strict=True))

# With a sum loss, the micro-batch gradients add up to the full-batch gradient as they are.
w.grad = None
F.mse_loss(batch @ w, targets, reduction="sum").backward()
full_sum_grad = w.grad.clone()
w.grad = None
for inputs, target in micro_batches:
    F.mse_loss(inputs @ w, target, reduction="sum").backward()
assert_close(w.grad, full_sum_grad)

# A mean loss (the default of the nn losses) averages over its own micro-batch only: the
# accumulated gradient is ACCUMULATION_STEPS times too large until each loss is divided.
w.grad = None
F.mse_loss(batch @ w, targets).backward()
full_mean_grad = w.grad.clone()
w.grad = None
for inputs, target in micro_batches:
    F.mse_loss(inputs @ w, target).backward()
print("mean loss, full batch:       ", full_mean_grad)
print("mean loss, accumulated as is:", w.grad)
assert not torch.allclose(w.grad, full_mean_grad)
assert_close(w.grad, ACCUMULATION_STEPS * full_mean_grad)
w.grad = None
for inputs, target in micro_batches:
    (F.mse_loss(inputs @ w, target) / ACCUMULATION_STEPS).backward()  # (6)!
print("mean loss, each / steps:     ", w.grad)
assert_close(w.grad, full_mean_grad)

# With unequal micro-batches (3 + 1 samples), dividing by the steps is not enough: weight each
# micro-batch mean by its share of the samples instead.
w.grad = None
for inputs, target in zip(batch.split([3, 1]), targets.split([3, 1]), strict=True):
    (F.mse_loss(inputs @ w, target) / ACCUMULATION_STEPS).backward()
print("unequal 3 + 1, each / steps: ", w.grad)
assert not torch.allclose(w.grad, full_mean_grad)
w.grad = None
for inputs, target in zip(batch.split([3, 1]), targets.split([3, 1]), strict=True):
    (F.mse_loss(inputs @ w, target) * len(inputs) / len(batch)).backward()
assert_close(w.grad, full_mean_grad)

# So clear the gradients before each new step: in place, or by dropping them.
grad_tensor = w.grad
w.grad.zero_()  # (7)!
assert w.grad is grad_tensor and torch.equal(w.grad, torch.zeros(3))  # same tensor, now zeros
w.grad = None
assert w.grad is None

# Modules and optimizers do it for all their parameters at once (and drop them, by default).
torch.manual_seed(0)  # nn.Linear starts from random weights
layer = torch.nn.Linear(3, 1)
layer(batch).sum().backward()
assert layer.weight.grad is not None and layer.bias.grad is not None
layer.zero_grad()  # (8)!
print(f"after layer.zero_grad(): {layer.weight.grad = }, {layer.bias.grad = }")
assert all(param.grad is None for param in layer.parameters())
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
layer(batch).sum().backward()
assert all(param.grad is not None for param in layer.parameters())
optimizer.zero_grad()
assert all(param.grad is None for param in layer.parameters())
