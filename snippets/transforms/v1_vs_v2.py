"""transforms v1 and v2 side by side on a PIL photo: 11 transforms, two seeds, pixel by pixel."""

# %% load-photo
import os
import sys
import warnings
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

# %% pairs
same_call = {  # m is the module: v1's `transforms` or `v2`
    "Resize(256)": lambda m: m.Resize(256),
    "CenterCrop(224)": lambda m: m.CenterCrop(224),
    "RandomCrop(224, padding=16)": lambda m: m.RandomCrop(224, padding=16, padding_mode="reflect"),
    "RandomResizedCrop(224)": lambda m: m.RandomResizedCrop(224),
    "RandomHorizontalFlip()": lambda m: m.RandomHorizontalFlip(),
    "RandomRotation(30)": lambda m: m.RandomRotation(30),
    "RandomAffine(15, shear=10)": lambda m: m.RandomAffine(15, shear=10),
    "RandomPerspective()": lambda m: m.RandomPerspective(),
    "ColorJitter(.4, .4, .4, .1)": lambda m: m.ColorJitter(0.4, 0.4, 0.4, 0.1),
    "Grayscale(3)": lambda m: m.Grayscale(3),
    "GaussianBlur(9, (0.1, 3))": lambda m: m.GaussianBlur(9, (0.1, 3)),
}
pairs = {name: (build(transforms), build(v2)) for name, build in same_call.items()}

# %% check
assert len(pairs) == 11  # the page says how many transforms are compared
assert all(type(old).__name__ == type(new).__name__ for old, new in pairs.values())

# %% compare
print(f"{'on the PIL photo, seeds 0-1':<28} largest difference (0-255)")
largest = {}
for name, (old, new) in pairs.items():
    largest[name] = 0
    for seed in range(2):
        torch.manual_seed(seed)
        from_v1 = pil_to_tensor(old(photo)).int()
        torch.manual_seed(seed)
        from_v2 = pil_to_tensor(new(photo)).int()
        largest[name] = max(largest[name], (from_v1 - from_v2).abs().max().item())
    print(f"{name:<28} {largest[name]}")  # (1)!

# %% check
assert all(largest[name] == (1 if name.startswith("GaussianBlur") else 0) for name in pairs)

# %% figure
# The picture: v1 on top, v2 below, and where they differ (white: identical pixels).
shown = ["RandomResizedCrop(224)", "RandomRotation(30)", "ColorJitter(.4, .4, .4, .1)"]
shown.append("GaussianBlur(9, (0.1, 3))")
fig, axes = plt.subplots(3, len(shown), figsize=(12, 9.4))
for column, name in enumerate(shown):
    old, new = pairs[name]
    torch.manual_seed(0)
    from_v1 = pil_to_tensor(old(photo))
    torch.manual_seed(0)
    from_v2 = pil_to_tensor(new(photo))
    differs = (from_v1.int() - from_v2.int()).abs().amax(dim=0) > 0
    # Grow each differing pixel into a 9x9 dot, or single pixels vanish when the figure shrinks.
    dots = torch.nn.functional.max_pool2d(differs[None].float(), 9, stride=1, padding=4)[0]
    rows = [from_v1.permute(1, 2, 0), from_v2.permute(1, 2, 0), dots]
    titles = [f"v1 {name}", "v2, same seed", f"{differs.sum().item():,} pixels differ"]
    for row, (image, title) in enumerate(zip(rows, titles, strict=True)):
        axes[row, column].imshow(image.numpy(), cmap="gray_r", vmin=0, vmax=1)
        axes[row, column].set_title(title, fontsize=9)
        axes[row, column].set(xticks=[], yticks=[])  # keep the frame: white means identical
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_v1_vs_v2.png", dpi=90, bbox_inches="tight", facecolor="white")
plt.close(fig)

# %% pipelines
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
train_v1 = transforms.Compose(
    [
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ]
)
train_v2 = v2.Compose(
    [
        v2.RandomResizedCrop(224),
        v2.RandomHorizontalFlip(),
        v2.ToImage(),  # (1)!
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(mean, std),
    ]
)

# %% compare-pipelines
outputs = []
for seed in range(3):
    torch.manual_seed(seed)
    from_v1 = train_v1(photo)
    torch.manual_seed(seed)
    from_v2 = train_v2(photo)
    outputs.append((from_v1, from_v2))
    gap = (from_v2 - from_v1).abs().max()
    print(f"seed {seed}: {tuple(from_v2.shape)}, largest difference {gap:.0e}")
kinds = f"v1 returns {type(from_v1).__name__}, v2 returns tv_tensors.{type(from_v2).__name__}"
print(kinds)  # (1)!

# %% check
from torchvision import tv_tensors

assert len(outputs) == 3
for from_v1, from_v2 in outputs:
    torch.testing.assert_close(
        from_v2, from_v1, check_dtype=True, check_layout=True, atol=1e-6, rtol=0
    )
assert type(from_v1) is torch.Tensor and from_v1.dtype == torch.float32
assert isinstance(from_v2, tv_tensors.Image) and isinstance(from_v2, torch.Tensor)

# %% to-tensor-deprecated
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    v2.ToTensor()
print("v2.ToTensor() warns:", str(caught[0].message).split(".")[0])

# %% check
assert any("deprecated" in str(w.message) for w in caught)

# %% cutmix
torch.manual_seed(0)
images = torch.rand(4, 3, 64, 64)
labels = torch.tensor([0, 1, 2, 3])
mixed_images, soft_labels = v2.CutMix(num_classes=10)(images, labels)  # (1)!
print("images:", tuple(images.shape), "->", tuple(mixed_images.shape))
print("labels:", tuple(labels.shape), "->", tuple(soft_labels.shape))
print("soft labels of the first image:", [round(p, 3) for p in soft_labels[0].tolist()])

# %% check
assert mixed_images.shape == images.shape and soft_labels.shape == (4, 10)
assert not torch.equal(mixed_images, images)  # a patch of another image was pasted in
torch.testing.assert_close(soft_labels.sum(dim=1), torch.ones(4))  # a mix of two one-hot labels

# %% cutmix-area
pasted = (mixed_images != images).any(dim=1).float().mean(dim=(1, 2))  # area of the patch
own, other = 1 - pasted[0].item(), pasted[0].item()
print(f"CutMix pasted {other:.1%} of each image; soft labels: own {own:.3f}, other {other:.3f}")

# %% check
torch.testing.assert_close(soft_labels[torch.arange(4), labels], 1 - pasted)  # own: area left
torch.testing.assert_close(soft_labels[torch.arange(4), labels.roll(1)], pasted)  # the other label
