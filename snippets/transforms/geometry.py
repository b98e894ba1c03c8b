"""Flips, RandomRotation (with and without expand), RandomAffine and RandomPerspective."""

# %% load-photo
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

width, height = photo.size

# %% flips
pixels = F.pil_to_tensor(photo)  # (3, 600, 512) uint8, handy for exact comparisons
mirrored = transforms.RandomHorizontalFlip(p=1.0)(photo)  # (1)!
upside_down = transforms.RandomVerticalFlip(p=1.0)(photo)
same_w = torch.equal(F.pil_to_tensor(mirrored), pixels.flip(-1))
same_h = torch.equal(F.pil_to_tensor(upside_down), pixels.flip(-2))
print(f"horizontal flip == pixels.flip(-1), the width axis reversed:  {same_w}")
print(f"vertical flip   == pixels.flip(-2), the height axis reversed: {same_h}")

# %% coin
coin = transforms.RandomHorizontalFlip()  # p=0.5
two_pixels = torch.tensor([[[1, 2]]])  # a tiny image is enough to count the flips
torch.manual_seed(0)
flipped = sum(coin(two_pixels)[0, 0, 0].item() == 2 for _ in range(200))
print(f"RandomHorizontalFlip(p=0.5) flipped {flipped} of 200 calls")

# %% check
assert 70 < flipped < 130

# %% which-way
dot = torch.zeros(1, 5, 5)
dot[0, 2, 4] = 1  # right of the centre
print(F.rotate(dot, 90)[0])  # (1)!

# %% check: right of the centre goes to the top, so positive angles turn anticlockwise
assert F.rotate(dot, 90)[0, 0, 2] == 1

# %% rotate
rotate_30 = transforms.RandomRotation(degrees=(30, 30))  # (1)!
rotate_30_expand = transforms.RandomRotation(degrees=(30, 30), expand=True)
rotated = rotate_30(photo)
expanded = rotate_30_expand(photo)
print(f"rotated 30°: {rotated.size}; expand=True: {expanded.size}")
theta = math.radians(30)
needed_w = width * math.cos(theta) + height * math.sin(theta)  # the rotated corners' extent
needed_h = width * math.sin(theta) + height * math.cos(theta)
print(f"rotated corners need {needed_w:.1f} x {needed_h:.1f}")
canvas = (2 * math.ceil(needed_w / 2), 2 * math.ceil(needed_h / 2))  # (2)!
print("rounded outwards around the centre:", canvas)

# %% check
assert rotated.size == (512, 600)
assert expanded.size == canvas == (744, 776)
assert F.pil_to_tensor(rotated)[:, 0, 0].tolist() == [0, 0, 0]  # a cut corner is filled with 0
assert rotate_30.fill == 0 and rotate_30.interpolation == transforms.InterpolationMode.NEAREST

# %% affine
affine = transforms.RandomAffine(degrees=15, translate=(0.1, 0.1), scale=(0.8, 1.2), shear=10)
torch.manual_seed(0)
angle, translate, scale, shear = affine.get_params(
    affine.degrees, affine.translate, affine.scale, affine.shear, [width, height]
)
print(f"RandomAffine, seed 0: rotate {angle:.2f}°, shift {translate} px, scale {scale:.3f}")
torch.manual_seed(0)
affined = affine(photo)
by_hand = F.affine(photo, angle, list(translate), scale, shear)  # (1)!
same = torch.equal(F.pil_to_tensor(affined), F.pil_to_tensor(by_hand))
print(f"RandomAffine with seed 0: size {affined.size}, the same pixels as F.affine: {same}")

# %% check
assert affined.size == photo.size and same

# %% perspective
perspective = transforms.RandomPerspective(distortion_scale=0.4, p=1.0)
corners, moved_to = perspective.get_params(width, height, distortion_scale=0.4)
print("RandomPerspective moves the corners", corners, "to", moved_to)
torch.manual_seed(0)
warped = perspective(photo)
torch.manual_seed(0)
warped_again = perspective(photo)
repeatable = torch.equal(F.pil_to_tensor(warped), F.pil_to_tensor(warped_again))
print(f"RandomPerspective with seed 0: size {warped.size}, repeatable: {repeatable}")

# %% check: each corner moves inwards by up to distortion_scale * half the side
for (x, y), (new_x, new_y) in zip(corners, moved_to, strict=True):
    assert abs(new_x - x) <= 0.4 * (width // 2) + 1 and abs(new_y - y) <= 0.4 * (height // 2) + 1
    assert 0 <= new_x < width and 0 <= new_y < height  # inwards: still inside the image
assert warped.size == photo.size and repeatable

# %% figure
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
