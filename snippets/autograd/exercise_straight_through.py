"""Exercise: round in the forward pass, pass the gradient through unchanged (straight-through)."""

import torch

x = torch.tensor([0.2, 0.7, 1.5, -1.2], requires_grad=True)
weights = torch.tensor([1.0, 2.0, 3.0, 4.0])

# round() is flat almost everywhere, so its gradient is zero: nothing learns through it.
(x.round() * weights).sum().backward()
print("gradient through round():", x.grad)
assert torch.equal(x.grad, torch.zeros(4))


def round_straight_through(t):
    # The detached part is a constant to autograd: the value is round(t), the gradient that of t.
    return t + (t.round() - t).detach()


x.grad = None
y = round_straight_through(x)
(y * weights).sum().backward()
print("forward value:", y.detach(), " gradient:", x.grad)
assert torch.equal(y.detach(), x.detach().round())
assert torch.equal(x.grad, weights)

# For evaluation, no graph is needed at all.
with torch.no_grad():
    z = round_straight_through(x)
assert not z.requires_grad and z.grad_fn is None
