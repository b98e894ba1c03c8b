"""ImageFolder opens every image as RGB, so grayscale files arrive with 3 identical channels."""

import struct
import tempfile
import zlib
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)
# A model for one-channel images, such as MNIST digits.
model = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))


def write_grayscale_png(path, pixels):
    """A minimal 8-bit grayscale PNG writer, so this file needs no imaging library."""
    height, width = pixels.shape
    rows = b"".join(b"\x00" + bytes(row) for row in pixels.tolist())  # 0 = no filter per row

    def chunk(kind, data):
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8 bits, colour type 0: gray
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def make_folder(root):
    """root/<class>/<n>.png: two classes of 8x8 grayscale images, the layout ImageFolder reads."""
    pixels = {}
    for label in ("cat", "dog"):
        (root / label).mkdir()
        for n in range(2):
            image = torch.randint(0, 256, (8, 8), dtype=torch.uint8)
            write_grayscale_png(root / label / f"{n}.png", image)
            pixels[f"{label}/{n}.png"] = image
    return pixels


def broken(root):
    to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
    dataset = datasets.ImageFolder(root, transform=to_tensor)  # (1)!
    images, _ = next(iter(DataLoader(dataset, batch_size=4)))
    print("broken: batch shape", tuple(images.shape))
    assert torch.equal(images[:, 0], images[:, 1]) and torch.equal(images[:, 1], images[:, 2])
    return model(images)


def fixed(root, pixels):
    to_tensor = v2.Compose(
        [
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
            v2.Grayscale(num_output_channels=1),  # (2)!
        ]
    )
    dataset = datasets.ImageFolder(root, transform=to_tensor)
    images, labels = next(iter(DataLoader(dataset, batch_size=4)))
    print("fixed:  batch shape", tuple(images.shape), "labels", labels.tolist())
    assert images.shape == (4, 1, 8, 8)
    names = [Path(path).relative_to(root).as_posix() for path, _ in dataset.samples]
    expected = torch.stack([pixels[name] for name in names]) / 255
    torch.testing.assert_close(images[:, 0], expected, atol=1e-3, rtol=0)  # the file's own values
    assert not torch.equal(images[:, 0], expected)  # close, not bit for bit: the weights sum to < 1
    assert model(images).shape == (4, 2)
    return images


def show_error(broken_function, expected_type, *args):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function(*args)
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pixels = make_folder(root)
        message = show_error(broken, RuntimeError, root)
        assert "expected input[4, 3, 8, 8] to have 1 channels, but got 3 channels" in message
        fixed(root, pixels)
