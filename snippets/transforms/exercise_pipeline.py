"""Exercise: a v2 training pipeline and an evaluation pipeline for 224 x 224 ImageNet inputs."""

import sys

import torch
from matplotlib import cbook
from torchvision import tv_tensors
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

torch.manual_seed(0)
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]  # ImageNet's, as pretrained models expect

train_pipeline = v2.Compose(
    [
        v2.ToImage(),
        v2.RandomResizedCrop(224, antialias=True),
        v2.RandomHorizontalFlip(),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(MEAN, STD),
    ]
)
eval_pipeline = v2.Compose(
    [
        v2.ToImage(),
        v2.Resize(256, antialias=True),
        v2.CenterCrop(224),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(MEAN, STD),
    ]
)

print("photo:", photo.size, photo.mode)
for name, pipeline in [("train", train_pipeline), ("eval", eval_pipeline)]:
    x = pipeline(photo)
    print(f"{name}: {type(x).__name__} {tuple(x.shape)} {x.dtype}")
    assert isinstance(x, tv_tensors.Image)
    assert x.shape == (3, 224, 224) and x.dtype == torch.float32
    pixels = x * torch.tensor(STD)[:, None, None] + torch.tensor(MEAN)[:, None, None]
    assert pixels.min() >= -1e-5 and pixels.max() <= 1 + 1e-5  # scaled to [0, 1] before Normalize

assert not torch.equal(train_pipeline(photo), train_pipeline(photo))  # random: a new crop each call
assert torch.equal(eval_pipeline(photo), eval_pipeline(photo))  # deterministic: same every time
