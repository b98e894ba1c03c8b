"""torch.empty: memory that is allocated but never written, and what you may do with it."""

# %% shape-only
import torch

buffer = torch.empty(5, 3)  # (1)!
print(f"{buffer.shape = }, {buffer.dtype = }")
# Its values are whatever bytes were in that memory before: never read them.

# %% check
assert buffer.shape == (5, 3) and buffer.dtype == torch.float32
assert torch.empty(2, dtype=torch.long).dtype == torch.int64  # dtype= works as usual

# %% overwrite
sevens = torch.empty(2, 3).fill_(7.0)  # (1)!
nothing = torch.empty(2, 3).zero_()
print(f"empty(2, 3).fill_(7.0):\n{sevens}")

# %% check
assert torch.equal(sevens, torch.full((2, 3), 7.0))
assert torch.equal(nothing, torch.zeros(2, 3))

# %% buffers
torch.manual_seed(0)
x, y = torch.rand(5, 3), torch.rand(5, 3)
result = torch.empty(5, 3)
torch.add(x, y, out=result)  # (1)!
rows = torch.empty(4, 3)
for i in range(4):
    rows[i] = i  # every row is written before anything reads it
print(f"row sums: {rows.sum(dim=1)}")

# %% check
assert torch.equal(result, x + y)
assert rows.sum(dim=1).tolist() == [0.0, 3.0, 6.0, 9.0]

# %% deterministic-mode
torch.use_deterministic_algorithms(True)  # (1)!
try:
    poisoned = torch.empty(3)
    counts = torch.empty(3, dtype=torch.long)
    try:
        torch.zeros(3).put_(torch.tensor([0]), torch.tensor([1.0]))  # (2)!
    except RuntimeError as err:
        print("RuntimeError:", str(err).split(",")[0])
finally:
    torch.use_deterministic_algorithms(False)  # a global switch: turn it off again
print(f"{poisoned = }")
print(f"{counts = }")

# %% check
assert torch.utils.deterministic.fill_uninitialized_memory  # on by default
assert poisoned.isnan().all()
assert (counts == torch.iinfo(torch.long).max).all()
assert not torch.are_deterministic_algorithms_enabled()
