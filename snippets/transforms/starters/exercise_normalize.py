"""Exercise: per-channel mean and std of an image, then Normalize to mean 0 and std 1."""

import sys

import torch
from matplotlib import cbook
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

image = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])(photo)

# One number per channel: reduce over height and width, keep the channel dimension.
mean = torch.full((3,), 0.5)  # TODO: the mean of each channel of `image`
std = torch.full((3,), 0.5)  # TODO: the standard deviation of each channel
print("mean per channel:", [round(m, 3) for m in mean.tolist()])
print("std per channel: ", [round(s, 3) for s in std.tolist()])
assert mean.shape == std.shape == (3,)

normalized = v2.Normalize(mean.tolist(), std.tolist())(image)
out_mean, out_std = normalized.mean(dim=(1, 2)), normalized.std(dim=(1, 2))
print("after Normalize: mean", [round(m, 3) + 0.0 for m in out_mean.tolist()], end=" ")  # no -0.0
print("std", [round(s, 3) for s in out_std.tolist()])
assert torch.allclose(out_mean, torch.zeros(3), atol=1e-4)
assert torch.allclose(out_std, torch.ones(3), atol=1e-4)
assert torch.allclose(normalized * std[:, None, None] + mean[:, None, None], image, atol=1e-5)
