"""Reductions: sum and mean over a dim, keepdim, max with indices, argmax, std/var, cumsum."""

import numpy as np
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

# Without dim the whole tensor collapses to a 0-dim tensor.
assert x.sum().item() == 21.0 and x.sum().shape == ()

# With dim, that dimension is the one that disappears.
print(f"{x.sum(dim=0) = }")  # (1)!
print(f"{x.sum(dim=1) = }")
assert x.sum(dim=0).tolist() == [5.0, 7.0, 9.0] and x.sum(dim=0).shape == (3,)
assert x.sum(dim=1).tolist() == [6.0, 15.0] and x.sum(dim=1).shape == (2,)
assert x.mean(dim=0).tolist() == [2.5, 3.5, 4.5]
assert x.sum(dim=(0, 1)).item() == 21.0

# keepdim=True leaves a size-1 dimension behind, so the result broadcasts back against x.
row_sums = x.sum(dim=1, keepdim=True)  # (2)!
assert row_sums.shape == (2, 1)
torch.testing.assert_close((x / row_sums).sum(dim=1), torch.ones(2))  # each row now sums to 1

# max(dim) returns a named tuple: the values and where they were found.
best = x.max(dim=1)  # (3)!
print(f"{best.values = }")
print(f"{best.indices = }")
assert best.values.tolist() == [3.0, 6.0] and best.indices.tolist() == [2, 2]
values, indices = best  # it also unpacks like a plain tuple
assert torch.equal(values, best.values) and torch.equal(indices, x.argmax(dim=1))
assert x.max().item() == 6.0 and x.argmax().item() == 5  # no dim: index into the flattened tensor

# mean (and std, var) need a floating-point tensor.
try:
    torch.arange(4).mean()
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "Input dtype must be either a floating point or complex dtype" in str(err)
else:
    raise AssertionError("mean of an integer tensor should fail")
for reduction in (torch.std, torch.var):
    try:
        reduction(torch.arange(4))
    except RuntimeError as err:
        print(f"{reduction.__name__}: RuntimeError:", str(err).splitlines()[0])
        assert "only support floating point and complex" in str(err)
    else:
        raise AssertionError(f"{reduction.__name__} of an integer tensor should fail")
assert torch.arange(4).float().mean().item() == 1.5

# var and std divide by n - 1 by default (correction=1); NumPy divides by n (ddof=0).
v = torch.tensor([1.0, 2.0, 3.0, 4.0])
print(f"{v.var() = }")  # (4)!
print(f"{v.var(correction=0) = }")
torch.testing.assert_close(v.var(), torch.tensor(5 / 3))
torch.testing.assert_close(v.var(correction=0), torch.tensor(1.25))
assert np.var(v.numpy()) == 1.25
torch.testing.assert_close(v.std(), v.var().sqrt())

# cumsum keeps the shape: element i is the sum of everything up to and including i.
print(f"{torch.arange(1, 5).cumsum(dim=0) = }")
assert torch.arange(1, 5).cumsum(dim=0).tolist() == [1, 3, 6, 10]
assert x.cumsum(dim=1).tolist() == [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]]
