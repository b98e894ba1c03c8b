"""ImageFolder: one folder per class; why grayscale MNIST comes back with 3 channels; two fixes."""

# %% load-mnist
import os
import sys
import tempfile
import warnings
from pathlib import Path

import torch
from PIL import Image  # Pillow, which torchvision itself needs and installs
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.io import decode_image
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

# %% export-pngs
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
        image, _ = train_set[index]  # PIL, mode "L": one channel
        image.save(root / name / f"{n}.png")  # (1)!
files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))
print(f"{len(files)} files:", *files[:4], "...")
with Image.open(root / "eight" / "0.png") as on_disk:
    print("on disk:", on_disk.format, "mode", on_disk.mode, on_disk.size)

# %% check
assert len(files) == 10 * PER_CLASS
assert on_disk.mode == "L"  # one 8-bit channel in the file

# %% decode-image-deprecated
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    decode_image(str(root / "eight" / "0.png"))
deprecations = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
print("torchvision.io.decode_image -> DeprecationWarning:", deprecations[0].split(". ")[0])

# %% check
assert "TorchCodec" in deprecations[0]

# %% default-loader
to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
rgb_set = datasets.ImageFolder(root, transform=to_tensor)
print("class_to_idx:", rgb_set.class_to_idx)  # (1)!
image, label = rgb_set[0]
print("default loader:", tuple(image.shape), "class", label, rgb_set.classes[label])
print("three equal channels:", torch.equal(image[0], image[1]) and torch.equal(image[1], image[2]))
print("what the default loader returns:", datasets.ImageFolder(root)[0][0].mode)  # (2)!

# %% check
assert len(rgb_set) == 10 * PER_CLASS and rgb_set.classes == sorted(NAMES)
assert rgb_set.class_to_idx["eight"] == 0 and rgb_set.class_to_idx["zero"] == 9
assert image.shape == (3, 28, 28)

# %% fix-transform
# The pixels every fix must reproduce: MNIST's own image, scaled to [0, 1].
expected = train_set.data[torch.nonzero(train_set.targets == 8).flatten()[0]] / 255

gray_transform = v2.Compose([v2.Grayscale(num_output_channels=1), to_tensor])  # (1)!
fixed_by_transform = datasets.ImageFolder(root, transform=gray_transform)
image, _ = fixed_by_transform[0]
print("Grayscale transform:", tuple(image.shape))

# %% check
assert image.shape == (1, 28, 28)
torch.testing.assert_close(image[0], expected)


# %% fix-loader
def load_gray(path):  # (1)!
    with open(path, "rb") as file:  # closed at once, as in torchvision's own pil_loader
        return Image.open(file).convert("L")


# target_transform: folder index -> digit.
def to_digit(class_index):  # (2)!
    return NAMES.index(sorted(NAMES)[class_index])


fixed_by_loader = datasets.ImageFolder(
    root, transform=to_tensor, target_transform=to_digit, loader=load_gray
)
image, label = fixed_by_loader[0]
print("custom loader:      ", tuple(image.shape), "| target_transform: label", label)

# %% check
assert image.shape == (1, 28, 28) and label == 8
torch.testing.assert_close(image[0], expected)

# %% a-batch
batch_generator = torch.Generator().manual_seed(0)
loader = DataLoader(fixed_by_loader, batch_size=8, shuffle=True, generator=batch_generator)
images, labels = next(iter(loader))
print(f"a batch: {tuple(images.shape)}, digits {labels.tolist()}")

# %% check
assert images.shape == (8, 1, 28, 28)
for image, digit in zip(images, labels.tolist(), strict=True):  # each label is its digit
    assert any(
        torch.allclose(image[0], original / 255)
        for original in train_set.data[train_set.targets == digit][:PER_CLASS]
    )
workdir.cleanup()
