"""Joining and splitting: cat versus stack, chunk versus split."""

# %% cat
import torch

a = torch.zeros(2, 3)
b = torch.ones(2, 3)
rows = torch.cat([a, b])  # (1)!
cols = torch.cat([a, b], dim=1)
print(f"{rows.shape = }, {cols.shape = }")
print(f"{torch.cat([a, torch.ones(1, 3)]).shape = }")  # only the cat dimension may differ

# %% check
assert rows.shape == (4, 3) and cols.shape == (2, 6)
assert torch.equal(rows[2:], b)

# %% stack
stacked = torch.stack([a, b])  # (1)!
print(f"{stacked.shape = }, {torch.stack([a, b], dim=2).shape = }")
try:
    torch.stack([a, torch.ones(1, 3)])  # stack needs identical shapes
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])

# %% check
assert stacked.shape == (2, 2, 3) and torch.stack([a, b], dim=2).shape == (2, 3, 2)
assert torch.equal(stacked, torch.cat([a.unsqueeze(0), b.unsqueeze(0)]))  # stack = unsqueeze + cat
assert torch.equal(stacked[1], b)

# %% chunk-split
x = torch.arange(10)
chunks = x.chunk(3)  # (1)!
pieces = x.split(3)
print("chunk(3) lengths:", [len(t) for t in chunks])
print("split(3) lengths:", [len(t) for t in pieces])
print("split([2, 5, 3]) lengths:", [len(t) for t in x.split([2, 5, 3])])  # must add up to 10
print(f"{len(torch.arange(6).chunk(4)) = }")  # (2)!

# %% check
assert [len(t) for t in chunks] == [4, 4, 2]  # ceil(10 / 3) = 4 per piece
assert [len(t) for t in pieces] == [3, 3, 3, 1]
assert len(torch.arange(6).chunk(4)) == 3
# The pieces are views into x, and cat puts them back together.
storage = x.untyped_storage().data_ptr()
assert all(t.untyped_storage().data_ptr() == storage for t in chunks + pieces)
assert torch.equal(torch.cat(pieces), x)
