"""An optimizer takes an iterable of tensors (or of parameter groups), never a bare tensor."""

import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(8, 3)
targets = inputs @ torch.tensor([2.0, -1.0, 0.5])  # a linear target: y = 2 x0 - x1 + 0.5 x2


def broken_bare_tensor():
    weight = torch.zeros(3, requires_grad=True)
    return torch.optim.SGD(weight, lr=0.1)  # (1)!


def one_step(optimizer, weight):
    """One step of gradient descent on the mean squared error; returns the loss before it."""
    optimizer.zero_grad()
    loss = ((inputs @ weight - targets) ** 2).mean()
    loss.backward()
    optimizer.step()
    return loss.item()


def fixed():
    weight = torch.zeros(3, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.1)  # (2)!
    assert optimizer.param_groups[0]["params"][0] is weight  # the optimizer holds that tensor
    losses = [one_step(optimizer, weight) for _ in range(3)]
    assert losses[0] > losses[1] > losses[2]  # the steps really update weight

    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # (3)!
    registered = optimizer.param_groups[0]["params"]
    assert len(registered) == 2  # weight and bias
    assert registered[0] is model.weight and registered[1] is model.bias
    return losses


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_bare_tensor, TypeError)
    assert message == (
        "params argument given to the optimizer should be an iterable of Tensors or dicts, "
        "but got torch.FloatTensor"
    )
    losses = fixed()
    print("fixed: losses of the first three steps", [round(loss, 4) for loss in losses])
