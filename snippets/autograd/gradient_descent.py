"""Gradient descent on f(x) = x^4/4 - x: a hand-written update and torch.optim.SGD agree."""

import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch.testing import assert_close

START, LEARNING_RATE, STEPS = -1.5, 0.2, 30


def f(x):
    return x**4 / 4 - x  # f'(x) = x^3 - 1, so the minimum is at x = 1


# By hand: compute the gradient, step against it inside no_grad, then clear it.
x = torch.tensor(START, requires_grad=True)
by_hand = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        x -= LEARNING_RATE * x.grad  # (1)!
    x.grad = None  # (2)!
    by_hand.append(x.item())
assert x.is_leaf and x.requires_grad  # the in-place updates kept x the same leaf

# With an optimizer: zero_grad / backward / step does the same.
x = torch.tensor(START, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=LEARNING_RATE)
with_sgd = [x.item()]
for _ in range(STEPS):
    optimizer.zero_grad()
    f(x).backward()
    optimizer.step()  # (3)!
    with_sgd.append(x.item())

for step in (0, 1, 2, 5, 10, STEPS):
    print(f"step {step:2d}: by hand x = {by_hand[step]:+.6f}   SGD x = {with_sgd[step]:+.6f}")
assert_close(torch.tensor(with_sgd), torch.tensor(by_hand))  # float32 tolerances
assert abs(by_hand[-1] - 1.0) < 1e-4  # converged to the minimum
assert abs(by_hand[-1] ** 3 - 1) < 1e-5  # where f'(x) = 0

# Momentum, written the way torch.optim.SGD defines it: v = mu * v + g, then x -= lr * v.
MOMENTUM = 0.5
x = torch.tensor(START, requires_grad=True)
velocity = torch.zeros(())
momentum_by_hand = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        velocity = MOMENTUM * velocity + x.grad  # (4)!
        x -= LEARNING_RATE * velocity
    x.grad = None
    momentum_by_hand.append(x.item())

x = torch.tensor(START, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=LEARNING_RATE, momentum=MOMENTUM)
momentum_sgd = [x.item()]
for _ in range(STEPS):
    optimizer.zero_grad()
    f(x).backward()
    optimizer.step()
    momentum_sgd.append(x.item())
assert_close(torch.tensor(momentum_sgd), torch.tensor(momentum_by_hand))

# The other common form folds the learning rate into the velocity: v = mu * v + lr * g, x -= v.
# With a fixed learning rate its v is just lr times PyTorch's, so the path is the same.
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
assert_close(torch.tensor(lr_in_velocity), torch.tensor(momentum_by_hand))
peak, final = max(momentum_by_hand), momentum_by_hand[-1]
print(f"momentum {MOMENTUM}: peak x = {peak:+.6f}, final x = {final:+.6f}")
assert peak > 1.2  # it overshoots the minimum on the way ...
assert abs(final - 1.0) < 1e-3  # ... and still settles there

# Forgetting to clear the gradient makes every step use the sum of all past gradients.
x = torch.tensor(START, requires_grad=True)
never_zeroed = [x.item()]
for _ in range(STEPS):
    f(x).backward()
    with torch.no_grad():
        x -= LEARNING_RATE * x.grad
    never_zeroed.append(x.item())
late = never_zeroed[-10:]  # the last ten steps
print(f"never zeroing .grad: x swings between {min(late):+.6f} and {max(late):+.6f}")
assert max(late) - min(late) > 2  # (5)!

# Plot x against the step number for the three runs (the figure on the page).
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.axhline(1.0, color="grey", linewidth=1, label="minimum, x = 1")
ax.plot(by_hand, "o-", markersize=3, label="SGD (by hand = torch.optim.SGD)")
ax.plot(momentum_by_hand, "s-", markersize=3, label=f"SGD, momentum {MOMENTUM}")
ax.plot(never_zeroed, "x--", markersize=4, label=".grad never zeroed")
ax.set_xlabel("step")
ax.set_ylabel("x")
ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "gradient_descent.png", dpi=110, bbox_inches="tight", facecolor="white")
