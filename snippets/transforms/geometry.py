"""Flips, RandomRotation (with and without expand), RandomAffine and RandomPerspective."""

import math
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision.transforms.functional as F
from matplotlib import cbook
from torchvision import transforms
from torchvision.datasets.folder import pil_loader

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

pixels = F.pil_to_tensor(photo)  # (3, 600, 512) uint8, handy for exact comparisons
width, height = photo.size

# Flips: p=1.0 always flips; the default p=0.5 flips about half of the calls.
mirrored = transforms.RandomHorizontalFlip(p=1.0)(photo)
upside_down = transforms.RandomVerticalFlip(p=1.0)(photo)
assert torch.equal(F.pil_to_tensor(mirrored), pixels.flip(-1))  # the width axis reversed
assert torch.equal(F.pil_to_tensor(upside_down), pixels.flip(-2))  # the height axis reversed
coin = transforms.RandomHorizontalFlip()  # p=0.5
two_pixels = torch.tensor([[[1, 2]]])  # a tiny image is enough to count the flips
torch.manual_seed(0)
flipped = sum(coin(two_pixels)[0, 0, 0].item() == 2 for _ in range(200))
print(f"RandomHorizontalFlip(p=0.5) flipped {flipped} of 200 calls")
assert 70 < flipped < 130

# Rotation: the canvas keeps its size and the corners are cut off, unless expand=True.
rotate_30 = transforms.RandomRotation(degrees=(30, 30))  # (1)!
rotate_30_expand = transforms.RandomRotation(degrees=(30, 30), expand=True)
rotated = rotate_30(photo)
expanded = rotate_30_expand(photo)
theta = math.radians(30)
needed_w = width * math.cos(theta) + height * math.sin(theta)  # the rotated corners' extent
needed_h = width * math.sin(theta) + height * math.cos(theta)
print(f"rotated 30°: {rotated.size}; expand=True: {expanded.size}")
print(f"rotated corners need {needed_w:.1f} x {needed_h:.1f}")
assert rotated.size == (512, 600)
# The extent is rounded outwards around the centre; with even w and h, each half rounds up.
canvas = (2 * math.ceil(needed_w / 2), 2 * math.ceil(needed_h / 2))  # (2)!
assert expanded.size == canvas == (744, 776)
assert F.pil_to_tensor(rotated)[:, 0, 0].tolist() == [0, 0, 0]  # a cut corner is filled with 0
assert rotate_30.fill == 0 and rotate_30.interpolation == transforms.InterpolationMode.NEAREST
dot = torch.zeros(1, 5, 5)
dot[0, 2, 4] = 1  # right of the centre ...
assert F.rotate(dot, 90)[0, 0, 2] == 1  # ... goes to the top: positive angles turn anticlockwise

# RandomAffine: rotation, translation, scale and shear drawn together, size unchanged.
affine = transforms.RandomAffine(degrees=15, translate=(0.1, 0.1), scale=(0.8, 1.2), shear=10)
torch.manual_seed(0)
angle, translate, scale, shear = affine.get_params(
    affine.degrees, affine.translate, affine.scale, affine.shear, [width, height]
)
print(f"RandomAffine, seed 0: rotate {angle:.2f}°, shift {translate} px, scale {scale:.3f}")
torch.manual_seed(0)
affined = affine(photo)
assert affined.size == photo.size
by_hand = F.affine(photo, angle, list(translate), scale, shear)  # (3)!
assert torch.equal(F.pil_to_tensor(affined), F.pil_to_tensor(by_hand))

# RandomPerspective: each corner moves inwards by up to distortion_scale * half the side.
perspective = transforms.RandomPerspective(distortion_scale=0.4, p=1.0)
corners, moved_to = perspective.get_params(width, height, distortion_scale=0.4)
for (x, y), (new_x, new_y) in zip(corners, moved_to, strict=True):
    assert abs(new_x - x) <= 0.4 * (width // 2) + 1 and abs(new_y - y) <= 0.4 * (height // 2) + 1
    assert 0 <= new_x < width and 0 <= new_y < height  # inwards: still inside the image
print("RandomPerspective moves the corners", corners, "to", moved_to)
torch.manual_seed(0)
warped = perspective(photo)
torch.manual_seed(0)
warped_again = perspective(photo)
assert warped.size == photo.size
assert torch.equal(F.pil_to_tensor(warped), F.pil_to_tensor(warped_again))  # seeded: repeatable
print("RandomPerspective with seed 0 is repeatable:", warped.size)

panels = {
    "original": photo,
    "RandomHorizontalFlip(p=1)": mirrored,
    "RandomVerticalFlip(p=1)": upside_down,
    "RandomRotation 30°": rotated,
    "RandomRotation 30°, expand=True": expanded,
    "RandomAffine, seed 0": affined,
    "RandomPerspective(0.4), seed 0": warped,
}
fig, axes = plt.subplots(1, len(panels), figsize=(17, 3.6))
for ax, (title, image) in zip(axes, panels.items(), strict=True):
    ax.imshow(image)
    ax.set_title(f"{title}\n{image.size[0]}×{image.size[1]}", fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_geometry.png", dpi=110, bbox_inches="tight", facecolor="white")
