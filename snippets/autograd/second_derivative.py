"""create_graph=True: differentiate a derivative, checked against the closed form."""

import warnings

import torch
from torch.testing import assert_close

# f(x) = x^3 sin(x), at a few points at once (each output depends only on its own x).
x = torch.linspace(-2.0, 2.0, steps=5, dtype=torch.float64, requires_grad=True)
y = x**3 * torch.sin(x)

# create_graph=True records the backward pass itself, so its result can be differentiated.
(dy_dx,) = torch.autograd.grad(y.sum(), x, create_graph=True)  # (1)!
(d2y_dx2,) = torch.autograd.grad(dy_dx.sum(), x)  # (2)!

# The closed forms, by the product rule.
with torch.no_grad():
    first = 3 * x**2 * torch.sin(x) + x**3 * torch.cos(x)
    second = 6 * x * torch.sin(x) + 6 * x**2 * torch.cos(x) - x**3 * torch.sin(x)
print("x:       ", x.detach())
print("f'(x):   ", dy_dx.detach())
print("f''(x):  ", d2y_dx2)
assert_close(dy_dx.detach(), first)
assert_close(d2y_dx2, second)

# backward(create_graph=True) works too, but PyTorch warns: x.grad now holds a graph that
# refers back to x, a reference cycle. That is why autograd.grad is the better tool here.
y = x**3 * torch.sin(x)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y.sum().backward(create_graph=True)  # (3)!
assert any("reference cycle" in str(w.message) for w in caught)
assert x.grad.requires_grad
first_derivative = x.grad
x.grad = None  # breaks the cycle, and keeps f'' from being added onto f'
first_derivative.sum().backward()
assert_close(x.grad, second)

# Without create_graph the first derivative is a plain tensor: there is nothing to go back through.
(plain,) = torch.autograd.grad((x**3 * torch.sin(x)).sum(), x)
assert not plain.requires_grad and plain.grad_fn is None
try:
    torch.autograd.grad(plain.sum(), x)
except RuntimeError as err:
    print("grad of a derivative taken without create_graph: RuntimeError:", err)
else:
    raise AssertionError("a derivative taken without create_graph is not differentiable")
