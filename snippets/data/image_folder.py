"""ImageFolder: one folder per class; why grayscale MNIST comes back with 3 channels; two fixes."""

import os
import sys
import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.io import ImageReadMode, decode_image, write_png
from torchvision.transforms import v2

DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )

torch.manual_seed(0)
NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
PER_CLASS = 3

# Export the first 3 training images of every digit as root/<class name>/<n>.png.
workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name) / "mnist-folders"
for digit, name in enumerate(NAMES):
    (root / name).mkdir(parents=True)
    indices = torch.nonzero(train_set.targets == digit).flatten()[:PER_CLASS]
    for n, index in enumerate(indices.tolist()):
        write_png(train_set.data[index].unsqueeze(0), str(root / name / f"{n}.png"))  # (1)!
files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))
print(len(files), "files:", *files[:4], "...")
assert len(files) == 10 * PER_CLASS
first_png = root / "eight" / "0.png"
assert decode_image(str(first_png)).shape == (1, 28, 28)  # one channel on disk

# Load it back. Class indices come from the folder names in sorted order, not from the digits.
to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
rgb_set = datasets.ImageFolder(root, transform=to_tensor)
print(rgb_set.class_to_idx)  # (2)!
assert len(rgb_set) == 10 * PER_CLASS and rgb_set.classes == sorted(NAMES)
assert rgb_set.class_to_idx["eight"] == 0 and rgb_set.class_to_idx["zero"] == 9
image, label = rgb_set[0]
print("default loader:", tuple(image.shape), "class", label, rgb_set.classes[label])
assert image.shape == (3, 28, 28)  # three channels for a grayscale PNG ...
assert torch.equal(image[0], image[1]) and torch.equal(image[1], image[2])  # ... all equal
assert datasets.ImageFolder(root)[0][0].mode == "RGB"  # (3)!

# The pixels every fix must reproduce: MNIST's own image, scaled to [0, 1].
expected = train_set.data[torch.nonzero(train_set.targets == 8).flatten()[0]] / 255

# Fix 1: keep the default loader and convert back with a Grayscale transform.
gray_transform = v2.Compose([v2.Grayscale(num_output_channels=1), to_tensor])  # (4)!
fixed_by_transform = datasets.ImageFolder(root, transform=gray_transform)
image, _ = fixed_by_transform[0]
print("Grayscale transform:", tuple(image.shape))
assert image.shape == (1, 28, 28)
torch.testing.assert_close(image[0], expected)


# Fix 2: a loader that decodes the file as one channel in the first place (no RGB detour).
def load_gray(path):  # (5)!
    return decode_image(path, mode=ImageReadMode.GRAY)


fixed_by_loader = datasets.ImageFolder(root, transform=to_tensor, loader=load_gray)
image, _ = fixed_by_loader[0]
print("custom loader:      ", tuple(image.shape))
assert image.shape == (1, 28, 28)
torch.testing.assert_close(image[0], expected)

images, labels = next(iter(DataLoader(fixed_by_loader, batch_size=8, shuffle=True)))
print("a batch:", tuple(images.shape), [rgb_set.classes[i] for i in labels.tolist()])
assert images.shape == (8, 1, 28, 28)
workdir.cleanup()
