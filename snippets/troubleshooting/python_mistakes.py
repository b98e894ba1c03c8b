"""Two ways to break nn.Module's constructor: a missing pair of brackets, and the wrong order."""

# %% missing-brackets
import torch
from torch import nn

torch.manual_seed(0)


class MissingBrackets(nn.Module):
    def __init__(self):
        super.__init__()  # (1)!
        self.layer = nn.Linear(4, 2)  # never reached


try:
    MissingBrackets()
except TypeError as err:
    print("TypeError:", err)


# %% wrong-order
class WrongOrder(nn.Module):
    def __init__(self):
        self.layer = nn.Linear(4, 2)  # (1)!
        super().__init__()  # too late: the line above has already failed


try:
    WrongOrder()
except AttributeError as err:
    print("AttributeError:", err)


# %% fixed
class Fixed(nn.Module):
    def __init__(self):
        super().__init__()  # (1)!
        self.layer = nn.Linear(4, 2)

    def forward(self, x):
        return self.layer(x)


model = Fixed()
names = [name for name, _ in model.named_parameters()]
print("parameters:", names)
print("output shape:", tuple(model(torch.randn(3, 4)).shape))
