"""PIL image <-> tensor with transforms.v2 (ToImage, ToDtype), then Normalize and how to undo it."""

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

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )
print(f"PIL image: mode {photo.mode}, size {photo.size} (width, height)")

# %% to-image
as_bytes = v2.ToImage()(photo)  # (1)!
as_floats = v2.ToDtype(torch.float32, scale=True)(as_bytes)  # (2)!
for name, tensor in (("ToImage", as_bytes), ("+ ToDtype", as_floats)):
    low, high = tensor.min().item(), tensor.max().item()
    print(f"{name:>9}: shape {tuple(tensor.shape)}, {tensor.dtype}, min {low:g}, max {high:g}")

# %% check
import numpy as np
from torchvision import tv_tensors

assert as_bytes.shape == as_floats.shape == (3, 600, 512)  # (C, H, W); PIL's size is (W, H)
assert as_bytes.dtype == torch.uint8 and as_floats.dtype == torch.float32
assert isinstance(as_bytes, tv_tensors.Image) and isinstance(as_floats, tv_tensors.Image)
assert as_floats.min() >= 0.0 and as_floats.max() <= 1.0
torch.testing.assert_close(as_floats, as_bytes.float() / 255)
assert v2.ToDtype(torch.float32)(as_bytes).max() == 255  # without scale=True: no division
assert torch.equal(as_bytes, torch.from_numpy(np.array(photo)).permute(2, 0, 1))  # same bytes

# %% to-tensor-v1
old_style = transforms.ToTensor()(photo)  # (1)!
difference = (old_style - as_floats).abs().max()
print(f"v1 ToTensor: {old_style.dtype}, max difference {difference:.0e}")

# %% check
assert type(old_style) is torch.Tensor
torch.testing.assert_close(old_style, as_floats.as_subclass(torch.Tensor), atol=1e-7, rtol=0)
assert torch.equal(transforms.PILToTensor()(photo), as_bytes)  # v1's name for ToImage
float_array = np.full((2, 2, 3), 200.0)  # (H, W, C), but already float: nothing is divided
assert transforms.ToTensor()(float_array).max() == 200.0

# %% normalize
mean = torch.tensor([0.485, 0.456, 0.406])  # ImageNet's
std = torch.tensor([0.229, 0.224, 0.225])
normalize = v2.Normalize(mean=mean.tolist(), std=std.tolist())  # (1)!
normalized = normalize(as_floats)
print(f"normalized: min {normalized.min():.3f}, max {normalized.max():.3f} (no longer in [0, 1])")

# %% check
expected = (as_floats - mean[:, None, None]) / std[:, None, None]
torch.testing.assert_close(normalized, expected)

# %% own-statistics
own_mean, own_std = as_floats.mean(dim=(1, 2)), as_floats.std(dim=(1, 2))
standardized = v2.Normalize(own_mean.tolist(), own_std.tolist())(as_floats)
print("photo's channel means:", [round(m, 4) for m in own_mean.tolist()])
print("stds after Normalize:", [round(s, 4) for s in standardized.std(dim=(1, 2)).tolist()])

# %% check
torch.testing.assert_close(standardized.mean(dim=(1, 2)), torch.zeros(3), atol=1e-5, rtol=0)
torch.testing.assert_close(standardized.std(dim=(1, 2)), torch.ones(3), atol=1e-5, rtol=0)

# %% unnormalize
unnormalize = v2.Normalize(mean=(-mean / std).tolist(), std=(1 / std).tolist())  # (1)!
restored = unnormalize(normalized)
print("unnormalize(normalize(x)) == x: max error", f"{(restored - as_floats).abs().max():.1e}")

# %% check
torch.testing.assert_close(restored, as_floats, atol=1e-6, rtol=0)

# %% to-pil-truncates
truncated = v2.PILToTensor()(v2.ToPILImage()(restored.clamp(0, 1)))  # (1)!
off_by_one = (truncated != as_bytes).float().mean().item()
print(f"ToPILImage after the round trip: {off_by_one:.1%} of the values come back 1 too dark")
just_below = (restored.clamp(0, 1) * 255)[truncated != as_bytes][0].item()
print(f"one of them: x * 255 = {just_below:.5f} -> uint8 {int(just_below)}")

# %% check
assert (as_bytes.int() - truncated.int()).max() == 1 and off_by_one > 0.1
assert int(just_below) == round(just_below) - 1  # a hair below the byte: truncated one level down
rounded = (restored.clamp(0, 1) * 255).round().to(torch.uint8)
assert torch.equal(rounded, as_bytes)  # rounding first brings every byte back

# %% to-dtype-exact
back_to_bytes = v2.ToDtype(torch.uint8, scale=True)(restored.clamp(0, 1))
every_byte = torch.equal(back_to_bytes, as_bytes)
print("ToDtype(torch.uint8, scale=True) gives back every byte:", every_byte)

# %% check
assert every_byte
assert torch.equal(v2.PILToTensor()(v2.ToPILImage()(back_to_bytes)), as_bytes)  # uint8: exact


# %% figure
def channels_last(tensor):
    return tensor.permute(1, 2, 0).numpy()  # matplotlib wants (H, W, C)


panels = {
    "PIL image\nuint8 0..255": photo,
    "ToImage + ToDtype\nfloat32 0..1": channels_last(as_floats),
    "Normalize(ImageNet)\nshown as is, clipped": channels_last(normalized.clamp(0, 1)),  # (1)!
    "inverse Normalize\nfloat32 0..1 again": channels_last(restored.clamp(0, 1)),
}
fig, axes = plt.subplots(1, len(panels), figsize=(10, 3.6))
for ax, (title, shown) in zip(axes, panels.items(), strict=True):
    ax.imshow(shown)
    ax.set_title(title, fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_to_tensor.png", dpi=110, bbox_inches="tight", facecolor="white")
