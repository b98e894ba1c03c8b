"""Only in transforms.v2: one call transforms an image together with its boxes and masks."""

# %% load-photo
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from matplotlib import cbook
from torchvision import transforms, tv_tensors
from torchvision.datasets.folder import pil_loader
from torchvision.ops import masks_to_boxes
from torchvision.transforms import v2
from torchvision.utils import draw_bounding_boxes, draw_segmentation_masks

try:  # the photo ships inside matplotlib, so no download is needed
    photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
except OSError as exc:
    sys.exit(
        f"Cannot open matplotlib's sample photo grace_hopper.jpg ({exc}). Reinstall matplotlib."
    )

# %% objects
image = v2.ToImage()(photo)  # tv_tensors.Image, uint8, (3, 600, 512)
height, width = image.shape[-2:]
rows, cols = torch.arange(height)[:, None], torch.arange(width)[None, :]
face = ((cols - 262) / 95) ** 2 + ((rows - 250) / 120) ** 2 <= 1  # an ellipse over the face
ribbons = (cols >= 322) & (cols < 446) & (rows >= 485) & (rows < 525)  # the medal ribbons
masks = tv_tensors.Mask(torch.stack([face, ribbons]))  # (1)!
boxes = tv_tensors.BoundingBoxes(
    [[167, 130, 358, 371], [322, 485, 446, 525]],  # x1, y1, x2, y2 in pixels
    format="XYXY",
    canvas_size=(height, width),  # (2)!
)
labels = torch.tensor([1, 2])  # a plain tensor
sample = {"image": image, "boxes": boxes, "masks": masks, "labels": labels}
print({key: type(value).__name__ for key, value in sample.items()})

# %% check
assert torch.equal(masks_to_boxes(masks) + torch.tensor([0, 0, 1, 1]), boxes)  # boxes fit masks

# %% flip
flipped = v2.RandomHorizontalFlip(p=1.0)(sample)  # (1)!
print("boxes before:", boxes.tolist())
print("boxes after: ", flipped["boxes"].tolist())
print("labels after:", flipped["labels"].tolist())

# %% check: x goes to width - x, so [x1, y1, x2, y2] becomes [W - x2, y1, W - x1, y2]
assert flipped["boxes"].tolist() == [[154, 130, 345, 371], [66, 485, 190, 525]]
assert isinstance(flipped["boxes"], tv_tensors.BoundingBoxes)
assert torch.equal(flipped["image"], image.flip(-1))
assert torch.equal(flipped["masks"], masks.flip(-1))
assert torch.equal(flipped["labels"], labels)

# %% plain-boxes
plain_boxes = boxes.as_subclass(torch.Tensor)
_, unmoved = v2.RandomHorizontalFlip(p=1.0)(image, plain_boxes)
print("plain-tensor boxes after the flip:", unmoved.tolist(), "(unchanged: wrong)")

# %% check
assert torch.equal(unmoved, plain_boxes)

# %% no-image
plain_image = image.as_subclass(torch.Tensor)
boxes_as_image, kept_image = v2.RandomHorizontalFlip(p=1.0)(plain_boxes, plain_image)
print("no Image, boxes first -> flipped as an image:", boxes_as_image.tolist())

# %% check
assert torch.equal(boxes_as_image, plain_boxes.flip(-1)) and torch.equal(kept_image, plain_image)
flipped_image, kept_boxes = v2.RandomHorizontalFlip(p=1.0)(plain_image, plain_boxes)
assert torch.equal(flipped_image, image.flip(-1)) and torch.equal(kept_boxes, plain_boxes)

# %% v1-refuses
try:
    transforms.RandomHorizontalFlip(p=1.0)(sample)
except TypeError as exc:
    print(f"v1 RandomHorizontalFlip(sample) -> TypeError: {exc}")

# %% pipeline
detection_train = v2.Compose(
    [
        v2.RandomResizedCrop(320, scale=(0.6, 1.0)),
        v2.RandomHorizontalFlip(),
        v2.ColorJitter(0.3, 0.3, 0.3),
        v2.SanitizeBoundingBoxes(),  # (1)!
    ]
)
torch.manual_seed(0)
augmented = detection_train(sample)
print("after the pipeline: image", tuple(augmented["image"].shape))
print("  boxes", augmented["boxes"].round().int().tolist(), "labels", augmented["labels"].tolist())
from_masks = masks_to_boxes(augmented["masks"]) + torch.tensor([0, 0, 1, 1])
gap = (augmented["boxes"] - from_masks).abs().max().item()
print(f"largest gap between each box and its mask's box: {gap:.1f} px")

# %% check
assert augmented["image"].shape == (3, 320, 320) and augmented["masks"].shape[-2:] == (320, 320)
assert len(augmented["boxes"]) == len(augmented["masks"]) == len(augmented["labels"])
assert augmented["masks"].dtype == torch.bool  # resized by nearest neighbour: still 0/1 masks
recoloured = v2.ColorJitter(brightness=0.5)(sample)
assert torch.equal(recoloured["masks"], masks) and torch.equal(recoloured["boxes"], boxes)
assert gap <= 2  # box and mask were moved the same way (up to resampling)

# %% sanitize
face_only = v2.Compose([v2.CenterCrop(200), v2.SanitizeBoundingBoxes()])(sample)
print("CenterCrop(200) + SanitizeBoundingBoxes keeps labels", face_only["labels"].tolist())
print("boxes", face_only["boxes"].tolist(), "masks", tuple(face_only["masks"].shape))

# %% check
assert face_only["labels"].tolist() == [1] and len(face_only["boxes"]) == 1
assert face_only["masks"].shape == (1, 200, 200)

# %% rotate
rotated = v2.RandomRotation(degrees=(30, 30), expand=True)(sample)
rotated_from_masks = masks_to_boxes(rotated["masks"])
inside = (rotated["boxes"][:, :2] <= rotated_from_masks[:, :2] + 1).all() and (
    rotated["boxes"][:, 2:] >= rotated_from_masks[:, 2:]
).all()
print("rotated 30° with expand: canvas", rotated["boxes"].canvas_size)
print("every mask inside its box:", inside.item())

# %% check
assert rotated["image"].shape[-2:] == rotated["boxes"].canvas_size == (776, 744) and inside


# %% draw
def draw(example):
    masks_on_top = example["masks"].bool()
    picture = draw_segmentation_masks(
        example["image"], masks_on_top, 0.4, ["deepskyblue", "yellow"]
    )
    return draw_bounding_boxes(picture, example["boxes"], colors=["red", "orange"], width=4)


# %% check
drawn = draw(sample)
x1, y1, x2, y2 = boxes[0].tolist()
assert drawn[:, y1 + 1, (x1 + x2) // 2].tolist() == [255, 0, 0]  # the face box's top edge is red
assert not torch.equal(drawn[:, 250, 262], image[:, 250, 262])  # the face mask tints the pixels
assert torch.equal(drawn[:, 20, 20], image[:, 20, 20])  # outside every box and mask: untouched

# %% figure
panels = {
    "original + boxes + masks": sample,
    "RandomHorizontalFlip(p=1)": flipped,
    "crop + flip + colour, seed 0": augmented,
    "RandomRotation(30, expand=True)": rotated,
}
fig, axes = plt.subplots(1, len(panels), figsize=(13, 4))
for ax, (title, example) in zip(axes, panels.items(), strict=True):
    ax.imshow(draw(example).permute(1, 2, 0).numpy())
    ax.set_title(title, fontsize=9)
    ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "transforms_v2_boxes.png", dpi=110, bbox_inches="tight", facecolor="white")
