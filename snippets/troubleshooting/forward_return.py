"""A forward() without return: the model returns None, and the error appears further down."""

import torch
from torch import nn

torch.manual_seed(0)
loss_fn = nn.CrossEntropyLoss()
batch = torch.randn(4, 3)
labels = torch.tensor([0, 2, 1, 1])


class NoReturn(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(3, 3)

    def forward(self, x):
        x = self.layer(x)  # (1)!


class Fixed(NoReturn):
    def forward(self, x):
        x = self.layer(x)
        return x  # (2)!


def broken_loss():
    model = NoReturn()
    return loss_fn(model(batch), labels)  # (3)!


def broken_argmax():
    model = NoReturn()
    return model(batch).argmax(dim=1)  # (4)!


def fixed():
    model = Fixed()
    scores = model(batch)
    assert scores is not None, "forward() returned None: is its return missing?"  # (5)!
    assert scores.shape == (4, 3)
    loss = loss_fn(scores, labels)
    loss.backward()  # the loss now reaches the layer's parameters
    assert model.layer.weight.grad is not None
    return scores


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    print("NoReturn()(batch) is", NoReturn()(batch))  # no error yet: None is a valid value
    message = show_error(broken_loss, TypeError)
    assert message == (
        "cross_entropy_loss(): argument 'input' (position 1) must be Tensor, not NoneType"
    )
    message = show_error(broken_argmax, AttributeError)
    assert message == "'NoneType' object has no attribute 'argmax'"
    print("fixed: scores of shape", tuple(fixed().shape))
