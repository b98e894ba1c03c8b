"""Misspelt or misused PyTorch names: each fails with an AttributeError or a TypeError."""

# %% save-tensors
import torch
from torch import nn

torch.manual_seed(0)


class BrokenSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_tensors(x)  # (1)!
        return x * x  # never reached: ctx.save_tensors raises first


try:
    BrokenSquare.apply(torch.ones(3, requires_grad=True))
except AttributeError as err:
    print("AttributeError:", err)


# %% save-for-backward
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)  # (1)!
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (saved,) = ctx.saved_tensors
        return 2 * saved * grad_output


x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
Square.apply(x).sum().backward()
print("x.grad =", x.grad)

# %% check
assert torch.equal(x.grad, 2 * x.detach())  # the derivative of x * x

# %% grad-call
w = torch.ones(3, requires_grad=True)
(w * w).sum().backward()
try:
    w.grad()  # (1)!
except TypeError as err:
    print("TypeError:", err)
print("w.grad =", w.grad)  # the fix: .grad is an attribute, no brackets

# %% grad-zero
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model(x.detach()).sum().backward()
print("after backward():  model.weight.grad =", model.weight.grad)
try:
    optimizer.grad_zero()
except AttributeError as err:
    print("AttributeError:", err)
optimizer.zero_grad()  # (1)!
print("after zero_grad(): model.weight.grad =", model.weight.grad)

# %% check
assert all(p.grad is None for p in model.parameters())  # zero_grad() sets .grad to None

# %% paramters
model = nn.Linear(3, 2)
try:
    torch.optim.SGD(model.paramters(), lr=0.1)
except AttributeError as err:
    print("AttributeError:", err)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
print("tensors given to SGD:", [tuple(p.shape) for p in optimizer.param_groups[0]["params"]])

# %% nn-torch
try:
    nn.torch.SGD(model.parameters(), lr=0.1)  # (1)!
except AttributeError as err:
    print("AttributeError:", err)
print(torch.optim.SGD)  # the optimizers live in torch.optim
