"""A forward() without return: the model returns None, and the error appears further down."""

# %% no-return
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


model = NoReturn()
scores = model(batch)  # no error yet: None is a valid value
print("scores is", scores)

# %% errors-further-down
try:
    loss_fn(scores, labels)  # (1)!
except TypeError as err:
    print("TypeError:", err)
try:
    scores.argmax(dim=1)  # (2)!
except AttributeError as err:
    print("AttributeError:", err)


# %% fixed
class Fixed(NoReturn):
    def forward(self, x):
        x = self.layer(x)
        return x  # (1)!


model = Fixed()
scores = model(batch)
print("scores of shape", tuple(scores.shape))
loss = loss_fn(scores, labels)
loss.backward()  # the loss now reaches the layer's parameters
print(f"loss = {loss.item():.4f}")

# %% check
assert scores is not None, "forward() returned None: is its return missing?"
assert model.layer.weight.grad is not None
