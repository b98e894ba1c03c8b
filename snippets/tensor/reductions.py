"""Reductions: sum and mean over a dim, keepdim, max with indices, argmax, std/var, cumsum."""

# %% sum-over-dim
import numpy as np
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(f"{x.sum() = }")  # no dim: everything collapses to a 0-dim tensor
print(f"{x.sum(dim=0) = }")  # (1)!
print(f"{x.sum(dim=1) = }")
print(f"{x.mean(dim=0) = }")

# %% check
assert x.sum().item() == 21.0 and x.sum().shape == ()
assert x.sum(dim=0).tolist() == [5.0, 7.0, 9.0] and x.sum(dim=0).shape == (3,)
assert x.sum(dim=1).tolist() == [6.0, 15.0] and x.sum(dim=1).shape == (2,)
assert x.mean(dim=0).tolist() == [2.5, 3.5, 4.5]
assert x.sum(dim=(0, 1)).item() == 21.0

# %% keepdim
row_sums = x.sum(dim=1, keepdim=True)  # (1)!
print(f"{row_sums.shape = }")
print(f"{(x / row_sums).sum(dim=1) = }")  # each row now sums to 1

# %% check
torch.testing.assert_close((x / row_sums).sum(dim=1), torch.ones(2))

# %% max
best = x.max(dim=1)  # (1)!
print(f"{best.values = }")
print(f"{best.indices = }")
values, indices = best
print(f"{x.argmax(dim=1) = }")
print(f"{x.max() = }, {x.argmax() = }")  # no dim: an index into the flattened tensor

# %% check
assert best.values.tolist() == [3.0, 6.0] and best.indices.tolist() == [2, 2]
assert torch.equal(values, best.values) and torch.equal(indices, x.argmax(dim=1))
assert x.max().item() == 6.0 and x.argmax().item() == 5

# %% float-only
try:
    torch.arange(4).mean()
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
for reduction in (torch.std, torch.var):
    try:
        reduction(torch.arange(4))
    except RuntimeError as err:
        print(f"{reduction.__name__}: RuntimeError:", str(err).splitlines()[0])
print(f"{torch.arange(4).float().mean() = }")  # convert first

# %% check
assert torch.arange(4).float().mean().item() == 1.5

# %% var
v = torch.tensor([1.0, 2.0, 3.0, 4.0])
print(f"{v.var() = }")  # (1)!
print(f"{v.var(correction=0) = }")
print(f"np.var: {np.var(v.numpy()):.4f}")  # NumPy divides by n

# %% check
torch.testing.assert_close(v.var(), torch.tensor(5 / 3))
torch.testing.assert_close(v.var(correction=0), torch.tensor(1.25))
assert np.var(v.numpy()) == 1.25
torch.testing.assert_close(v.std(), v.var().sqrt())

# %% cumsum
print(f"{torch.arange(1, 5).cumsum(dim=0) = }")  # element i: the sum up to and including i
print(f"x.cumsum(dim=1):\n{x.cumsum(dim=1)}")

# %% check
assert torch.arange(1, 5).cumsum(dim=0).tolist() == [1, 3, 6, 10]
assert x.cumsum(dim=1).tolist() == [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]]
