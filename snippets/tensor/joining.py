"""Joining and splitting: cat versus stack, chunk versus split."""

import torch

a = torch.zeros(2, 3)
b = torch.ones(2, 3)

# cat glues along an existing dimension: the number of dimensions stays the same.
rows = torch.cat([a, b])  # (1)!
cols = torch.cat([a, b], dim=1)
print(f"{rows.shape = }, {cols.shape = }")
assert rows.shape == (4, 3) and cols.shape == (2, 6)
assert torch.cat([a, torch.ones(1, 3)]).shape == (3, 3)  # only the cat dimension may differ

# stack inserts a new dimension: N tensors of shape S become one of shape (N, *S).
stacked = torch.stack([a, b])  # (2)!
print(f"{stacked.shape = }, {torch.stack([a, b], dim=2).shape = }")
assert stacked.shape == (2, 2, 3) and torch.stack([a, b], dim=2).shape == (2, 3, 2)
assert torch.equal(stacked, torch.cat([a.unsqueeze(0), b.unsqueeze(0)]))  # stack = unsqueeze + cat
assert torch.equal(stacked[1], b)

# stack needs identical shapes.
try:
    torch.stack([a, torch.ones(1, 3)])
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "stack expects each tensor to be equal size" in str(err)
else:
    raise AssertionError("stack should refuse tensors of different shapes")

# chunk(n) asks for n pieces of equal size (the last may be smaller); split(k) for pieces of size k.
x = torch.arange(10)
chunks = x.chunk(3)  # (3)!
pieces = x.split(3)
print("chunk(3) lengths:", [len(t) for t in chunks])
print("split(3) lengths:", [len(t) for t in pieces])
assert [len(t) for t in chunks] == [4, 4, 2]  # ceil(10 / 3) = 4 per piece
assert [len(t) for t in pieces] == [3, 3, 3, 1]
assert [len(t) for t in x.split([2, 5, 3])] == [2, 5, 3]  # explicit sizes must add up to 10
assert len(torch.arange(6).chunk(4)) == 3  # (4)!

# The pieces are views into x, and cat puts them back together.
storage = x.untyped_storage().data_ptr()
assert all(t.untyped_storage().data_ptr() == storage for t in chunks + pieces)
assert torch.equal(torch.cat(pieces), x)
