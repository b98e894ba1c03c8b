"""Compose a pipeline, write your own transform, and make RandomApply/Choice/Order repeatable."""

# %% load-photo
import os
import random
import sys
from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from matplotlib import cbook
from torchvision import transforms, tv_tensors
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as F

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )


# %% square-pad
def square_padding(height, width):
    """[left, top, right, bottom] padding that centres a height x width image in a square."""
    side = max(height, width)
    left, top = (side - width) // 2, (side - height) // 2
    return [left, top, side - width - left, side - height - top]


class SquarePad:  # (1)!
    """Pad the shorter side, centred, so the image becomes square without cutting anything off."""

    def __init__(self, fill=0):
        self.fill = fill

    def __call__(self, image):
        _, height, width = F.get_dimensions(image)  # works for PIL images and tensors alike
        return F.pad(image, square_padding(height, width), fill=self.fill)

    def __repr__(self):
        return f"{type(self).__name__}(fill={self.fill})"


# %% use-square-pad
GREY = (128, 128, 128)
square = SquarePad(fill=GREY)(photo)
on_tensor = SquarePad(fill=GREY)(v2.ToImage()(photo))  # the same class on a tensor
same = torch.equal(on_tensor, F.pil_to_tensor(square))
print(f"{SquarePad(fill=GREY)}: PIL {photo.size} -> {square.size}")
print(f"on a tensor: {tuple(on_tensor.shape)}, the same pixels: {same}")

# %% check
assert square.size == (600, 600)  # 44 grey columns added on each side of the 512-wide photo
assert F.pil_to_tensor(square)[:, 300, :44].eq(128).all() and same


# %% noise-class
class RandomGaussianNoise:
    """With probability p, add N(0, std^2) noise to a float image tensor in [0, 1]."""

    def __init__(self, std=0.05, p=0.5):
        self.std, self.p = std, p

    def __call__(self, image):
        if torch.rand(1).item() >= self.p:  # (1)!
            return image
        return (image + self.std * torch.randn_like(image)).clamp(0, 1)

    def __repr__(self):
        return f"{type(self).__name__}(std={self.std}, p={self.p})"


# %% noise-calls
noise = RandomGaussianNoise(std=0.1, p=0.5)
grey_patch = torch.full((3, 8, 8), 0.5)
torch.manual_seed(0)
noisy = torch.stack([noise(grey_patch) for _ in range(10)])
noise_added = (noisy != 0.5).flatten(1).any(dim=1)
print(f"{noise} added noise in {noise_added.sum()} of 10 calls")


# %% check
def ten_noise_calls(python_seed):
    torch.manual_seed(0)
    random.seed(python_seed)  # must not matter: the noise only draws from torch
    return torch.stack([noise(grey_patch) for _ in range(10)])


assert torch.equal(noisy, ten_noise_calls(python_seed=1))
assert torch.equal(noisy, ten_noise_calls(python_seed=2))
assert 0 < noise_added.sum() < 10

# %% pipeline
train_transform = v2.Compose(  # (1)!
    [
        v2.ToImage(),  # a uint8 tensor from the first step on
        SquarePad(fill=GREY),
        v2.Resize(224),
        v2.RandomApply([v2.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        v2.RandomChoice(
            [
                v2.RandomRotation(20),
                v2.RandomPerspective(distortion_scale=0.3, p=1.0),
                v2.RandomAffine(degrees=0, shear=20),
            ]
        ),
        v2.ToDtype(torch.float32, scale=True),  # float in [0, 1] only for the last step
        RandomGaussianNoise(std=0.08, p=0.5),
    ]
)
print("steps:", " -> ".join(type(step).__name__ for step in train_transform.transforms))

# %% check
assert "SquarePad(fill=(128, 128, 128))" in repr(train_transform)  # print() shows our __repr__
augmented_uint8 = v2.Compose(train_transform.transforms[:-2])(photo)  # every step before ToDtype
assert isinstance(augmented_uint8, tv_tensors.Image) and augmented_uint8.dtype == torch.uint8


# %% augment
def augment(seed):
    torch.manual_seed(seed)  # (1)!
    return train_transform(photo)


samples = [augment(seed) for seed in range(6)]
print(len(samples), "samples of shape", tuple(samples[0].shape), samples[0].dtype)
again = all(torch.equal(augment(seed), samples[seed]) for seed in range(6))
print("the same seeds give the same tensors again:", again)

# %% check
assert again
assert all(s.shape == (3, 224, 224) and s.dtype == torch.float32 for s in samples)
assert all(s.min() >= 0 and s.max() <= 1 for s in samples)
assert not torch.equal(samples[0], samples[1])
random.seed(1)  # Python's own generator plays no part in a v2 pipeline:
assert torch.equal(augment(0), samples[0])


# %% dict-sample
boxes = tv_tensors.BoundingBoxes([[167, 130, 358, 371]], format="XYXY", canvas_size=(600, 512))
sample = {"image": v2.ToImage()(photo), "boxes": boxes, "labels": torch.tensor([1])}
try:
    v2.Compose([SquarePad(fill=GREY)])(sample)  # (1)!
except TypeError as exc:
    message = str(exc)
    print("SquarePad on a dict sample -> TypeError: ... but", message.split(" but ")[-1])

# %% check
assert "got <class 'dict'>" in message


# %% v2-transform
class SquarePadSample(v2.Transform):  # (1)!
    """SquarePad as a v2 Transform: the boxes in a sample are padded along with the image."""

    def __init__(self, fill=0):
        super().__init__()
        self.fill = fill

    def make_params(self, flat_inputs):  # once per call: one padding for every item
        return {"padding": square_padding(*v2.query_size(flat_inputs))}

    def transform(self, inpt, params):  # once per item: F.pad picks its kernel by the item's type
        return F.pad(inpt, params["padding"], fill=self.fill)


# %% v2-transform-on-sample
padded = v2.Compose([SquarePadSample(fill=GREY)])(sample)
print("boxes", boxes.tolist(), "->", padded["boxes"].tolist())
print("canvas", boxes.canvas_size, "->", padded["boxes"].canvas_size)
print("labels", sample["labels"].tolist(), "->", padded["labels"].tolist())

# %% check
assert padded["boxes"].tolist() == [[211, 130, 402, 371]]  # moved right by the 44 grey columns
assert padded["boxes"].canvas_size == (600, 600)
assert torch.equal(padded["image"], F.pil_to_tensor(square))
assert torch.equal(padded["labels"], sample["labels"])  # plain tensor beside an Image: untouched

# %% containers
add_one = transforms.Lambda(lambda x: x + 1)
double = transforms.Lambda(lambda x: x * 2)
containers = {
    "RandomApply([double], p=0.3)": transforms.RandomApply([double], p=0.3),  # 3 or 6
    "RandomChoice([add_one, double])": transforms.RandomChoice([add_one, double]),  # 4 or 6
    "RandomOrder([add_one, double])": transforms.RandomOrder([add_one, double]),  # 8 or 7
}
three = torch.tensor(3.0)
random.seed(0)
torch.manual_seed(0)
counts = {}
for name, container in containers.items():
    counts[name] = Counter(int(container(three)) for _ in range(1000))
    print(f"{name:<32} on 3, 1000 times: {dict(sorted(counts[name].items()))}")

# %% check
assert set(counts["RandomApply([double], p=0.3)"]) == {3, 6}
assert 250 < counts["RandomApply([double], p=0.3)"][6] < 350
assert set(counts["RandomChoice([add_one, double])"]) == {4, 6}  # exactly one of the two
assert 400 < counts["RandomChoice([add_one, double])"][4] < 600  # about half each
assert set(counts["RandomOrder([add_one, double])"]) == {7, 8}  # both, in either order


# %% which-seed
def twenty_draws(container, python_seed):
    torch.manual_seed(0)  # the torch seed is always the same ...
    random.seed(python_seed)  # ... only Python's own generator differs
    return [int(container(three)) for _ in range(20)]


v2_add_one, v2_double = v2.Lambda(lambda x: x + 1), v2.Lambda(lambda x: x * 2)
candidates = {
    "v1 RandomApply": transforms.RandomApply([double], p=0.3),
    "v1 RandomChoice": transforms.RandomChoice([add_one, double]),
    "v1 RandomOrder": transforms.RandomOrder([add_one, double]),
    "v2 RandomApply": v2.RandomApply([v2_double], p=0.3),
    "v2 RandomChoice": v2.RandomChoice([v2_add_one, v2_double]),
    "v2 RandomOrder": v2.RandomOrder([v2_add_one, v2_double]),
}
pinned = {}
for name, container in candidates.items():
    pinned[name] = twenty_draws(container, python_seed=1) == twenty_draws(container, python_seed=2)
    print(f"torch.manual_seed alone repeats {name:<16} {pinned[name]}")  # (1)!

# %% check
assert pinned["v1 RandomApply"]
assert not pinned["v1 RandomChoice"] and not pinned["v1 RandomOrder"]
assert pinned["v2 RandomApply"] and pinned["v2 RandomChoice"] and pinned["v2 RandomOrder"]
v1_choice = candidates["v1 RandomChoice"]  # with random.seed fixed as well, v1 repeats too
assert twenty_draws(v1_choice, python_seed=1) == twenty_draws(v1_choice, python_seed=1)

# %% figure
panels = {"original": photo, "SquarePad(fill=GREY)": square}
panels |= {
    f"train_transform, seed {seed}": s.permute(1, 2, 0).numpy() for seed, s in enumerate(samples)
}
fig, axes = plt.subplots(2, 4, figsize=(11, 6.2))
for ax, (title, shown) in zip(axes.flat, panels.items(), strict=True):
    ax.imshow(shown)
    ax.set_title(title, fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_compose.png", dpi=110, bbox_inches="tight", facecolor="white")
