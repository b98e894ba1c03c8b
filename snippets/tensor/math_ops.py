"""Arithmetic: element-wise * versus matrix @, batched matmul, and in-place operations."""

import torch

torch.manual_seed(0)

a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[5.0, 6.0], [7.0, 8.0]])

# * multiplies matching elements; @ is the matrix product (rows of a times columns of b).
print(f"a * b:\n{a * b}")
print(f"a @ b:\n{a @ b}")  # (1)!
assert (a * b).tolist() == [[5.0, 12.0], [21.0, 32.0]]
assert (a @ b).tolist() == [[19.0, 22.0], [43.0, 50.0]]
assert (a @ b)[0, 1] == sum(a[0, k] * b[k, 1] for k in range(2))  # C_ij = sum_k A_ik B_kj
assert torch.equal(torch.matmul(a, b), a @ b) and not torch.equal(a @ b, b @ a)

# Inner dimensions must agree: (n, k) @ (k, m) -> (n, m). A 1-D operand is a vector.
assert (torch.ones(2, 3) @ torch.ones(3, 4)).shape == (2, 4)
assert (torch.ones(2, 3) @ torch.ones(3)).shape == (2,)
assert (torch.ones(3) @ torch.ones(3)).item() == 3.0  # vector @ vector = dot product

# With more than two dimensions, the last two are the matrices and the rest is a batch.
x = torch.randn(10, 2, 3)
y = torch.randn(10, 3, 4)
batched = x @ y  # (2)!
print(f"{batched.shape = }")
assert batched.shape == (10, 2, 4)
torch.testing.assert_close(batched, torch.stack([x[i] @ y[i] for i in range(10)]))
assert (x @ torch.randn(3, 4)).shape == (10, 2, 4)  # one matrix, broadcast over the batch
assert (torch.randn(5, 1, 2, 3) @ torch.randn(4, 3, 6)).shape == (5, 4, 2, 6)

# A trailing underscore means in-place: the tensor itself changes and is returned.
z = torch.ones(3)
address = z.data_ptr()
returned = z.add_(1)  # (3)!
assert returned is z and z.data_ptr() == address
z.mul_(3)
print(f"{z = }")
assert z.tolist() == [6.0, 6.0, 6.0]
assert torch.ones(2).add_(1).mul_(2).tolist() == [4.0, 4.0]  # returning self lets calls chain

# Without the underscore you get a new tensor. Plain `w = z + 1` (no out= arguments) is the
# style used on this site: easy to read, and safe for autograd.
w = z + 1
assert w.data_ptr() != z.data_ptr() and z.tolist() == [6.0, 6.0, 6.0]

# An in-place op on a leaf that requires grad is refused by the call itself, not later in
# backward(): with grad mode on, the change to the parameter would have to become part of the graph.
weight = torch.ones(2, requires_grad=True)
try:
    weight.add_(1)  # (4)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "a leaf Variable that requires grad is being used in an in-place operation" in str(err)
else:
    raise AssertionError("in-place ops on a leaf that requires grad should fail")
assert weight.tolist() == [1.0, 1.0]  # refused before anything was written
with torch.no_grad():
    weight.add_(1)  # how optimisers update parameters
assert weight.tolist() == [2.0, 2.0]
assert weight.is_leaf and weight.requires_grad and weight.grad_fn is None  # still a parameter
