"""create_graph=True: differentiate a derivative, checked against the closed form."""

# %% grad-of-grad
import warnings

import torch

# f(x) = x^3 sin(x), at a few points at once.
x = torch.linspace(-2.0, 2.0, steps=5, dtype=torch.float64, requires_grad=True)
y = x**3 * torch.sin(x)
(dy_dx,) = torch.autograd.grad(y.sum(), x, create_graph=True)  # (1)!
(d2y_dx2,) = torch.autograd.grad(dy_dx.sum(), x)  # (2)!
print("x:       ", x.detach())
print("f'(x):   ", dy_dx.detach())
print("f''(x):  ", d2y_dx2)

# %% check
with torch.no_grad():  # the closed forms, by the product rule
    first = 3 * x**2 * torch.sin(x) + x**3 * torch.cos(x)
    second = 6 * x * torch.sin(x) + 6 * x**2 * torch.cos(x) - x**3 * torch.sin(x)
torch.testing.assert_close(dy_dx.detach(), first)
torch.testing.assert_close(d2y_dx2, second)

# %% with-backward
y = x**3 * torch.sin(x)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y.sum().backward(create_graph=True)  # (1)!
print("warning:", str(caught[0].message).split(".")[0])
first_derivative = x.grad
x.grad = None  # breaks the cycle, and keeps f'' from being added onto f'
first_derivative.sum().backward()
print("f''(x) again:", x.grad)

# %% check
assert any("reference cycle" in str(w.message) for w in caught)
torch.testing.assert_close(x.grad, second)

# %% without-create-graph
(plain,) = torch.autograd.grad((x**3 * torch.sin(x)).sum(), x)
print(f"{plain.requires_grad = }, {plain.grad_fn = }")
try:
    torch.autograd.grad(plain.sum(), x)
except RuntimeError as err:
    print("grad of a derivative taken without create_graph: RuntimeError:", err)
