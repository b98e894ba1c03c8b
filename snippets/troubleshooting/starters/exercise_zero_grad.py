"""Exercise: this loop fits y = 3x + 0.5, yet its loss never gets small. Find and fix the bug."""

import torch
from torch import nn

torch.manual_seed(0)
x = torch.linspace(-1, 1, 32).unsqueeze(1)  # 32 samples, 1 feature
y = 3 * x + 0.5
model = nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for _ in range(200):
    # TODO: something is missing in this loop
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()

print(f"final loss: {loss.item():.2e}")
print(f"learnt: weight = {model.weight.item():.4f}, bias = {model.bias.item():.4f}")
assert loss.item() < 1e-6, "the loss should be (almost) zero: a line fits a line exactly"
torch.testing.assert_close(model.weight, torch.tensor([[3.0]]))
torch.testing.assert_close(model.bias, torch.tensor([0.5]))
