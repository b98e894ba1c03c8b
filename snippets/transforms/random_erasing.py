"""RandomErasing blanks out a random rectangle; v1's needs a tensor, v2's also takes PIL images."""

# %% load-photo
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from matplotlib import cbook
from torchvision import transforms
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2
from torchvision.transforms.functional import pil_to_tensor

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

image = v2.ToDtype(torch.float32, scale=True)(v2.ToImage()(photo))


# %% erase
def erased_box(before, after):
    """The bounding box (top, left, height, width) of the pixels that changed."""
    rows, cols = torch.nonzero((before != after).any(dim=0), as_tuple=True)
    top, left = rows.min().item(), cols.min().item()
    return top, left, rows.max().item() - top + 1, cols.max().item() - left + 1


eraser = v2.RandomErasing(p=1.0, scale=(0.02, 0.2), ratio=(0.3, 3.3), value=0)  # (1)!
torch.manual_seed(0)
erased = eraser(image)
top, left, box_h, box_w = first_box = erased_box(image, erased)
area = box_h * box_w / (image.shape[1] * image.shape[2])
print(f"erased with seed 0: top={top} left={left} {box_h}x{box_w}, {area:.1%} of the image")

# %% check
assert 0.02 <= area <= 0.2  # inside `scale`
assert (erased[:, top : top + box_h, left : left + box_w] == 0).all()  # the box is all zeros
outside = torch.ones(image.shape[1:], dtype=torch.bool)
outside[top : top + box_h, left : left + box_w] = False
assert torch.equal(erased[:, outside], image[:, outside])  # nothing else changed
untouched = v2.ToDtype(torch.float32, scale=True)(v2.ToImage()(photo))
assert torch.equal(image, untouched)  # inplace=False (the default) leaves the input alone
torch.manual_seed(0)
assert torch.equal(eraser(image), erased)  # same seed, same box
v1_eraser = transforms.RandomErasing(p=1.0, scale=(0.02, 0.2), ratio=(0.3, 3.3), value=0)
torch.manual_seed(0)
assert torch.equal(v1_eraser(image), erased)  # v1 on a tensor: the same box for the same seed

# %% random-noise
mean, std = torch.tensor([0.485, 0.456, 0.406]), torch.tensor([0.229, 0.224, 0.225])
normalize = v2.Normalize(mean.tolist(), std.tolist())
noisy_eraser = v2.RandomErasing(p=1.0, scale=(0.1, 0.2), value="random")  # N(0, 1) noise
torch.manual_seed(1)
normalized = normalize(image)
noisy = noisy_eraser(normalized)
top, left, box_h, box_w = erased_box(normalized, noisy)
noise = noisy[:, top : top + box_h, left : left + box_w]
print(f"value='random': noise mean {noise.mean():+.3f}, std {noise.std():.3f}")

# %% check
assert abs(noise.mean()) < 0.05 and abs(noise.std() - 1) < 0.05

# %% v1-on-pil
coin_eraser = transforms.RandomErasing()  # (1)!
torch.manual_seed(0)
outcomes = []
for _ in range(8):
    try:
        result = coin_eraser(photo)
        outcomes.append("unchanged" if result is photo else "erased")
    except AttributeError as exc:
        outcomes.append("error")
        message = f"{type(exc).__name__}: {exc}"
print("v1 RandomErasing on a PIL image, 8 calls:", ", ".join(outcomes))  # (2)!
print("  the error:", message)

# %% check
assert set(outcomes) == {"unchanged", "error"}
assert "has no attribute 'shape'" in message

# %% v2-on-pil
torch.manual_seed(0)
erased_pil = v2.RandomErasing(p=1.0, scale=(0.02, 0.2))(photo)
pixels, erased_pixels = pil_to_tensor(photo), pil_to_tensor(erased_pil)
top, left, box_h, box_w = erased_box(pixels, erased_pixels)
kind = f"{type(erased_pil).__module__}.{type(erased_pil).__name__}"
print(f"v2 RandomErasing on the PIL image returns a {kind}, box {box_h}x{box_w}")

# %% check
assert (top, left, box_h, box_w) == first_box  # the same box as on the tensor, same seed
assert not isinstance(erased_pil, torch.Tensor) and erased_pil.size == photo.size
assert (erased_pixels[:, top : top + box_h, left : left + box_w] == 0).all()

# %% figure
torch.manual_seed(2)
more = [eraser(image) for _ in range(2)]
noisy_shown = noisy * std[:, None, None] + mean[:, None, None]  # undo Normalize to look at it
panels = {
    "ToImage + ToDtype": image,
    "RandomErasing, seed 0": erased,
    "RandomErasing, seed 2": more[0],
    "seed 2, second call": more[1],
    "value='random' after Normalize": noisy_shown,
}
fig, axes = plt.subplots(1, len(panels), figsize=(13, 3.6))
for ax, (title, tensor) in zip(axes, panels.items(), strict=True):
    ax.imshow(tensor.clamp(0, 1).permute(1, 2, 0).numpy())
    ax.set_title(title, fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_erasing.png", dpi=110, bbox_inches="tight", facecolor="white")
