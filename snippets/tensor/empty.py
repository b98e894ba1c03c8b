"""torch.empty: memory that is allocated but never written, and what you may do with it."""

import torch

torch.manual_seed(0)

# empty reserves memory for the shape and writes nothing into it.
buffer = torch.empty(5, 3)  # (1)!
print(f"{buffer.shape = }, {buffer.dtype = }")
assert buffer.shape == (5, 3) and buffer.dtype == torch.float32
assert torch.empty(2, dtype=torch.long).dtype == torch.int64  # dtype= works as usual
# Its values are whatever bytes were in that memory before: never read them.

# What you can rely on: fill_ and zero_ overwrite every element in place.
sevens = torch.empty(2, 3).fill_(7.0)  # (2)!
nothing = torch.empty(2, 3).zero_()
print(f"empty(2, 3).fill_(7.0):\n{sevens}")
assert torch.equal(sevens, torch.full((2, 3), 7.0))
assert torch.equal(nothing, torch.zeros(2, 3))

# The honest use: a buffer that an operation overwrites completely, e.g. through out=.
x, y = torch.rand(5, 3), torch.rand(5, 3)
result = torch.empty(5, 3)
torch.add(x, y, out=result)  # (3)!
assert torch.equal(result, x + y)
stack_of_rows = torch.empty(4, 3)
for i in range(4):
    stack_of_rows[i] = i  # every row is written before anything reads it
assert stack_of_rows.sum(dim=1).tolist() == [0.0, 3.0, 6.0, 9.0]

# To catch code that reads empty memory, deterministic mode fills it with NaN (floats)
# and with the largest value (integers).
torch.use_deterministic_algorithms(True)  # (4)!
try:
    poisoned = torch.empty(3)
    counts = torch.empty(3, dtype=torch.long)
    # The mode does more than that: an op with no deterministic implementation now raises.
    try:
        torch.zeros(3).put_(torch.tensor([0]), torch.tensor([1.0]))  # (5)!
    except RuntimeError as err:
        print("RuntimeError:", str(err).split(",")[0])
        assert "does not have a deterministic implementation" in str(err)
    else:
        raise AssertionError("put_ should refuse to run in deterministic mode")
finally:
    torch.use_deterministic_algorithms(False)
print(f"{poisoned = }")
print(f"{counts = }")
assert torch.utils.deterministic.fill_uninitialized_memory  # (6)!
assert poisoned.isnan().all()
assert (counts == torch.iinfo(torch.long).max).all()
assert not torch.are_deterministic_algorithms_enabled()
