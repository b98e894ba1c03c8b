"""The 60-minute-blitz example: out = mean(3 (x + 2)^2), its gradient 4.5, and backward(1.)."""

# %% forward
import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = 3 * y**2
out = z.mean()  # (1)!
print(f"{y.grad_fn.name() = }, {z.grad_fn.name() = }, {out.grad_fn.name() = }")
print(f"{out = }")

# %% check
assert z.grad_fn.next_functions[0][0].name() == "PowBackward0"  # y**2, before the 3 *
assert out.item() == 27.0  # 3 * (1 + 2)^2, the same in all four entries

# %% backward
out.backward()  # (1)!
print("x.grad after out.backward():", x.grad)

# %% check
assert torch.equal(x.grad, torch.full((2, 2), 4.5))
torch.testing.assert_close(x.grad, 6 * (x.detach() + 2) / x.numel())  # 6 (x_i + 2) / 4
(sum_grad,) = torch.autograd.grad((3 * (x + 2) ** 2).sum(), x)  # the same without the mean
assert torch.equal(sum_grad, torch.full((2, 2), 18.0))  # four times larger

# %% explicit-one
implicit = x.grad.clone()
x.grad = None
out = (3 * (x + 2) ** 2).mean()
out.backward(torch.tensor(1.0))  # (1)!
print("x.grad after out.backward(torch.tensor(1.)):", x.grad)

# %% check
assert torch.equal(x.grad, implicit)
# Any other starting value scales every gradient by it.
x.grad = None
(3 * (x + 2) ** 2).mean().backward(torch.tensor(2.0))
assert torch.equal(x.grad, 2 * implicit)
