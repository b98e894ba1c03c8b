"""Reshaping: view, reshape and contiguous; transpose and permute; squeeze, unsqueeze, flatten."""

import torch

x = torch.arange(6)

# view reinterprets the same memory with a new shape: no copy, edits show through.
m = x.view(2, 3)  # (1)!
assert m.data_ptr() == x.data_ptr()
m[0, 0] = 100
assert x[0] == 100
x[0] = 0
assert x.reshape(3, -1).shape == (3, 2)  # -1: "whatever size makes the total fit"

# transpose swaps two dimensions by swapping strides, so it is a view as well...
t = m.t()
print(f"{m.stride() = }, {t.stride() = }, {t.is_contiguous() = }")
assert t.shape == (3, 2) and t.data_ptr() == m.data_ptr()
assert m.stride() == (3, 1) and t.stride() == (1, 3)
assert m.is_contiguous() and not t.is_contiguous()

# ...but its elements are no longer in row-major order in memory, so view cannot flatten it.
try:
    t.view(6)  # (2)!
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
    assert "Use .reshape(...) instead" in str(err)
else:
    raise AssertionError("view needs a layout it can reinterpret without copying")

# reshape returns a view when it can and copies when it must; contiguous() always gives row-major.
flat = t.reshape(6)
print(f"{flat = }")
assert flat.tolist() == [0, 3, 1, 4, 2, 5] and flat.data_ptr() != t.data_ptr()  # a copy
assert x.reshape(2, 3).data_ptr() == x.data_ptr()  # a view
packed = t.contiguous()
assert packed.is_contiguous() and torch.equal(packed.view(6), flat)
assert m.contiguous() is m  # already contiguous: nothing to do

# permute reorders all dimensions at once, e.g. images from NCHW (PyTorch) to NHWC (matplotlib).
nchw = torch.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
nhwc = nchw.permute(0, 2, 3, 1)  # (3)!
print(f"{nhwc.shape = }")
assert nhwc.shape == (2, 4, 5, 3) and nhwc.data_ptr() == nchw.data_ptr()  # a view again
assert torch.equal(nhwc[1, 2, 3], nchw[1, :, 2, 3])  # pixel (2, 3) of image 1, all 3 channels
assert nchw.transpose(1, 3).shape == (2, 5, 4, 3)  # transpose swaps exactly two

# unsqueeze adds a size-1 dimension, squeeze removes them.
v = torch.tensor([1, 2, 3])
assert v.unsqueeze(0).shape == (1, 3) and v.unsqueeze(1).shape == (3, 1)
assert v[None].shape == (1, 3) and v[:, None].shape == (3, 1)  # indexing with None does the same
padded = torch.zeros(1, 3, 1)
assert padded.squeeze().shape == (3,) and padded.squeeze(0).shape == (3, 1)
assert padded.squeeze(1).shape == (1, 3, 1)  # (4)!
assert torch.zeros(1, 10).squeeze().shape == (10,)  # a batch of one loses its batch dimension

# flatten(start_dim) merges dimensions: (N, C, H, W) -> (N, C*H*W) before a Linear layer.
print(f"{nchw.flatten(1).shape = }, {nchw.flatten().shape = }")
assert nchw.flatten(1).shape == (2, 60) and nchw.flatten().shape == (120,)
