"""Sliding windows: Tensor.unfold on a signal, F.unfold / F.fold on images."""

import torch
import torch.nn.functional as F

torch.manual_seed(0)

# Tensor.unfold(dim, size, step): every window of `size` elements, starting every `step`.
signal = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
windows = signal.unfold(0, 3, 1)  # (1)!
print(f"windows:\n{windows}")
assert windows.shape == (4, 3)  # (6 - 3) // 1 + 1 = 4 windows
assert windows[1].tolist() == [2.0, 3.0, 4.0]
assert windows.stride() == (1, 1)  # a view: overlapping windows share memory, nothing is copied

# A moving average is then just a mean over the window dimension.
moving_avg = windows.mean(dim=1)
print(f"{moving_avg = }")
assert moving_avg.tolist() == [2.0, 3.0, 4.0, 5.0]

# A step larger than 1 skips positions; a trailing partial window is dropped.
assert signal.unfold(0, 3, 2).tolist() == [[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]

# F.unfold cuts an image batch (N, C, H, W) into patches: (N, C*kh*kw, number of patches).
image = torch.arange(16.0).reshape(1, 1, 4, 4)
patches = F.unfold(image, kernel_size=2, stride=2)  # (2)!
print(f"{patches.shape = }")
assert patches.shape == (1, 1 * 2 * 2, 4)  # four 2x2 patches, each flattened into a column
assert patches[0, :, 0].tolist() == [0.0, 1.0, 4.0, 5.0]  # top-left patch
assert patches[0, :, 3].tolist() == [10.0, 11.0, 14.0, 15.0]  # bottom-right patch
assert patches.untyped_storage().data_ptr() != image.untyped_storage().data_ptr()  # a copy

# F.fold puts columns back. Without overlap that is an exact inverse.
rebuilt = F.fold(patches, output_size=(4, 4), kernel_size=2, stride=2)
assert torch.equal(rebuilt, image)

# With overlap (stride 1), fold *adds up* every copy of a pixel...
overlapping = F.unfold(image, kernel_size=2, stride=1)
summed = F.fold(overlapping, output_size=(4, 4), kernel_size=2, stride=1)  # (3)!
assert overlapping.shape == (1, 4, 9) and not torch.equal(summed, image)

# ...so divide by how many patches covered each pixel (fold of unfolded ones) to get it back.
counts = F.fold(F.unfold(torch.ones_like(image), 2, stride=1), (4, 4), 2, stride=1)
print(f"patches covering each pixel:\n{counts[0, 0]}")
assert counts[0, 0, 0].tolist() == [1.0, 2.0, 2.0, 1.0]
assert counts[0, 0, 1].tolist() == [2.0, 4.0, 4.0, 2.0]
assert torch.equal(summed / counts, image)

# unfold is how a convolution can be written as one matrix product.
rgb = torch.randn(2, 3, 5, 5)
kernels = torch.randn(8, 3, 3, 3)  # 8 output channels, 3x3 kernels
columns = F.unfold(rgb, kernel_size=3)
assert columns.shape == (2, 27, 9)  # 27 = 3*3*3 values at each of the 3x3 positions
as_matmul = (kernels.view(8, -1) @ columns).view(2, 8, 3, 3)  # (4)!
torch.testing.assert_close(as_matmul, F.conv2d(rgb, kernels))
