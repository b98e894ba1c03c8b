"""Forgetting zero_grad() raises nothing: backward() adds into .grad, so measure .grad."""

# %% data
import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(16, 3)
targets = inputs @ torch.tensor([[2.0], [-1.0], [0.5]])  # a linear target the model can learn
STEPS = 4


# %% measure
def gradient_ratios(zero_grad):
    """Train a few steps; each step compare .grad with this step's own gradient.
    zero_grad is where optimizer.zero_grad() goes: "before forward", "after forward" or None."""
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.002)
    ratios = []
    for _ in range(STEPS):
        if zero_grad == "before forward":
            optimizer.zero_grad()  # (1)!
        loss = nn.functional.mse_loss(model(inputs), targets)
        if zero_grad == "after forward":
            optimizer.zero_grad()  # just as good: it only has to come before backward()
        (this_step,) = torch.autograd.grad(loss, model.weight, retain_graph=True)  # (2)!
        loss.backward()
        ratios.append(round((model.weight.grad.norm() / this_step.norm()).item(), 2))
        optimizer.step()
    return ratios


# %% forgot-zero-grad
piling_up = gradient_ratios(zero_grad=None)
print("|.grad| / |this step's gradient| without zero_grad():", piling_up)

# %% check
# With a small learning rate consecutive gradients are almost equal, so the sum of k of
# them is about k times one.
assert [round(ratio) for ratio in piling_up] == [1, 2, 3, 4]

# %% fixed
before, after = gradient_ratios("before forward"), gradient_ratios("after forward")
print("with zero_grad() before forward:", before)
print("with zero_grad() after forward: ", after)

# %% check
assert before == after == [1.0] * STEPS  # both orders give each step its own gradient
