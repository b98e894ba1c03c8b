"""FiveCrop / TenCrop: several views of one image, stacked into a batch for test-time averaging."""

# %% load-photo
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision.transforms.functional as F
from matplotlib import cbook
from torch import nn
from torchvision import transforms
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

# %% five-and-ten
small = transforms.Resize(256)(photo)  # 256 x 300
five = transforms.FiveCrop(224)(small)  # (1)!
ten = transforms.TenCrop(224)(small)
print("FiveCrop ->", type(five).__name__, len(five), "crops of", five[0].size)
print("TenCrop  ->", type(ten).__name__, len(ten), "crops of", ten[0].size)

# %% check
assert isinstance(five, tuple) and len(five) == 5 and len(ten) == 10
assert all(crop.size == (224, 224) for crop in ten)
assert torch.equal(F.pil_to_tensor(five[4]), F.pil_to_tensor(F.center_crop(small, 224)))
# TenCrop = the five crops, then the five crops of the mirrored image (top-left of the mirror
# is the mirrored top-right, and so on).
assert torch.equal(F.pil_to_tensor(ten[5]), F.pil_to_tensor(F.hflip(five[1])))
assert torch.equal(F.pil_to_tensor(ten[9]), F.pil_to_tensor(F.hflip(five[4])))

# %% a-tuple-is-not-an-image
try:
    transforms.ToTensor()(five)  # (1)!
except TypeError as exc:
    message = str(exc)
    print("ToTensor()(five) -> TypeError:", message)
as_images = v2.ToImage()(five)  # (2)!
kinds = {type(crop).__name__ for crop in as_images}
print("v2.ToImage()(five) ->", type(as_images).__name__, "of", len(as_images), *kinds)

# %% check
assert "Got <class 'tuple'>" in message
assert isinstance(as_images, tuple) and len(as_images) == 5 and kinds == {"Image"}

# %% ten-crop-pipeline
to_input = v2.Compose(
    [
        v2.ToImage(),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ]
)
ten_crop_tta = transforms.Compose(
    [
        transforms.Resize(256),
        transforms.TenCrop(224),
        transforms.Lambda(lambda crops: torch.stack([to_input(crop) for crop in crops])),  # (1)!
    ]
)
images = [photo, F.hflip(photo)]  # a batch of two: the photo and its mirror image
batch = torch.stack([ten_crop_tta(image) for image in images])
print("batch of crops:", tuple(batch.shape))

# %% device
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% model
torch.manual_seed(0)
model = nn.Sequential(  # any classifier works; a tiny untrained one keeps this fast
    nn.Conv2d(3, 8, kernel_size=7, stride=4),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(8, 5),
).to(DEVICE)
model.eval()  # (1)!

# %% check
assert not model.training  # no dropout or batch norm here, but a real classifier has them

# %% average-over-crops
with torch.no_grad():
    n_images, n_crops, channels, crop_h, crop_w = batch.shape
    logits = model(batch.to(DEVICE).view(-1, channels, crop_h, crop_w))  # (1)!
    per_crop = logits.view(n_images, n_crops, -1)
    averaged = per_crop.mean(dim=1)  # (2)!
print("logits:", tuple(logits.shape), "-> per crop:", tuple(per_crop.shape))
print("averaged over the crops:", tuple(averaged.shape))

# %% check
# NVIDIA GPUs run float32 convolutions in TF32 by default, which rounds more than the CPU does.
TOLERANCE = {"atol": 1e-3, "rtol": 1e-3}
with torch.no_grad():  # the same as one image at a time
    torch.testing.assert_close(averaged[0], model(batch[0].to(DEVICE)).mean(dim=0), **TOLERANCE)

# %% mirror
print("photo :", [round(v, 4) for v in averaged[0].tolist()])
print("mirror:", [round(v, 4) for v in averaged[1].tolist()])
alone = per_crop[:, 0, 0].tolist()  # the top-left crop's first score, photo and mirror
print(f"top-left crop alone, first score: photo {alone[0]:.4f}, mirror {alone[1]:.4f}")

# %% check: the mirror's ten crops are the photo's ten crops in another order
torch.testing.assert_close(averaged[0], averaged[1], **TOLERANCE)
assert (per_crop[0, 0] - per_crop[1, 0]).abs().max() > 0.01  # although single crops differ

# %% figure
names = ["top-left", "top-right", "bottom-left", "bottom-right", "center"]
fig, axes = plt.subplots(2, 5, figsize=(12, 5.4))
for index, (ax, crop) in enumerate(zip(axes.flat, ten, strict=True)):
    ax.imshow(crop)
    ax.set_title(f"[{index}] {'mirrored ' if index >= 5 else ''}{names[index % 5]}", fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_ten_crop.png", dpi=110, bbox_inches="tight", facecolor="white")
