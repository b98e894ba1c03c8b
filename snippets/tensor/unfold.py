"""Sliding windows: Tensor.unfold on a signal, F.unfold / F.fold on images."""

# %% windows
import torch
import torch.nn.functional as F

signal = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
windows = signal.unfold(0, 3, 1)  # (1)!
print(f"windows:\n{windows}")
print(f"{windows.stride() = }")  # neighbouring windows start one element apart

# %% check
assert windows.shape == (4, 3)  # (6 - 3) // 1 + 1 = 4 windows
assert windows[1].tolist() == [2.0, 3.0, 4.0]
assert windows.stride() == (1, 1)  # a view: overlapping windows share memory, nothing is copied

# %% moving-average
moving_avg = windows.mean(dim=1)
print(f"{moving_avg = }")
print(f"unfold(0, 3, 2):\n{signal.unfold(0, 3, 2)}")  # (1)!

# %% check
assert moving_avg.tolist() == [2.0, 3.0, 4.0, 5.0]
assert signal.unfold(0, 3, 2).tolist() == [[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]

# %% image-patches
image = torch.arange(16.0).reshape(1, 1, 4, 4)  # (N, C, H, W)
patches = F.unfold(image, kernel_size=2, stride=2)  # (1)!
print(f"{patches.shape = }")
print(f"patches[0] (one column per patch):\n{patches[0]}")

# %% check
assert patches.shape == (1, 1 * 2 * 2, 4)  # four 2x2 patches, each flattened into a column
assert patches[0, :, 0].tolist() == [0.0, 1.0, 4.0, 5.0]  # top-left patch
assert patches[0, :, 3].tolist() == [10.0, 11.0, 14.0, 15.0]  # bottom-right patch
assert patches.untyped_storage().data_ptr() != image.untyped_storage().data_ptr()  # a copy
assert F.unfold(torch.zeros(3, 4, 4), kernel_size=2).shape == (12, 9)  # (C, H, W) works too

# %% fold
rebuilt = F.fold(patches, output_size=(4, 4), kernel_size=2, stride=2)
print(f"{torch.equal(rebuilt, image) = }")  # without overlap: an exact inverse

# %% fold-overlap
overlapping = F.unfold(image, kernel_size=2, stride=1)
summed = F.fold(overlapping, output_size=(4, 4), kernel_size=2, stride=1)  # (1)!
counts = F.fold(F.unfold(torch.ones_like(image), 2, stride=1), (4, 4), 2, stride=1)
print(f"patches covering each pixel:\n{counts[0, 0]}")
print(f"{torch.equal(summed, image) = }, {torch.equal(summed / counts, image) = }")

# %% check
assert overlapping.shape == (1, 4, 9)
assert counts[0, 0, 0].tolist() == [1.0, 2.0, 2.0, 1.0]
assert counts[0, 0, 1].tolist() == [2.0, 4.0, 4.0, 2.0]

# %% conv-as-matmul
torch.manual_seed(0)
rgb = torch.randn(2, 3, 5, 5)
kernels = torch.randn(8, 3, 3, 3)  # 8 output channels, 3x3 kernels
columns = F.unfold(rgb, kernel_size=3)  # 27 = 3*3*3 values at each of 3x3 positions
as_matmul = (kernels.view(8, -1) @ columns).view(2, 8, 3, 3)  # (1)!
print(f"{columns.shape = }, {as_matmul.shape = }")

# %% check
torch.testing.assert_close(as_matmul, F.conv2d(rgb, kernels))
