# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Notebook: image transforms walkthrough
#
# One real photo through a complete training/evaluation preprocessing pipeline: load → random
# augmentation → tensor and normalisation → undo it for display → transform boxes along with the
# image. This notebook is **really executed** every time the site is built, and the `assert`s in
# each cell keep the text honest. Use the button at the top right to download the `.ipynb`.

# %% [markdown]
# ## Loading the photo
#
# The photo is installed with matplotlib, so nothing is downloaded. `pil_loader` is the function
# `ImageFolder` reads images with: it opens the file with PIL and converts it to RGB. A PIL `size`
# is **(width, height)**; a tensor's shape is **(C, H, W)**.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import torch
from matplotlib import cbook
from torchvision import tv_tensors
from torchvision.datasets.folder import pil_loader
from torchvision.transforms import v2

photo = pil_loader(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
assert photo.size == (512, 600) and photo.mode == "RGB"
photo.size, photo.mode

# %% [markdown]
# ## Two pipelines: training and evaluation
#
# Training adds random augmentation (every call gives a different result); evaluation only resizes
# and centre-crops, deterministically. Both start with `ToImage`, so every step after it works on
# a `uint8` tensor (the order torchvision's documentation advises), and both end by converting to
# `float32` and normalising with the ImageNet mean and standard deviation.

# %%
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
to_model_input = [v2.ToDtype(torch.float32, scale=True), v2.Normalize(MEAN, STD)]
train_transform = v2.Compose(
    [
        v2.ToImage(),
        v2.RandomResizedCrop(224, scale=(0.3, 1.0)),
        v2.RandomHorizontalFlip(),
        v2.RandomApply([v2.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        v2.RandomGrayscale(p=0.2),
        *to_model_input,
    ]
)
eval_transform = v2.Compose([v2.ToImage(), v2.Resize(256), v2.CenterCrop(224), *to_model_input])

torch.manual_seed(0)
views = torch.stack([train_transform(photo) for _ in range(8)])
reference = eval_transform(photo)
assert views.shape == (8, 3, 224, 224) and views.dtype == torch.float32
assert torch.equal(eval_transform(photo), reference)  # no randomness at evaluation time
views.shape, reference.shape

# %% [markdown]
# ## Undo the normalisation to look at it
#
# Normalised values are outside $[0, 1]$, so drawing them directly clips them and distorts the
# colours. Invert the normalisation first, $x = y \cdot \sigma + \mu$, then draw:

# %%
mean, std = torch.tensor(MEAN)[:, None, None], torch.tensor(STD)[:, None, None]


def for_display(tensor):
    return (tensor * std + mean).clamp(0, 1).permute(1, 2, 0).numpy()


assert -3 < views.min() < 0 and 1 < views.max() < 3  # normalized values leave [0, 1]
fig, axes = plt.subplots(2, 4, figsize=(9, 4.8))
for index, (ax, view) in enumerate(zip(axes.flat, views, strict=True)):
    ax.imshow(for_display(view))
    ax.set_title(f"train view {index}", fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## Repeatable
#
# torchvision's random transforms draw from PyTorch's global random number generator, so the same
# `torch.manual_seed` gives the same augmented pixels.

# %%
torch.manual_seed(0)
again = torch.stack([train_transform(photo) for _ in range(8)])
assert torch.equal(again, views)
torch.manual_seed(1)
assert not torch.equal(train_transform(photo), views[0])
(again - views).abs().max()

# %% [markdown]
# ## Transforming an image together with its box
#
# Wrapped in `tv_tensors.BoundingBoxes`, the numbers are known to v2 as a box: after a horizontal
# flip each $x$ becomes $W - x$, and the box moves with the photo.

# %%
face_box = tv_tensors.BoundingBoxes([[167, 130, 358, 371]], format="XYXY", canvas_size=(600, 512))
image, moved = v2.RandomHorizontalFlip(p=1.0)(v2.ToImage()(photo), face_box)
assert moved.tolist() == [[512 - 358, 130, 512 - 167, 371]]
fig, ax = plt.subplots(figsize=(3, 3.5))
ax.imshow(image.permute(1, 2, 0).numpy())
x1, y1, x2, y2 = moved[0].tolist()
ax.add_patch(plt.Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, color="red", linewidth=2))
ax.axis("off")
plt.show()
moved
