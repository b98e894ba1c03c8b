"""Misspelt or misused PyTorch names: each fails with an AttributeError or a TypeError."""

import torch
from torch import nn

torch.manual_seed(0)


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return 2 * x * grad_output


class BrokenSquare(Square):  # the same Function with one typo in forward
    @staticmethod
    def forward(ctx, x):
        ctx.save_tensors(x)  # (1)!
        return x * x  # never reached: ctx.save_tensors raises first


def broken_save_tensors():
    return BrokenSquare.apply(torch.ones(3, requires_grad=True))


def broken_grad_call():
    w = torch.ones(3, requires_grad=True)
    (w * w).sum().backward()
    return w.grad()  # (2)!


def broken_grad_zero():
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.grad_zero()


def broken_paramters():
    model = nn.Linear(3, 1)
    return torch.optim.SGD(model.paramters(), lr=0.1)


def broken_nn_torch():
    return nn.torch.SGD(nn.Linear(3, 1).parameters(), lr=0.1)  # (3)!


def fixed():
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    Square.apply(x).sum().backward()
    assert torch.equal(x.grad, 2 * x.detach())  # .grad is an attribute: no brackets

    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # the optimizers live in torch.optim
    model(x.detach()).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    optimizer.zero_grad()  # (4)!
    assert all(p.grad is None for p in model.parameters())
    return x.grad


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_save_tensors, AttributeError)
    assert message == "'BrokenSquareBackward' object has no attribute 'save_tensors'"
    message = show_error(broken_grad_call, TypeError)
    assert message == "'Tensor' object is not callable"
    message = show_error(broken_grad_zero, AttributeError)
    assert message == "'SGD' object has no attribute 'grad_zero'"
    message = show_error(broken_paramters, AttributeError)
    assert message == "'Linear' object has no attribute 'paramters'"
    message = show_error(broken_nn_torch, AttributeError)
    assert message == "module 'torch.nn' has no attribute 'torch'"
    print("fixed: x.grad =", fixed())
