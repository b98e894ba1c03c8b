"""Two ways to break nn.Module's constructor: a missing pair of brackets, and the wrong order."""

import torch
from torch import nn

torch.manual_seed(0)


class MissingBrackets(nn.Module):
    def __init__(self):
        super.__init__()  # (1)!
        self.layer = nn.Linear(4, 2)  # never reached


class WrongOrder(nn.Module):
    def __init__(self):
        self.layer = nn.Linear(4, 2)  # (2)!
        super().__init__()  # too late: the line above has already failed


class Fixed(nn.Module):
    def __init__(self):
        super().__init__()  # (3)!
        self.layer = nn.Linear(4, 2)

    def forward(self, x):
        return self.layer(x)


def broken_missing_brackets():
    return MissingBrackets()


def broken_wrong_order():
    return WrongOrder()


def fixed():
    model = Fixed()
    names = [name for name, _ in model.named_parameters()]
    # Registered parameters are what model.parameters() hands to the optimizer.
    assert names == ["layer.weight", "layer.bias"], names
    assert model(torch.randn(3, 4)).shape == (3, 2)
    return names


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_missing_brackets, TypeError)
    assert message == "descriptor '__init__' of 'super' object needs an argument"
    message = show_error(broken_wrong_order, AttributeError)
    assert message == "cannot assign module before Module.__init__() call"
    print("fixed: parameters", fixed())
