"""Leaves and .grad: requires_grad, leaf vs non-leaf, retain_grad, and gradients that add up."""

import warnings

import torch

# Tensors you create yourself are leaves; autograd tracks the ones with requires_grad=True.
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # (1)!
x = torch.tensor([4.0, 5.0, 6.0])
assert w.is_leaf and w.requires_grad and w.grad_fn is None
assert x.is_leaf and not x.requires_grad
try:
    torch.tensor([1, 2, 3], requires_grad=True)  # integers have no gradient
except RuntimeError as err:
    print("RuntimeError:", err)
else:
    raise AssertionError("an integer tensor should not be allowed to require grad")

# A result computed from a tracked tensor is a non-leaf: its grad_fn records how it was made.
product = w * x
loss = product.sum()
print("product:", product.is_leaf, product.grad_fn.name(), "| loss:", loss.grad_fn.name())
assert not product.is_leaf and product.requires_grad
assert product.grad_fn.name() == "MulBackward0" and loss.grad_fn.name() == "SumBackward0"

loss.backward()  # (2)!
print("w.grad:", w.grad)
assert torch.equal(w.grad, x)  # d(sum(w * x)) / dw = x
assert x.grad is None  # x was never tracked

# Intermediate results get no .grad, and reading it warns that it will stay None.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert product.grad is None  # (3)!
print("warning:", str(caught[0].message).split(". ")[0])
assert "not a leaf" in str(caught[0].message)

# retain_grad() asks autograd to keep the gradient of one intermediate tensor as well.
w.grad = None
product = w * x
product.retain_grad()  # (4)!
(product**2).sum().backward()
print("product.grad:", product.grad)
assert torch.equal(product.grad, 2 * product.detach())  # d(sum(p**2)) / dp = 2p
assert torch.equal(w.grad, 2 * product.detach() * x)  # chain rule: 2p * dp/dw

# backward() adds into .grad instead of overwriting it.
w.grad = None
for _ in range(3):
    (w * x).sum().backward()
print("after 3 backward calls:", w.grad)
assert torch.equal(w.grad, 3 * x)  # (5)!

# That is what makes gradient accumulation work: two half-batches give the full-batch gradient.
batch = torch.tensor([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [3.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
w.grad = None
(batch @ w).square().sum().backward()
full_batch_grad = w.grad.clone()
w.grad = None
for half in batch.split(2):
    (half @ w).square().sum().backward()
assert torch.equal(w.grad, full_batch_grad)

# So clear the gradients before each new step: in place, or by dropping them.
w.grad.zero_()  # (6)!
assert torch.equal(w.grad, torch.zeros(3))
w.grad = None
assert w.grad is None

# Modules and optimizers do it for all their parameters at once (and drop them, by default).
torch.manual_seed(0)  # nn.Linear starts from random weights
layer = torch.nn.Linear(3, 1)
layer(batch).sum().backward()
assert layer.weight.grad is not None and layer.bias.grad is not None
layer.zero_grad()  # (7)!
print("after layer.zero_grad():", layer.weight.grad, layer.bias.grad)
assert all(param.grad is None for param in layer.parameters())
