"""Exercise: brighten a uint8 image by 100 without wrapping around past 255."""

import torch

image = torch.tensor([[0, 100, 155], [156, 200, 255]], dtype=torch.uint8)


def brighten(image: torch.Tensor, amount: int) -> torch.Tensor:
    """Add amount to every pixel, saturating at 255; still uint8."""
    # TODO: this wraps around like `naive` below. Add in a wider dtype, clamp, convert back.
    return image + amount


naive = image + 100  # uint8 arithmetic wraps around: 200 + 100 = 300 - 256 = 44
bright = brighten(image, 100)
print(f"{naive = }")
print(f"{bright = }")
assert naive[1, 1] == 44
assert bright.dtype == torch.uint8
assert bright.tolist() == [[100, 200, 255], [255, 255, 255]]
# mean() needs a floating-point tensor: convert first.
print(f"{bright.float().mean() = }")
assert bright.float().mean() == (100 + 200 + 4 * 255) / 6
