"""A torchvision model for a new task: swap ResNet-18's `fc` and MobileNet's classifier.

Run with --pretrained to start from the ImageNet weights (downloaded once: ~45 MB for ResNet-18,
~10 MB for MobileNetV3); without it the weights are random, which is enough to check every shape
and name below.
"""

# %% setup
import argparse

import torch
from torch import nn
from torchvision.models import (
    MobileNet_V3_Small_Weights,
    ResNet18_Weights,
    ResNet50_Weights,
    mobilenet_v3_small,
    resnet18,
)

NUM_CLASSES = 5  # e.g. five kinds of flowers instead of ImageNet's 1000 classes

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument(
    "--pretrained", action="store_true", help="download and use the ImageNet weights"
)
args = parser.parse_args()
torch.manual_seed(0)

# %% resnet
# ResNet-18: the last layer is a single nn.Linear called fc.
weights = ResNet18_Weights.DEFAULT if args.pretrained else None  # (1)!
model = resnet18(weights=weights)
print("ResNet-18 head before:", model.fc)

# %% check
assert model.fc.out_features == 1000
body_before = {k: v.clone() for k, v in model.state_dict().items() if not k.startswith("fc.")}

# %% new-fc
model.fc = nn.Linear(model.fc.in_features, NUM_CLASSES)  # (1)!
print("ResNet-18 head after: ", model.fc)
images = torch.randn(2, 3, 64, 64)  # tiny images keep this fast; real ones are 224x224
model.eval()
with torch.inference_mode():
    logits = model(images)
print("logits:", tuple(logits.shape))

# %% check
body_after = {k: v for k, v in model.state_dict().items() if not k.startswith("fc.")}
assert body_after.keys() == body_before.keys()
assert all(torch.equal(body_after[k], body_before[k]) for k in body_before)  # body untouched
# The new layer is freshly initialised (and trainable); only it starts from zero knowledge.
assert model.fc.weight.requires_grad and model.fc.weight.shape == (NUM_CLASSES, 512)

# %% preprocess
# Use the weights' own preprocessing on your images.
preprocess = ResNet18_Weights.DEFAULT.transforms()  # (1)!
print(
    f"preprocess: resize {preprocess.resize_size}, crop {preprocess.crop_size},",
    f"mean {preprocess.mean}, std {preprocess.std}",
)
# Not every weight set resizes to 256 first: ResNet-50's V2 weights use 232.
v2 = ResNet50_Weights.IMAGENET1K_V2.transforms()  # metadata only, nothing is downloaded
print(f"ResNet-50 V2 preprocess: resize {v2.resize_size}, crop {v2.crop_size}")

# %% check
assert ResNet18_Weights.DEFAULT is ResNet18_Weights.IMAGENET1K_V1
photo = torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8)
assert preprocess(photo).shape == (3, 224, 224)

# %% mobilenet
# MobileNetV3: the head is a small nn.Sequential; only its last Linear is replaced.
mobile_weights = MobileNet_V3_Small_Weights.DEFAULT if args.pretrained else None
mobile = mobilenet_v3_small(weights=mobile_weights)
print("MobileNetV3 classifier:", [type(layer).__name__ for layer in mobile.classifier])
last = mobile.classifier[-1]
mobile.classifier[-1] = nn.Linear(last.in_features, NUM_CLASSES)  # (1)!
print("MobileNetV3 last layer:", mobile.classifier[-1])
mobile.eval()
with torch.inference_mode():
    mobile_logits, again = mobile(images), mobile(images)
print("logits:", tuple(mobile_logits.shape))

# %% check
assert torch.equal(again, mobile_logits)  # eval(): Dropout is off, the same logits twice
assert mobile.classifier[0].out_features == last.in_features == 1024  # the rest is kept
