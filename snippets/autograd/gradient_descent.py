"""Gradient descent on f(x) = x^4/4 - x: a hand-written update and torch.optim.SGD agree."""

# %% slope
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch


def f(x):
    return x**4 / 4 - x  # f'(x) = x^3 - 1, so the minimum is at x = 1


x = torch.tensor(-1.5, requires_grad=True)  # (1)!
y = f(x)
y.backward()  # (2)!
print(f"x = {x.item()}, f(x) = {y.item()}, slope f'(x) = {x.grad.item()}")

# %% check
assert x.grad.item() == (-1.5) ** 3 - 1  # f'(x) = x^3 - 1

# %% one-step
LEARNING_RATE = 0.2
with torch.no_grad():  # (1)!
    x -= LEARNING_RATE * x.grad
x.grad = None  # the gradient is used up: clear it
print(f"after one step: x = {x.item():+.6f}, f(x) = {f(x).item():.6f}, x.grad = {x.grad}")

# %% check
assert x.item() == -1.5 - LEARNING_RATE * (-4.375)
assert f(x).item() < y.item()  # one step downhill
assert x.is_leaf and x.requires_grad  # the in-place update kept x the same leaf

# %% loop
START, STEPS = -1.5, 30
x = torch.tensor(START, requires_grad=True)
by_hand = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        x -= LEARNING_RATE * x.grad
    x.grad = None  # (1)!
    by_hand.append(x.item())
for step in (0, 1, 2, 5, 10, STEPS):
    print(f"step {step:2d}: x = {by_hand[step]:+.6f}")

# %% check
assert abs(by_hand[-1] - 1.0) < 1e-4  # converged to the minimum
assert abs(by_hand[-1] ** 3 - 1) < 1e-5  # where f'(x) = 0

# %% never-zeroed
x = torch.tensor(START, requires_grad=True)
never_zeroed = [x.item()]
for _ in range(STEPS):
    f(x).backward()  # adds this step's gradient to all the earlier ones
    with torch.no_grad():
        x -= LEARNING_RATE * x.grad
    never_zeroed.append(x.item())
late = never_zeroed[-10:]
print(f"never zeroing .grad: x swings between {min(late):+.6f} and {max(late):+.6f}")

# %% check
assert max(late) - min(late) > 2  # still swinging after 30 steps

# %% sgd
x = torch.tensor(START, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=LEARNING_RATE)  # (1)!
with_sgd = [x.item()]
for _ in range(STEPS):
    optimizer.zero_grad()  # x.grad = None
    f(x).backward()
    optimizer.step()  # (2)!
    with_sgd.append(x.item())
for step in (0, 1, 2, 5, 10, STEPS):
    print(f"step {step:2d}: by hand x = {by_hand[step]:+.6f}   SGD x = {with_sgd[step]:+.6f}")

# %% check
torch.testing.assert_close(torch.tensor(with_sgd), torch.tensor(by_hand))  # float32 tolerances

# %% momentum
MOMENTUM = 0.5
x = torch.tensor(START, requires_grad=True)
velocity = torch.zeros(())  # a 0-dim tensor, shape ()
momentum_by_hand = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        velocity = MOMENTUM * velocity + x.grad  # (1)!
        x -= LEARNING_RATE * velocity
    x.grad = None
    momentum_by_hand.append(x.item())
peak, final = max(momentum_by_hand), momentum_by_hand[-1]
print(f"momentum {MOMENTUM}: peak x = {peak:+.6f}, final x = {final:+.6f}")

# %% check
assert peak > 1.2  # it overshoots the minimum on the way ...
assert abs(final - 1.0) < 1e-3  # ... and still settles there
x = torch.tensor(START, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=LEARNING_RATE, momentum=MOMENTUM)
momentum_sgd = [x.item()]
for _ in range(STEPS):
    optimizer.zero_grad()
    f(x).backward()
    optimizer.step()
    momentum_sgd.append(x.item())
torch.testing.assert_close(torch.tensor(momentum_sgd), torch.tensor(momentum_by_hand))
# The other common form, v = mu * v + lr * g, x -= v: with a fixed lr its v is lr times PyTorch's,
# so the path is the same.
x = torch.tensor(START, requires_grad=True)
velocity = torch.zeros(())
lr_in_velocity = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        velocity = MOMENTUM * velocity + LEARNING_RATE * x.grad
        x -= velocity
    x.grad = None
    lr_in_velocity.append(x.item())
torch.testing.assert_close(torch.tensor(lr_in_velocity), torch.tensor(momentum_by_hand))

# %% plot
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))  # where the figure goes
FIGURES.mkdir(parents=True, exist_ok=True)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.axhline(1.0, color="grey", linewidth=1, label="minimum, x = 1")
ax.plot(by_hand, "o-", markersize=3, label="SGD (by hand = torch.optim.SGD)")
ax.plot(momentum_by_hand, "s-", markersize=3, label=f"SGD, momentum {MOMENTUM}")
ax.plot(never_zeroed, "x--", markersize=4, label=".grad never zeroed")
ax.set_xlabel("step")
ax.set_ylabel("x")
ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
plt.savefig(FIGURES / "gradient_descent.png", dpi=110, bbox_inches="tight", facecolor="white")
