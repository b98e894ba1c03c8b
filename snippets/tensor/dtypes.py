"""Dtypes: the default float type, casting, and how mixed-type arithmetic is promoted."""

import torch

# Floats default to float32: half the memory of NumPy's float64, and what GPUs are fast at.
print(torch.get_default_dtype())
assert torch.get_default_dtype() == torch.float32
assert torch.zeros(2).dtype == torch.float32 and torch.tensor(1.0).dtype == torch.float32

# Casting makes a new tensor; the original keeps its dtype.
x = torch.tensor([1.7, -1.7, 2.5])
as_long = x.long()  # (1)!
print(as_long, x.round().long())
assert as_long.tolist() == [1, -1, 2] and as_long.dtype == torch.int64
assert x.dtype == torch.float32
assert torch.equal(x.to(torch.int64), as_long)  # .long() is shorthand for .to(torch.int64)
assert x.round().long().tolist() == [2, -2, 2]  # round half to even: 2.5 -> 2
assert as_long.float().dtype == torch.float32 and x.to(torch.float16).dtype == torch.float16

# Mixed arithmetic is promoted to a type that can hold both operands.
ints = torch.tensor([1, 2, 3])
f32 = torch.tensor([0.5, 0.5, 0.5])
f64 = torch.tensor([0.5, 0.5, 0.5], dtype=torch.float64)
print((ints + f32).dtype, (ints + 0.5).dtype, (f32 + f64).dtype)
assert (ints + f32).dtype == torch.float32  # int + float -> float
assert (ints + 0.5).dtype == torch.float32  # (2)!
assert (f32 + f64).dtype == torch.float64  # the wider float wins
assert (ints.int() + ints).dtype == torch.int64  # int32 + int64 -> int64
assert (f32 + torch.tensor(0.5, dtype=torch.float64)).dtype == torch.float32  # 0-dim acts as scalar

# result_type answers "what would this give?" without computing anything.
assert torch.result_type(ints, 0.5) == torch.float32
assert torch.result_type(ints, f64) == torch.float64
assert torch.result_type(f32, 2) == torch.float32

# `/` is true division even for integers; `//` stays integer.
print(ints / 2, ints // 2)  # (3)!
assert (ints / 2).dtype == torch.float32 and (ints / 2).tolist() == [0.5, 1.0, 1.5]
assert (ints // 2).dtype == torch.int64 and (ints // 2).tolist() == [0, 1, 1]

# An in-place op writes into the existing tensor, so it cannot change its dtype.
try:
    ints.add_(0.5)  # (4)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
else:
    raise AssertionError("an int64 tensor cannot hold the float result of add_")
assert ints.tolist() == [1, 2, 3] and ints.dtype == torch.int64
