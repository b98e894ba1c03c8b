"""Exercise: an augmentation that a seed makes repeatable, without touching the global RNG."""

import sys

import torch
from matplotlib import cbook
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

torch.manual_seed(0)
image = v2.ToImage()(photo)
pipeline = v2.Compose(
    [
        v2.RandomResizedCrop(128, antialias=True),
        v2.RandomHorizontalFlip(),
        v2.ColorJitter(brightness=0.4, contrast=0.4),
    ]
)


def augment(image, seed):
    """The same seed gives the same augmented image; the global RNG is left as it was."""
    # TODO: seed the random draws with `seed`, and restore the global RNG state afterwards
    return pipeline(image)


state_before = torch.get_rng_state()
a, b, c = augment(image, seed=1), augment(image, seed=1), augment(image, seed=2)
print(f"augment(image, 1): {tuple(a.shape)}, mean pixel {a.float().mean():.2f}")
print(f"augment(image, 2): {tuple(c.shape)}, mean pixel {c.float().mean():.2f}")
assert torch.equal(a, b)  # same seed, same crop, flip and colours
assert not torch.equal(a, c)  # another seed, another augmentation
assert torch.equal(torch.get_rng_state(), state_before)  # the rest of the program is unaffected
