"""One weight, one sample: loss = (w x - y)^2 at x = 1, y = 2, w = 1 has gradient -2, not 2."""

# %% autograd
import torch

x, y = torch.tensor(1.0), torch.tensor(2.0)
w = torch.tensor(1.0, requires_grad=True)
y_hat = w * x  # forward pass: the prediction ...
y_hat.retain_grad()  # keep d loss / d y_hat too, to see the chain rule's first factor
loss = (y_hat - y) ** 2  # ... and the loss
loss.backward()
print(f"{loss = }, {y_hat.grad = }, {w.grad = }")

# %% by-hand
# Chain rule: d loss / dw = d loss / d y_hat * d y_hat / dw = 2 (w x - y) * x.
by_hand = 2 * (w.item() * x.item() - y.item()) * x.item()  # (1)!
print(f"by hand: 2 (w x - y) x = {by_hand}")

# %% check
assert y_hat.grad.item() == 2 * (y_hat.item() - y.item()) == -2.0
assert w.grad.item() == by_hand == -2.0
wrong_sign = 2 * (y.item() - w.item() * x.item()) * x.item()  # the inner derivative's minus lost
assert wrong_sign == 2.0 != w.grad.item()

# %% one-step
with torch.no_grad():
    w -= 0.1 * w.grad  # (1)!
loss_after = (w * x - y) ** 2
print(f"after one step: {w = }, {loss_after = }")

# %% check
assert w.item() > 1.0 and loss_after.item() < loss.item()
