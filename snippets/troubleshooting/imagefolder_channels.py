"""ImageFolder opens every image as RGB, so grayscale files arrive with 3 identical channels."""

# %% grayscale-files
import tempfile
from pathlib import Path

import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)
# A model for one-channel images, such as MNIST digits.
model = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)  # root/<class>/<n>.png: the layout ImageFolder reads
pixels = {}
for label in ("cat", "dog"):
    (root / label).mkdir()
    for n in range(2):
        pixels[f"{label}/{n}.png"] = torch.randint(0, 256, (8, 8), dtype=torch.uint8)
        Image.fromarray(pixels[f"{label}/{n}.png"].numpy()).save(root / label / f"{n}.png")
with Image.open(root / "cat" / "0.png") as image:
    print("cat/0.png:", image.mode, image.size)  # (1)!

# %% three-channels
to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
dataset = datasets.ImageFolder(root, transform=to_tensor)  # (1)!
images, _ = next(iter(DataLoader(dataset, batch_size=4)))
print("batch shape:", tuple(images.shape))
try:
    model(images)
except RuntimeError as err:
    print("RuntimeError:", err)

# %% check
assert torch.equal(images[:, 0], images[:, 1]) and torch.equal(images[:, 1], images[:, 2])

# %% grayscale
to_tensor = v2.Compose(
    [
        v2.ToImage(),
        v2.ToDtype(torch.float32, scale=True),
        v2.Grayscale(num_output_channels=1),  # (1)!
    ]
)
dataset = datasets.ImageFolder(root, transform=to_tensor)
images, labels = next(iter(DataLoader(dataset, batch_size=4)))
print("batch shape:", tuple(images.shape), "labels", labels.tolist())
print("model output:", tuple(model(images).shape))

# %% check
names = [Path(path).relative_to(root).as_posix() for path, _ in dataset.samples]
expected = torch.stack([pixels[name] for name in names]) / 255
torch.testing.assert_close(images[:, 0], expected, atol=1e-3, rtol=0)  # the file's own values
assert not torch.equal(images[:, 0], expected)  # close, not bit for bit: the weights sum to < 1
workdir.cleanup()
