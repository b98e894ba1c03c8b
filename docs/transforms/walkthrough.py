# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] lang="zh"
# # 笔记本：图像变换速览
#
# 用一张真实的照片，把一条完整的训练/评估预处理流水线从头走一遍：读图 → 随机增强 → 转张量与归一化
# → 还原显示 → 连同检测框一起变换。这个笔记本在每次构建网站时都会被**真正执行**，
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。点右上角的按钮可以下载 `.ipynb` 自己运行。

# %% [markdown] lang="en"
# # Notebook: image transforms walkthrough
#
# One real photo through a complete training/evaluation preprocessing pipeline: load → random
# augmentation → tensor and normalisation → undo it for display → transform boxes along with the
# image. This notebook is **really executed** every time the site is built, and the `assert`s in
# each cell keep the text honest. Use the button at the top right to download the `.ipynb`.

# %% [markdown] lang="zh"
# ## 读入照片
#
# 照片随 matplotlib 一起安装，不需要下载。`pil_loader` 就是 `ImageFolder` 读图用的函数：
# 用 PIL 打开并转成 RGB。PIL 的 `size` 是 **(宽, 高)**，张量的形状则是 **(C, H, W)**。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 训练与评估两条流水线
#
# 训练时加随机增强（每次调用结果都不同），评估时只做确定性的缩放与中心裁剪。
# 两者都以 `ToImage` 开头，之后的每一步都作用在 `uint8` 张量上（torchvision 文档建议的顺序），
# 最后都转成 `float32` 并用 ImageNet 的均值和标准差归一化。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 还原后显示
#
# 归一化后的数值不在 $[0, 1]$ 里，直接画会被截断、颜色失真。先做归一化的逆运算
# $x = y \cdot \sigma + \mu$ 再画：

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 可复现
#
# torchvision 的随机变换从 PyTorch 的全局随机数生成器取数，所以 `torch.manual_seed` 相同，
# 增强结果就逐像素相同。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 图像和检测框一起变换
#
# 把框包成 `tv_tensors.BoundingBoxes`，v2 就知道它们是框：水平翻转后 $x$ 坐标变成 $W - x$，
# 框跟着照片一起移动。

# %% [markdown] lang="en"
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
