"""Dtypes: the default float type, casting, and how mixed-type arithmetic is promoted."""

# %% default-float
import torch

print(f"{torch.get_default_dtype() = }")  # (1)!
print(f"{torch.zeros(2).dtype = }, {torch.tensor(1.0).dtype = }")
print(f"bytes per element: float32 {torch.float32.itemsize}, float64 {torch.float64.itemsize}")

# %% check
assert torch.get_default_dtype() == torch.float32
assert torch.float32.itemsize == 4 and torch.float64.itemsize == 8
assert torch.zeros(2).dtype == torch.float32 and torch.tensor(1.0).dtype == torch.float32

# %% casting
x = torch.tensor([1.7, -1.7, 2.5])
as_long = x.long()  # (1)!
print(f"{as_long = }")
print(f"{x.dtype = }")  # the original keeps its dtype
print(f"{x.round().long() = }")  # (2)!

# %% check
assert as_long.tolist() == [1, -1, 2] and as_long.dtype == torch.int64
assert x.dtype == torch.float32
assert torch.equal(x.to(torch.int64), as_long)
assert x.round().long().tolist() == [2, -2, 2]  # round half to even: 2.5 -> 2
assert as_long.float().dtype == torch.float32 and x.to(torch.float16).dtype == torch.float16

# %% promotion
ints = torch.tensor([1, 2, 3])
f32 = torch.tensor([0.5, 0.5, 0.5])
f64 = torch.tensor([0.5, 0.5, 0.5], dtype=torch.float64)
print(f"{(ints + f32).dtype = }, {(f32 + f64).dtype = }")  # (1)!
print(f"{(ints + 0.5).dtype = }")  # (2)!
print(f"{torch.result_type(ints, f64) = }")  # (3)!

# %% check
assert (ints + f32).dtype == torch.float32  # int + float -> float
assert (f32 + f64).dtype == torch.float64  # the wider float wins
assert (ints.int() + ints).dtype == torch.int64  # int32 + int64 -> int64
assert (ints + 0.5).dtype == torch.float32  # a Python float sets the kind, not the precision
assert torch.result_type(ints, 0.5) == torch.float32
assert torch.result_type(ints, f64) == torch.float64
assert torch.result_type(f32, 2) == torch.float32

# %% division
print(f"{ints / 2 = }")  # (1)!
print(f"{ints // 2 = }")

# %% check
assert (ints / 2).dtype == torch.float32 and (ints / 2).tolist() == [0.5, 1.0, 1.5]
assert (ints // 2).dtype == torch.int64 and (ints // 2).tolist() == [0, 1, 1]

# %% in-place
try:
    ints.add_(0.5)  # (1)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
print(f"{ints = }")  # unchanged

# %% check
assert ints.tolist() == [1, 2, 3] and ints.dtype == torch.int64

# %% zero-dim
scalar64 = torch.tensor(0.5, dtype=torch.float64)  # a 0-dim tensor
print(f"{(f32 + scalar64).dtype = }")  # (1)!
print(f"{(ints + scalar64).dtype = }")  # (2)!

# %% check
# A 0-dim tensor counts only when it is of a higher kind than the other operand.
assert (f32 + scalar64).dtype == torch.float32  # same kind: f32 keeps its precision
assert (ints + scalar64).dtype == torch.float64  # higher kind: its own dtype, not the default
