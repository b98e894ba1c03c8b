"""ImageFolder's loader, transform and target_transform: what each one gets, and when it runs."""

# %% make-folders
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
(root / "dog" / "notes.txt").write_text("not an image")

# %% recording-functions
calls = []  # what each argument receives, in the order ImageFolder calls them


def load_gray(path):  # (1)!
    calls.append(("loader", Path(path).relative_to(root).as_posix()))
    with open(path, "rb") as file:
        return Image.open(file).convert("L")


to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])


def transform(image):  # (2)!
    calls.append(("transform", type(image).__name__, image.mode))
    return to_tensor(image)


def to_float_label(class_index):  # (3)!
    calls.append(("target_transform", class_index))
    return torch.tensor(class_index, dtype=torch.float32)


# %% build
dataset = datasets.ImageFolder(
    root, transform=transform, target_transform=to_float_label, loader=load_gray
)
print("classes:", dataset.classes, "| samples:", len(dataset))  # (1)!
print("calls so far:", calls)  # (2)!

# %% check
files = [p for p in root.rglob("*") if p.is_file()]
assert dataset.classes == ["cat", "dog"] and len(files) == 7 and len(dataset) == 6  # .txt skipped

# %% get-item
image, label = dataset[3]
print("calls for dataset[3]:", calls)
print("image:", tuple(image.shape), image.dtype, "| label:", label)

# %% check
assert calls == [("loader", "dog/0.png"), ("transform", "Image", "L"), ("target_transform", 1)]
assert image.shape == (1, 6, 8) and image.dtype == torch.float32  # one channel, from the loader
r, g, b = COLOURS["dog"]
gray = (r * 299 + g * 587 + b * 114) / 1000  # Pillow's RGB -> L weights
torch.testing.assert_close(image, torch.full((1, 6, 8), gray / 255), atol=1 / 255, rtol=0)
assert label.dtype == torch.float32 and label.item() == 1.0

# %% no-cache
dataset[3]
print("calls after taking dataset[3] again:", len(calls))

# %% raw-targets
sample_path, sample_index = dataset.samples[3]
print("samples[3]:", (Path(sample_path).relative_to(root).as_posix(), sample_index))
print("targets:", dataset.targets)  # (1)!

# %% defaults
plain_image, plain_label = datasets.ImageFolder(root)[3]
print("defaults:", type(plain_image).__name__, plain_image.mode, plain_image.size, end=" ")
print("| label:", plain_label, type(plain_label).__name__)

# %% float-labels
images, labels = next(iter(DataLoader(dataset, batch_size=6)))
logits = nn.Linear(6 * 8, 1)(images.flatten(1)).squeeze(1)
loss = nn.BCEWithLogitsLoss()(logits, labels)
print(f"a batch: {tuple(images.shape)}, labels {labels.tolist()}, BCE loss {loss.item():.4f}")
try:
    nn.BCEWithLogitsLoss()(logits, torch.tensor(dataset.targets))  # the raw int64 indices
except RuntimeError as exc:
    print("BCEWithLogitsLoss with int64 targets -> RuntimeError:", str(exc).split("\n")[0])
workdir.cleanup()

# %% check
assert images.shape == (6, 1, 6, 8) and labels.dtype == torch.float32
