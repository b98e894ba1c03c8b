"""retain_graph=True: backward through the same graph twice, and the error you get without it."""

# %% saved
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x * x.exp()  # (1)!
print(f"{y = }")

# %% check
assert torch.equal(y.grad_fn._saved_self, x) and torch.equal(y.grad_fn._saved_other, x.exp())

# %% retain
y.backward(retain_graph=True)  # (1)!
print(f"after the first backward(): {x.grad = }")
y.backward()  # allowed once more, and the gradient accumulates
print(f"after the second backward(): {x.grad = }")

# %% check
import math

expected = (1 + 2.0) * math.exp(2.0)  # d(x e^x)/dx = (1 + x) e^x
torch.testing.assert_close(x.grad.item(), 2 * expected)

# %% freed
try:
    y.backward()
except RuntimeError as err:
    print("third backward(): RuntimeError:", str(err).split(". ")[0])

# %% two-losses
x.grad = None
shared = x.exp()
loss_a, loss_b = shared.sum(), (shared**2).sum()
loss_a.backward(retain_graph=True)  # loss_b still needs the graph
loss_b.backward()
two_passes = x.grad.clone()
print("two passes:", two_passes)

# %% one-pass
x.grad = None
shared = x.exp()
(shared.sum() + (shared**2).sum()).backward()  # (1)!
print("one pass:  ", x.grad)

# %% check
torch.testing.assert_close(x.grad, two_passes)
torch.testing.assert_close(two_passes.item(), math.exp(2.0) + 2 * math.exp(4.0))
