"""Indexing: slices (views), index lists and index_select (copies), masks, where and gather."""

# %% basic
import torch

x = torch.arange(12).reshape(3, 4)
print(f"x:\n{x}")
print(f"{x[1] = }")  # a whole row
print(f"{x[:, 2] = }")  # a whole column
print(f"x[:2, 1:3] =\n{x[:2, 1:3]}")  # a block
print(f"x[:, ::2] =\n{x[:, ::2]}")  # every other column
print(f"{x[-1, -1] = }")  # negative indices count from the end

# %% check
assert x[1].tolist() == [4, 5, 6, 7]
assert x[:, 2].tolist() == [2, 6, 10]
assert x[:2, 1:3].tolist() == [[1, 2], [5, 6]]
assert x[-1, -1].item() == 11 and x[:, ::2].shape == (3, 2)

# %% views
column = x[:, 2]  # (1)!
column[0] = 100
print(f"{x[0] = }")  # x changed too
x[0, 2] = 2  # put it back

# %% check
assert column.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
for view in (x[1], x[:2, 1:3], x[:, ::2]):
    assert view.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
assert torch.equal(x, torch.arange(12).reshape(3, 4))

# %% copies
rows = x[[2, 0, 0]]  # (1)!
rows[0, 0] = -1
print(f"rows:\n{rows}")
print(f"{x[2, 0] = }")  # x is untouched
print(f"index_select(0, [2, 0]):\n{x.index_select(0, torch.tensor([2, 0]))}")  # (2)!

# %% check
picked_rows = x.index_select(0, torch.tensor([2, 0]))
assert torch.equal(picked_rows, x[[2, 0]])
assert picked_rows.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()  # a copy too
assert x.index_select(1, torch.tensor([3, 0])).tolist() == [[3, 0], [7, 4], [11, 8]]
filled = x.clone()
filled[[2, 0]] = 0  # assigning, unlike reading, writes into the tensor itself
assert filled[0].sum() == 0 and filled[2].sum() == 0 and filled[1].sum() == 22

# %% masks
even = x % 2 == 0
print(f"{x[even] = }")  # (1)!
clipped = x.clone()
clipped[clipped > 8] = 8  # assigning through a mask writes in place
print(f"clipped:\n{clipped}")

# %% check
assert x[even].tolist() == [0, 2, 4, 6, 8, 10]
assert torch.equal(torch.masked_select(x, even), x[even])
selected = x[even]
selected[0] = -1
assert selected[0] == -1 and x[0, 0] == 0  # a copy: x is untouched
assert clipped.max() == 8 and x.max() == 11

# %% where
signs = torch.where(even, x, -x)  # (1)!
print(f"where(even, x, -x):\n{signs}")
print(f"{torch.where(x > 9, x, 0).sum() = }")  # a Python number works as either branch

# %% check
assert signs[1].tolist() == [4, -5, 6, -7]
assert torch.where(x > 9, x, 0).sum() == 10 + 11

# %% where-coordinates
r, c = torch.where(x > 9)  # (1)!
print(f"{r = }, {c = }")
print(f"{x[r, c] = }")

# %% check
assert r.tolist() == [2, 2] and c.tolist() == [2, 3]
assert torch.equal(x[r, c], x[x > 9])

# %% gather
scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
labels = torch.tensor([1, 0])  # the correct class of each row
picked = scores.gather(1, labels.unsqueeze(1))  # (1)!
print(f"gathered:\n{picked}")
print(f"{scores[torch.arange(2), labels] = }")  # the same values, without the extra dimension

# %% check
assert picked.shape == (2, 1)
assert torch.equal(picked.squeeze(1), torch.tensor([0.7, 0.5]))
assert torch.equal(picked.squeeze(1), scores[torch.arange(2), labels])
two_each = scores.gather(1, torch.tensor([[2, 0], [1, 1]]))
assert torch.equal(two_each, torch.tensor([[0.2, 0.1], [0.3, 0.3]]))
