"""backward() on a scalar, and on a vector with gradient=: a vector-Jacobian product."""

# %% scalar
import torch
from torch.autograd.functional import jacobian

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
out = (x**2).sum()
out.backward()
print("d(sum x^2)/dx:", x.grad)


# %% vector
def f(x):
    """R^3 -> R^2: f(x) = (x0 * x1, x1 + x2^2)."""
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x.grad = None
y = f(x)
try:
    y.backward()  # a vector has a whole Jacobian, not one gradient
except RuntimeError as err:
    print("y.backward() on a vector: RuntimeError:", err)

# %% gradient-v
v = torch.tensor([1.0, -1.0])
y.backward(gradient=v)  # (1)!
print("v^T J via backward:", x.grad)

# %% jacobian
J = jacobian(f, x.detach())  # (1)!
print(f"Jacobian J:\n{J}")
print("v @ J:", v @ J)

# %% check
x0, x1, x2 = x.tolist()
torch.testing.assert_close(J, torch.tensor([[x1, x0, 0.0], [0.0, 1.0, 2 * x2]]))
assert J.shape == (y.numel(), x.numel())
torch.testing.assert_close(x.grad, v @ J)
torch.testing.assert_close(torch.func.jacrev(f)(x.detach()), J)  # torch.func: the same matrix
# gradient=ones is the same as calling backward() on y.sum().
x.grad = None
f(x).backward(gradient=torch.ones(2))
via_ones = x.grad.clone()
x.grad = None
f(x).sum().backward()
torch.testing.assert_close(x.grad, via_ones)
torch.testing.assert_close(via_ones, J.sum(dim=0))
