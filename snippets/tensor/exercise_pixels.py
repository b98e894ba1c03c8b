"""Exercise: turn a batch of images (N, C, H, W) into one row per pixel, (N * H * W, C)."""

import torch

images = torch.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)  # N=2 images, C=3 channels, 4x5 pixels
n, c, h, w = images.shape

moved = images.permute(0, 2, 3, 1)  # (N, H, W, C): the channels of a pixel side by side
try:
    moved.view(-1, c)
except RuntimeError as err:
    print("view after permute: RuntimeError:", str(err).splitlines()[0])
    assert "Use .reshape(...) instead" in str(err)
else:
    raise AssertionError("a permuted tensor is not contiguous, so view should fail")
pixels = moved.reshape(-1, c)  # copies into row-major order

print(f"{pixels.shape = }")
print(f"{pixels[:3] = }")
assert pixels.shape == (n * h * w, c)
# Row k is image k // (h * w), pixel (row, column) = divmod(k % (h * w), w), all channels.
k = 1 * h * w + 2 * w + 3
assert torch.equal(pixels[k], images[1, :, 2, 3])
assert torch.equal(pixels, moved.contiguous().view(-1, c))
