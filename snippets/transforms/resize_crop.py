"""Resize, CenterCrop, RandomResizedCrop, Pad and RandomCrop: which sizes come out, and why."""

# %% load-photo
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

width, height = photo.size  # (1)!
print(f"photo: {photo.mode}, width {width}, height {height}")

# %% check
assert (width, height) == (512, 600)

# %% resize
short_side_256 = transforms.Resize(256)(photo)  # (1)!
squashed = transforms.Resize((224, 224))(photo)
print("Resize(256).size        =", short_side_256.size)
print("Resize((224, 224)).size =", squashed.size)

# %% check
assert short_side_256.size == (256, 300)  # 600 * 256 / 512 = 300: proportions kept
assert squashed.size == (224, 224)  # proportions lost: the face gets wider

# %% center-crop
center = transforms.CenterCrop(224)(short_side_256)
print("CenterCrop(224).size    =", center.size)

# %% check: (300 - 224) / 2 = 38 rows off the top, (256 - 224) / 2 = 16 columns off the left
same_box = F.crop(short_side_256, top=38, left=16, height=224, width=224)
assert torch.equal(F.pil_to_tensor(center), F.pil_to_tensor(same_box))

# %% random-resized-crop
random_resized_crop = transforms.RandomResizedCrop(224, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3))
torch.manual_seed(0)
top, left, box_h, box_w = random_resized_crop.get_params(
    photo, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)
)
print(f"random box with seed 0: top={top} left={left} height={box_h} width={box_w}")
torch.manual_seed(0)
crop_seed_0 = random_resized_crop(photo)  # (1)!
by_hand = F.resized_crop(photo, top, left, box_h, box_w, [224, 224])
same = torch.equal(F.pil_to_tensor(crop_seed_0), F.pil_to_tensor(by_hand))
print(f"RandomResizedCrop with seed 0: {crop_seed_0.size}, the same pixels as that box: {same}")

# %% check
defaults = transforms.RandomResizedCrop(224)
assert defaults.scale == (0.08, 1.0) and defaults.ratio == (3 / 4, 4 / 3)  # what we pass
assert 0.08 <= box_h * box_w / (width * height) <= 1.0  # area fraction inside `scale`
assert 3 / 4 - 0.01 <= box_w / box_h <= 4 / 3 + 0.01  # aspect ratio inside `ratio` (rounded)
assert crop_seed_0.size == (224, 224) and same

# %% seeds
torch.manual_seed(1)
crop_seed_1 = random_resized_crop(photo)
torch.manual_seed(0)
crop_seed_0_again = random_resized_crop(photo)
again = torch.equal(F.pil_to_tensor(crop_seed_0_again), F.pil_to_tensor(crop_seed_0))
other = torch.equal(F.pil_to_tensor(crop_seed_1), F.pil_to_tensor(crop_seed_0))
print(f"seed 0 again: same crop {again}; seed 1: same crop {other}")

# %% check
assert again and not other  # repeatable, and random

# %% pad-modes
row = torch.tensor([[[1.0, 2.0, 3.0, 4.0]]])  # (C, H, W) = (1, 1, 4)
MODES = ["constant", "edge", "reflect", "symmetric"]  # (1)!
for mode in MODES:
    padded = transforms.Pad(padding=(2, 0), padding_mode=mode)(row)  # (2)!
    print(f"{mode:>9}: {padded.flatten().int().tolist()}")

# %% check
padded_rows = [transforms.Pad(padding=(2, 0), padding_mode=mode)(row) for mode in MODES]
assert all(p.shape == (1, 1, 8) for p in padded_rows)
assert all(torch.equal(p, p.round()) for p in padded_rows)  # .int() above drops no fraction

# %% pad-photo
small = transforms.Resize(160)(photo)  # a small copy makes the border easy to see
padded_photos = {
    mode: transforms.Pad(48, fill=(255, 140, 0), padding_mode=mode)(small) for mode in MODES
}
print(f"Pad(48) on {small.size}: {padded_photos['edge'].size}")

# %% check
assert small.size == (160, 187)
assert all(image.size == (160 + 2 * 48, 187 + 2 * 48) for image in padded_photos.values())
inner = F.pil_to_tensor(padded_photos["reflect"])[:, 48:-48, 48:-48]
assert torch.equal(inner, F.pil_to_tensor(small))  # padding never changes the original pixels
assert F.pil_to_tensor(padded_photos["constant"])[:, 0, 0].tolist() == [255, 140, 0]  # `fill`

# %% random-crop
random_crop = transforms.RandomCrop(160, padding=32, padding_mode="reflect")  # (1)!
torch.manual_seed(0)
crops = [random_crop(small) for _ in range(2)]
print("RandomCrop(160, padding=32) sizes:", [crop.size for crop in crops])

# %% crop-too-large
try:
    transforms.RandomCrop(640)(photo)
except ValueError as exc:
    print(f"RandomCrop(640) on 512x600 -> ValueError: {exc}")
grown = transforms.RandomCrop(640, pad_if_needed=True, padding_mode="edge")(photo)
print("with pad_if_needed=True:", grown.size)

# %% figure
# Before/after grid. Top: resizing and cropping (the dashed box is the crop seed 0 drew).
# Bottom: the four padding modes on a small copy, then two reflect-padded random crops.
panels = {
    "original": photo,
    "Resize(256)": short_side_256,
    "Resize((224, 224))": squashed,
    "CenterCrop(224)": center,
    "RandomResizedCrop, seed 0": crop_seed_0,
    "RandomResizedCrop, seed 1": crop_seed_1,
}
panels |= {f"Pad(48, '{mode}')": image for mode, image in padded_photos.items()}
panels |= {f"RandomCrop #{i + 1}, reflect": crop for i, crop in enumerate(crops)}
fig, axes = plt.subplots(2, 6, figsize=(15, 6.2))
for ax, (title, image) in zip(axes.flat, panels.items(), strict=True):
    ax.imshow(image)
    ax.set_title(f"{title}\n{image.size[0]}×{image.size[1]}", fontsize=8)
    ax.axis("off")
box = plt.Rectangle((left, top), box_w, box_h, fill=False, color="yellow", linestyle="--", lw=2)
axes[0, 0].add_patch(box)

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_resize_crop.png", dpi=110, bbox_inches="tight", facecolor="white")
