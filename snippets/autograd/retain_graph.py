"""retain_graph=True: backward through the same graph twice, and the error you get without it."""

import math

import torch
from torch.testing import assert_close

x = torch.tensor(2.0, requires_grad=True)
y = x * x.exp()  # (1)!
assert torch.equal(y.grad_fn._saved_self, x) and torch.equal(y.grad_fn._saved_other, x.exp())
expected = (1 + 2.0) * math.exp(2.0)  # d(x e^x)/dx = (1 + x) e^x

# The first backward() frees the tensors the graph saved, unless told to keep them.
y.backward(retain_graph=True)  # (2)!
assert_close(x.grad.item(), expected)
y.backward()  # allowed once more, and the gradient accumulates
assert_close(x.grad.item(), 2 * expected)

# A third pass finds the saved tensors gone.
try:
    y.backward()
except RuntimeError as err:
    print("third backward(): RuntimeError:", str(err).split(". ")[0])
    assert "second time" in str(err)
else:
    raise AssertionError("the graph should have been freed by the last backward()")

# Where you meet it: two losses that share one graph.
x.grad = None
shared = x.exp()
loss_a, loss_b = shared.sum(), (shared**2).sum()
loss_a.backward(retain_graph=True)  # loss_b still needs the graph
loss_b.backward()
two_passes = x.grad.clone()
print("two passes:", two_passes)

# Usually better: add the losses and walk the graph once, nothing to retain.
x.grad = None
shared = x.exp()
(shared.sum() + (shared**2).sum()).backward()  # (3)!
print("one pass:  ", x.grad)
assert_close(x.grad, two_passes)
assert_close(two_passes.item(), math.exp(2.0) + 2 * math.exp(4.0))
