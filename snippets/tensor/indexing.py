"""Indexing: slices (views), index lists and index_select (copies), masks, where and gather."""

import torch

x = torch.arange(12).reshape(3, 4)
print(f"x:\n{x}")

# Basic indexing works like NumPy: one index per dimension, negative counts from the end.
assert x[1].tolist() == [4, 5, 6, 7]  # a whole row
assert x[:, 2].tolist() == [2, 6, 10]  # a whole column
assert x[:2, 1:3].tolist() == [[1, 2], [5, 6]]  # a block
assert x[-1, -1].item() == 11 and x[:, ::2].shape == (3, 2)

# Integers and slices give a *view*: the same memory, seen through a different window.
column = x[:, 2]  # (1)!
column[0] = 100
assert x[0, 2] == 100
assert column.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
x[0, 2] = 2  # put it back
for view in (x[1], x[:2, 1:3], x[:, ::2]):
    assert view.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()

# A list or tensor of indices picks rows in any order (or twice) and *copies*.
rows = x[[2, 0, 0]]
rows[0, 0] = -1
assert rows[0, 0] == -1 and x[2, 0] == 8  # x is untouched
picked_rows = x.index_select(0, torch.tensor([2, 0]))
assert torch.equal(picked_rows, x[[2, 0]])
assert picked_rows.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()  # a copy too
assert x.index_select(1, torch.tensor([3, 0])).tolist() == [[3, 0], [7, 4], [11, 8]]
filled = x.clone()
filled[[2, 0]] = 0  # assigning, unlike reading, writes into the tensor itself
assert filled[0].sum() == 0 and filled[2].sum() == 0 and filled[1].sum() == 22

# Boolean masks: same shape as x, True where an element should be kept.
even = x % 2 == 0
print(f"{x[even] = }")
assert x[even].tolist() == [0, 2, 4, 6, 8, 10]  # (2)!
assert torch.equal(torch.masked_select(x, even), x[even])
selected = x[even]
selected[0] = -1
assert selected[0] == -1 and x[0, 0] == 0  # a copy: x is untouched
clipped = x.clone()
clipped[clipped > 8] = 8  # assigning through a mask writes in place
assert clipped.max() == 8 and x.max() == 11

# torch.where(cond, a, b): an element-wise "a if cond else b" that keeps the shape.
signs = torch.where(even, x, -x)  # (3)!
print(f"where(even, x, -x):\n{signs}")
assert signs[1].tolist() == [4, -5, 6, -7]
assert torch.where(x > 9, x, 0).sum() == 10 + 11  # a Python number works as either branch

# torch.where(cond) alone: the coordinates of the True elements, one tensor per dimension.
r, c = torch.where(x > 9)
assert r.tolist() == [2, 2] and c.tolist() == [2, 3]
assert torch.equal(x[r, c], x[x > 9])

# gather(dim=1, index): out[i][j] = src[i][index[i][j]], i.e. "in row i, take column index[i][j]".
scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
labels = torch.tensor([1, 0])
picked = scores.gather(1, labels.unsqueeze(1))  # (4)!
print(f"gathered:\n{picked}")
assert picked.shape == (2, 1)
assert torch.equal(picked.squeeze(1), torch.tensor([0.7, 0.5]))
assert torch.equal(picked.squeeze(1), scores[torch.arange(2), labels])
two_each = scores.gather(1, torch.tensor([[2, 0], [1, 1]]))
assert torch.equal(two_each, torch.tensor([[0.2, 0.1], [0.3, 0.3]]))
