"""backward() on a scalar, and on a vector with gradient=: a vector-Jacobian product."""

import torch
from torch.autograd.functional import jacobian
from torch.testing import assert_close

# A scalar output: backward() needs no argument and fills x.grad with d(out)/dx.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
out = (x**2).sum()
out.backward()
print("d(sum x^2)/dx:", x.grad)
assert_close(x.grad, 2 * x.detach())


def f(x):
    """R^3 -> R^2: f(x) = (x0 * x1, x1 + x2^2)."""
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


# A vector output has a whole Jacobian, not one gradient, so backward() refuses to guess.
x.grad = None
y = f(x)
try:
    y.backward()
except RuntimeError as err:
    print("y.backward() on a vector: RuntimeError:", err)
else:
    raise AssertionError("backward() on a non-scalar needs gradient=")

# gradient=v asks for v^T J: the gradient of the scalar v . y, without ever building J.
v = torch.tensor([1.0, -1.0])
y.backward(gradient=v)  # (1)!
print("v^T J via backward:", x.grad)

# Check against the full Jacobian (2 outputs x 3 inputs) and its closed form.
J = jacobian(f, x.detach())  # (2)!
print(f"Jacobian J:\n{J}")
x0, x1, x2 = x.tolist()
assert_close(J, torch.tensor([[x1, x0, 0.0], [0.0, 1.0, 2 * x2]]))
assert J.shape == (y.numel(), x.numel())
assert_close(x.grad, v @ J)
assert_close(torch.func.jacrev(f)(x.detach()), J)  # torch.func computes the same matrix

# gradient=ones is the same as calling backward() on y.sum().
x.grad = None
f(x).backward(gradient=torch.ones(2))
via_ones = x.grad.clone()
x.grad = None
f(x).sum().backward()
assert_close(x.grad, via_ones)
assert_close(via_ones, J.sum(dim=0))
