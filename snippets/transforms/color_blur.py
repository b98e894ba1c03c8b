"""ColorJitter, Grayscale and GaussianBlur: change the pixels' values, never the image size."""

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

# float32 in [0, 1], shape (3, 600, 512): easy to check by arithmetic (see the tensors page)
image = v2.ToDtype(torch.float32, scale=True)(v2.ToImage()(photo))

# %% brightness
brighter = transforms.ColorJitter(brightness=(1.5, 1.5))(image)  # (1)!
print(f"brightness x1.5: mean {image.mean():.3f} -> {brighter.mean():.3f}")

# %% check: multiply every value, then clip to the valid range
torch.testing.assert_close(brighter, (image * 1.5).clamp(0, 1))

# %% jitter-params
jitter = transforms.ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.1)  # (1)!
torch.manual_seed(0)
names_to_ranges = (jitter.brightness, jitter.contrast, jitter.saturation, jitter.hue)
order, brightness, contrast, saturation, hue = jitter.get_params(*names_to_ranges)
names = ["brightness", "contrast", "saturation", "hue"]
print("seed 0 applies", " -> ".join(names[i] for i in order))
factors = {"brightness": brightness, "contrast": contrast, "saturation": saturation, "hue": hue}
print("  factors:", {name: round(value, 3) for name, value in factors.items()})

# %% check
assert sorted(order.tolist()) == [0, 1, 2, 3]
torch.manual_seed(1)
assert jitter.get_params(*names_to_ranges)[0].tolist() == [1, 3, 2, 0]  # another order
assert all(0.5 <= factor <= 1.5 for factor in (brightness, contrast, saturation))
assert -0.1 <= hue <= 0.1

# %% hue-range
try:
    transforms.ColorJitter(hue=0.6)  # hue is a shift around the colour wheel: at most half a turn
except ValueError as exc:
    print(f"ColorJitter(hue=0.6) -> ValueError: {exc}")

# %% jitter-photo
torch.manual_seed(0)
jittered = jitter(photo)
torch.manual_seed(0)
same = torch.equal(pil_to_tensor(jitter(photo)), pil_to_tensor(jittered))
torch.manual_seed(1)
jittered_seed_1 = jitter(photo)
print(f"ColorJitter on the photo: size {jittered.size}; seed 0 twice, the same pixels: {same}")

# %% check
assert jittered.size == photo.size and same

# %% grayscale
gray = transforms.Grayscale()(photo)
gray_rgb = transforms.Grayscale(num_output_channels=3)(photo)
print("Grayscale():  mode", gray.mode, "->", tuple(pil_to_tensor(gray).shape))
print("Grayscale(3): mode", gray_rgb.mode, "->", tuple(pil_to_tensor(gray_rgb).shape))

# %% check
assert gray.mode == "L" and pil_to_tensor(gray).shape == (1, 600, 512)
gray_rgb_pixels = pil_to_tensor(gray_rgb)
assert gray_rgb_pixels.shape == (3, 600, 512)
assert torch.equal(gray_rgb_pixels[0], gray_rgb_pixels[1])
assert torch.equal(gray_rgb_pixels[1], gray_rgb_pixels[2])

# %% luma
red, green, blue = image
luma = 0.2989 * red + 0.587 * green + 0.114 * blue  # (1)!
on_tensor = transforms.Grayscale()(image)[0]
on_pil = pil_to_tensor(gray)[0]  # uint8 grey levels 0..255
print(f"tensor: largest difference from the weighted sum {(on_tensor - luma).abs().max():.1e}")
print(f"PIL: largest difference {(on_pil - luma * 255).abs().max():.2f} grey levels")

# %% check
torch.testing.assert_close(on_tensor, luma)
assert (on_pil - luma * 255).abs().max() < 1  # PIL's own formula: same grey

# %% odd-kernel
try:
    transforms.GaussianBlur(kernel_size=4)
except ValueError as exc:
    print(f"GaussianBlur(kernel_size=4) -> ValueError: {exc}")


# %% blur
def sharpness(pixels):
    """Mean jump between horizontally adjacent pixels: blurring makes it smaller."""
    return (pixels[..., 1:] - pixels[..., :-1]).abs().mean().item()


blurred = {sigma: transforms.GaussianBlur(kernel_size=31, sigma=sigma)(image) for sigma in (2, 6)}
print(f"sharpness: original {sharpness(image):.4f}")
for sigma, blurry in blurred.items():
    print(f"           GaussianBlur(31, sigma={sigma}) {sharpness(blurry):.4f}")

# %% check
assert sharpness(image) > sharpness(blurred[2]) > sharpness(blurred[6])
random_blur = transforms.GaussianBlur(kernel_size=31, sigma=(0.1, 2.0))
assert all(0.1 <= random_blur.get_params(*random_blur.sigma) <= 2.0 for _ in range(100))
assert abs(blurred[6].mean() - image.mean()) < 0.01  # weights sum to 1: brightness is kept
flat = torch.full((3, 64, 64), 0.25)
torch.testing.assert_close(transforms.GaussianBlur(31, sigma=6)(flat), flat)  # nothing to blur

# %% figure
panels = {
    "original": photo,
    "ColorJitter, seed 0": jittered,
    "ColorJitter, seed 1": jittered_seed_1,
    "ColorJitter(brightness=(1.5, 1.5))": brighter.permute(1, 2, 0).numpy(),
    "ColorJitter(hue=(0.3, 0.3))": transforms.ColorJitter(hue=(0.3, 0.3))(photo),
    "Grayscale()": gray,
    "GaussianBlur(31, sigma=2)": blurred[2].permute(1, 2, 0).numpy(),
    "GaussianBlur(31, sigma=6)": blurred[6].permute(1, 2, 0).numpy(),
}
fig, axes = plt.subplots(2, 4, figsize=(11, 6.8))
for ax, (title, shown) in zip(axes.flat, panels.items(), strict=True):
    ax.imshow(shown, cmap="gray", vmin=0, vmax=255 if title == "Grayscale()" else None)  # (1)!
    ax.set_title(title, fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_color_blur.png", dpi=110, bbox_inches="tight", facecolor="white")
