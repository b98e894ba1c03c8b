"""ImageFolder's loader, transform and target_transform: what each one gets, and when it runs."""

import tempfile
from pathlib import Path

import torch
from PIL import Image  # Pillow, which torchvision itself needs and installs
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)

# Two classes of small solid-colour PNGs, root/cat/0.png ... root/dog/2.png, and a stray text file.
workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name) / "pets"
COLOURS = {"cat": (200, 30, 30), "dog": (30, 30, 200)}
for name, colour in COLOURS.items():
    (root / name).mkdir(parents=True)
    for n in range(3):
        Image.new("RGB", (8, 6), colour).save(root / name / f"{n}.png")
(root / "dog" / "notes.txt").write_text("not an image")  # (1)!

calls = []  # what each argument receives, in the order ImageFolder calls them


def load_gray(path):  # (2)!
    calls.append(("loader", Path(path).relative_to(root).as_posix()))
    with open(path, "rb") as file:
        return Image.open(file).convert("L")


to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])


def transform(image):  # (3)!
    calls.append(("transform", type(image).__name__, image.mode))
    return to_tensor(image)


def to_float_label(class_index):  # (4)!
    calls.append(("target_transform", class_index))
    return torch.tensor(class_index, dtype=torch.float32)


dataset = datasets.ImageFolder(
    root, transform=transform, target_transform=to_float_label, loader=load_gray
)
print("classes:", dataset.classes, "| samples:", len(dataset))
files = [p for p in root.rglob("*") if p.is_file()]
assert dataset.classes == ["cat", "dog"] and len(files) == 7 and len(dataset) == 6  # .txt skipped
assert not calls  # (5)!

image, label = dataset[3]
print("calls for dataset[3]:", calls)
assert calls == [("loader", "dog/0.png"), ("transform", "Image", "L"), ("target_transform", 1)]
print("image:", tuple(image.shape), image.dtype, "| label:", label)
assert image.shape == (1, 6, 8) and image.dtype == torch.float32  # one channel, from the loader
r, g, b = COLOURS["dog"]
gray = (r * 299 + g * 587 + b * 114) / 1000  # Pillow's RGB -> L weights
torch.testing.assert_close(image, torch.full((1, 6, 8), gray / 255), atol=1 / 255, rtol=0)
assert label.dtype == torch.float32 and label.item() == 1.0

# Each access runs all three again: nothing is cached.
dataset[3]
assert len(calls) == 6

# The lists ImageFolder keeps hold the raw class index: target_transform only runs in dataset[i].
print(
    "samples[3]:", (Path(dataset.samples[3][0]).relative_to(root).as_posix(), dataset.samples[3][1])
)
print("targets:", dataset.targets)
assert dataset.targets == [0, 0, 0, 1, 1, 1] and dataset.samples[3][1] == 1  # (6)!

# Without the three arguments: an RGB PIL image and an int label.
plain_image, plain_label = datasets.ImageFolder(root)[3]
print(
    "defaults:",
    type(plain_image).__name__,
    plain_image.mode,
    plain_image.size,
    "| label:",
    plain_label,
)
assert plain_image.mode == "RGB" and plain_label == 1 and isinstance(plain_label, int)

# What the float labels are for: BCEWithLogitsLoss wants float targets of the logits' shape.
images, labels = next(iter(DataLoader(dataset, batch_size=6)))
logits = nn.Linear(6 * 8, 1)(images.flatten(1)).squeeze(1)
loss = nn.BCEWithLogitsLoss()(logits, labels)
print(f"a batch: {tuple(images.shape)}, labels {labels.tolist()}, BCE loss {loss.item():.4f}")
assert images.shape == (6, 1, 6, 8) and labels.dtype == torch.float32
try:
    nn.BCEWithLogitsLoss()(logits, torch.tensor(dataset.targets))  # the raw int64 indices
except RuntimeError as exc:
    print("BCEWithLogitsLoss with int64 targets -> RuntimeError:", str(exc).split("\n")[0])
else:
    raise AssertionError("BCEWithLogitsLoss should refuse integer targets")
workdir.cleanup()
