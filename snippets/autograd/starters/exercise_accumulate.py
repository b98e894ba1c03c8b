"""Exercise: accumulate four micro-batches into the full-batch gradient; then skip the zeroing."""

import torch
from torch import nn

torch.manual_seed(0)
inputs, targets = torch.randn(8, 3), torch.randn(8, 1)
model = nn.Linear(3, 1)
loss_fn = nn.MSELoss()  # a mean over the samples it is given

loss_fn(model(inputs), targets).backward()
full_batch = [param.grad.clone() for param in model.parameters()]
model.zero_grad()

STEPS = 4  # four micro-batches of two samples each
for x, y in zip(inputs.chunk(STEPS), targets.chunk(STEPS), strict=True):
    # TODO: each micro-batch's loss is a mean over 2 samples; scale it so the sum is right.
    loss_fn(model(x), y).backward()
for name, param, expected in zip(["weight", "bias"], model.parameters(), full_batch, strict=True):
    print(f"{name}: accumulated {param.grad.flatten()}, full batch {expected.flatten()}")
    assert torch.allclose(param.grad, expected, atol=1e-6)

# Two backward passes without zeroing in between: the gradient is their sum.
model.zero_grad()
for _ in range(2):
    loss_fn(model(inputs), targets).backward()
print("weight gradient after two passes, never zeroed:", model.weight.grad.flatten())
assert torch.allclose(model.weight.grad, 2 * full_batch[0])
