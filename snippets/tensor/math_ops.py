"""Arithmetic: element-wise * versus matrix @, batched matmul, and in-place operations."""

# %% star-versus-at
import torch

a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[5.0, 6.0], [7.0, 8.0]])
print(f"a * b:\n{a * b}")  # multiplies matching elements
print(f"a @ b:\n{a @ b}")  # (1)!

# %% check
assert (a * b).tolist() == [[5.0, 12.0], [21.0, 32.0]]
assert (a @ b).tolist() == [[19.0, 22.0], [43.0, 50.0]]
assert (a @ b)[0, 1] == sum(a[0, k] * b[k, 1] for k in range(2))  # C_ij = sum_k A_ik B_kj
assert torch.equal(torch.matmul(a, b), a @ b) and not torch.equal(a @ b, b @ a)

# %% matmul-shapes
print(f"{(torch.ones(2, 3) @ torch.ones(3, 4)).shape = }")  # (n, k) @ (k, m) -> (n, m)
print(f"{(torch.ones(2, 3) @ torch.ones(3)).shape = }")  # a 1-D operand is a vector
print(f"{torch.ones(3) @ torch.ones(3) = }")  # vector @ vector: the dot product

# %% check
assert (torch.ones(2, 3) @ torch.ones(3, 4)).shape == (2, 4)
assert (torch.ones(2, 3) @ torch.ones(3)).shape == (2,)
assert (torch.ones(3) @ torch.ones(3)).item() == 3.0

# %% batched
torch.manual_seed(0)
x = torch.randn(10, 2, 3)
y = torch.randn(10, 3, 4)
batched = x @ y  # (1)!
print(f"{batched.shape = }")
print(f"{(x @ torch.randn(3, 4)).shape = }")  # one matrix, broadcast over the batch

# %% check
torch.testing.assert_close(batched, torch.stack([x[i] @ y[i] for i in range(10)]))
assert (torch.randn(5, 1, 2, 3) @ torch.randn(4, 3, 6)).shape == (5, 4, 2, 6)

# %% in-place
z = torch.ones(3)
address = z.data_ptr()
returned = z.add_(1)  # (1)!
z.mul_(3)
print(f"{z = }")
print(f"{returned is z = }, {z.data_ptr() == address = }")
w = z + 1  # without the underscore: a new tensor, z unchanged
print(f"{w = }, {z = }")

# %% check
assert z.tolist() == [6.0, 6.0, 6.0]
assert torch.ones(2).add_(1).mul_(2).tolist() == [4.0, 4.0]  # returning self lets calls chain
assert w.data_ptr() != z.data_ptr()
