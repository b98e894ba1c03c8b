"""Exercise: a random crop for detection whose boxes always stay valid."""

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
image = v2.ToImage()(photo)  # (3, 600, 512)
boxes = tv_tensors.BoundingBoxes(
    [[167, 130, 358, 371], [322, 485, 446, 525]],  # the face and the medal ribbons
    format="XYXY",
    canvas_size=tuple(image.shape[-2:]),
)
sample = {"image": image, "boxes": boxes, "labels": torch.tensor([1, 2])}

# A box outside the crop is not removed: v2 squeezes it onto the edge, leaving zero area.
top_left = v2.functional.crop(boxes, top=0, left=0, height=300, width=300)
print("ribbons after cropping the top-left 300 x 300:", top_left[1].tolist())
assert top_left[1].tolist() == [300, 300, 300, 300]

crop = v2.Compose([v2.RandomCrop(300), v2.SanitizeBoundingBoxes()])

kept = []
for _ in range(50):
    out = crop(sample)
    height, width = out["image"].shape[-2:]
    x1, y1, x2, y2 = out["boxes"].unbind(dim=1)
    assert (height, width) == out["boxes"].canvas_size == (300, 300)
    assert len(out["boxes"]) == len(out["labels"])  # each box keeps its own label
    assert ((x1 >= 0) & (y1 >= 0) & (x2 <= width) & (y2 <= height)).all()  # inside the image
    assert ((x2 > x1) & (y2 > y1)).all()  # no empty box left
    kept.append(len(out["labels"]))
print("boxes kept in 50 random crops:", {n: kept.count(n) for n in sorted(set(kept))})
assert min(kept) < 2  # some crops really did leave a box out
