"""Reshaping: view, reshape and contiguous; transpose and permute; squeeze, unsqueeze, flatten."""

# %% view
import torch

x = torch.arange(6)
m = x.view(2, 3)  # (1)!
m[0, 0] = 100
print(f"{x = }")  # changed through m: the same memory
x[0] = 0  # put it back
print(f"{x.view(3, -1).shape = }")  # -1: "whatever size makes the total fit"

# %% check
assert m.data_ptr() == x.data_ptr()
assert x.tolist() == [0, 1, 2, 3, 4, 5]
assert x.reshape(3, -1).shape == (3, 2)

# %% transpose
t = m.t()  # (1)!
print(f"{m.stride() = }, {t.stride() = }")
print(f"{m.is_contiguous() = }, {t.is_contiguous() = }")

# %% check
assert t.shape == (3, 2) and t.data_ptr() == m.data_ptr()  # a view as well
assert m.stride() == (3, 1) and t.stride() == (1, 3)
assert m.is_contiguous() and not t.is_contiguous()

# %% view-fails
try:
    t.view(6)  # (1)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])

# %% reshape
flat = t.reshape(6)  # (1)!
print(f"{flat = }")
packed = t.contiguous()  # a row-major copy
print(f"{packed.is_contiguous() = }, {packed.view(6) = }")

# %% check
assert flat.tolist() == [0, 3, 1, 4, 2, 5] and flat.data_ptr() != t.data_ptr()  # a copy
assert x.reshape(2, 3).data_ptr() == x.data_ptr()  # a view
assert packed.is_contiguous() and torch.equal(packed.view(6), flat)
assert m.contiguous() is m  # already contiguous: nothing to do

# %% permute
nchw = torch.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
nhwc = nchw.permute(0, 2, 3, 1)  # (1)!
print(f"{nhwc.shape = }")
print(f"{nhwc[1, 2, 3] = }, {nchw[1, :, 2, 3] = }")  # image at index 1: pixel (2, 3)
print(f"{nchw.transpose(1, 3).shape = }")  # transpose swaps exactly two

# %% check
assert nhwc.shape == (2, 4, 5, 3) and nhwc.data_ptr() == nchw.data_ptr()  # a view again
assert torch.equal(nhwc[1, 2, 3], nchw[1, :, 2, 3])
assert nchw.transpose(1, 3).shape == (2, 5, 4, 3)

# %% squeeze
v = torch.tensor([1, 2, 3])
print(f"{v.unsqueeze(0).shape = }, {v.unsqueeze(1).shape = }")
padded = torch.zeros(1, 3, 1)
print(f"{padded.squeeze(0).shape = }, {padded.squeeze().shape = }")
print(f"{padded.squeeze(1).shape = }")  # (1)!
print(f"{torch.zeros(1, 10).squeeze().shape = }")  # a batch of one loses its batch dimension

# %% check
assert v.unsqueeze(0).shape == (1, 3) and v.unsqueeze(1).shape == (3, 1)
assert v[None].shape == (1, 3) and v[:, None].shape == (3, 1)  # indexing with None does the same
assert padded.squeeze().shape == (3,) and padded.squeeze(0).shape == (3, 1)
assert padded.squeeze(1).shape == (1, 3, 1)
assert torch.zeros(1, 10).squeeze().shape == (10,)

# %% flatten
print(f"{nchw.flatten(1).shape = }, {nchw.flatten().shape = }")  # (1)!

# %% check
assert nchw.flatten(1).shape == (2, 60) and nchw.flatten().shape == (120,)
