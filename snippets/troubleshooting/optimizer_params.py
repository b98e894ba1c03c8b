"""An optimizer takes an iterable of tensors (or of parameter groups), never a bare tensor."""

# %% bare-tensor
import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(8, 3)
targets = inputs @ torch.tensor([2.0, -1.0, 0.5])  # a linear target: y = 2 x0 - x1 + 0.5 x2
weight = torch.zeros(3, requires_grad=True)
try:
    torch.optim.SGD(weight, lr=0.1)  # (1)!
except TypeError as err:
    print("TypeError:", err)


# %% list-of-tensors
def one_step(optimizer, weight):
    """One step of gradient descent on the mean squared error; returns the loss before it."""
    optimizer.zero_grad()
    loss = ((inputs @ weight - targets) ** 2).mean()
    loss.backward()
    optimizer.step()
    return loss.item()


optimizer = torch.optim.SGD([weight], lr=0.1)  # (1)!
losses = [one_step(optimizer, weight) for _ in range(3)]
print("losses of the first three steps:", [round(loss, 4) for loss in losses])

# %% check
assert optimizer.param_groups[0]["params"][0] is weight  # the optimizer holds that tensor
assert losses[0] > losses[1] > losses[2]  # the steps really update weight

# %% model-parameters
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # (1)!
registered = optimizer.param_groups[0]["params"]
print("the optimizer holds:", [tuple(p.shape) for p in registered])

# %% check
assert registered[0] is model.weight and registered[1] is model.bias
