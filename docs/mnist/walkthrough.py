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
# # 笔记本：MNIST 速览
#
# 在读完整的训练脚本之前，先用几分钟亲手摸一摸数据：MNIST 长什么样、怎么变成张量、
# 一个很小的模型训练几百步能到多少准确率。这个笔记本在每次构建网站时都会被**真正执行**，
# 你看到的图和数字都是执行结果。
#
# 数据放在 `$PYTORCH_NOTES_DATA/MNIST/raw/`（默认是当前目录下的 `data/`），
# 联网时 torchvision 会自动下载。

# %% [markdown] lang="en"
# # Notebook: MNIST walkthrough
#
# Before the full training script, spend a few minutes with the data itself: what MNIST
# looks like, how it becomes a tensor, and how far a tiny model gets in a few hundred steps.
# This notebook is **really executed** every time the site is built; the figures and numbers
# you see are its results.
#
# The data lives in `$PYTORCH_NOTES_DATA/MNIST/raw/` (`data/` in the current folder by
# default); with a network connection torchvision downloads it for you.

# %%
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

torch.manual_seed(0)
DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
    test_set = datasets.MNIST(DATA, train=False, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )
print(f"{train_set.data.shape = }")
print(f"{train_set.data.dtype = }")
print(f"{train_set.targets[:10] = }")

# %% [markdown] lang="zh"
# 训练集是 60 000 张 28×28 的灰度图，像素是 0–255 的 `uint8`，标签是 0–9 的整数。
# 画出前 16 张看看：

# %% [markdown] lang="en"
# The training set is 60 000 greyscale images of 28×28 pixels, stored as `uint8` from 0 to
# 255, with integer labels 0–9. Here are the first 16:

# %%
fig, axes = plt.subplots(2, 8, figsize=(8, 2.4))
for ax, image, label in zip(axes.flat, train_set.data, train_set.targets, strict=False):
    ax.imshow(image.numpy(), cmap="gray_r")
    ax.set_title(int(label))
    ax.axis("off")
plt.show()

# %% [markdown] lang="zh"
# ## 变成张量
#
# 整个训练集转成 `float32` 也只有 188 MB，直接放进内存当作一个张量用，比逐张读取快得多。
# 先缩放到 $[0, 1]$，再减去均值、除以标准差：$x' = (x - \mu) / \sigma$。
# 常见的 0.1307 和 0.3081 就是训练集像素的均值和标准差（保留四位小数），下面亲自算一遍。

# %% [markdown] lang="en"
# ## Into tensors
#
# The whole training set is only 188 MB as `float32`, so we keep it in memory as one tensor:
# far faster than reading images one at a time. Scale to $[0, 1]$, then subtract the mean
# and divide by the standard deviation: $x' = (x - \mu) / \sigma$. The familiar 0.1307 and
# 0.3081 are the mean and std of the training pixels, rounded to four decimals; let's compute them.

# %%
pixels = train_set.data.float() / 255
mean, std = pixels.mean().item(), pixels.std().item()
assert round(mean, 4) == 0.1307 and round(std, 4) == 0.3081
x_train = ((pixels - mean) / std).unsqueeze(1)  # (60000, 1, 28, 28): a channel dimension
x_test = ((test_set.data.float() / 255 - mean) / std).unsqueeze(1)
y_train, y_test = train_set.targets, test_set.targets
assert x_train.nbytes == 60_000 * 28 * 28 * 4  # float32: 4 bytes a pixel, 188 MB in all
print(f"{mean = :.4f}, {std = :.4f}")
print(f"{x_train.shape = }, {x_train.nbytes / 1e6 = :.0f} MB")

# %% [markdown] lang="zh"
# ## 一个很小的模型
#
# 一个只有一层隐藏层的多层感知机（MLP），每步随机抽 128 张图（有放回地抽，难免有重复），
# 训练 300 步——一共只抽了 300 × 128 = 38 400 次，还不到一轮（epoch）的 60 000 张。

# %% [markdown] lang="en"
# ## A tiny model
#
# A multilayer perceptron with one hidden layer, trained for 300 steps on 128 random images
# each (drawn with replacement, so some repeat): 300 × 128 = 38 400 draws in all, fewer than
# the 60 000 images of one epoch.

# %%
model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 64), nn.ReLU(), nn.Linear(64, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
losses = []
for _ in range(300):
    batch = torch.randint(0, len(x_train), (128,))
    loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

plt.figure(figsize=(6, 2.6))
plt.plot(losses)
plt.xlabel("step")
plt.ylabel("cross-entropy")
plt.show()

# %% [markdown] lang="zh"
# 在从没见过的 10 000 张测试图上打分：

# %% [markdown] lang="en"
# Score it on the 10 000 test images it has never seen:

# %%
model.eval()
with torch.no_grad():
    predictions = model(x_test).argmax(dim=1)
accuracy = (predictions == y_test).float().mean().item() * 100
assert accuracy > 94
print(f"test accuracy: {accuracy:.2f}% on {len(y_test)} test images")

# %% [markdown] lang="zh"
# 这 300 步训练就超过了 94 %（上面断言了这一点）。剩下的几个百分点要靠卷积网络、
# 更好的优化和数据增强：这正是[训练脚本](../train/)做的事情，它在 CPU 上训练两轮就超过 99 %，
# 每次 CI 都重新验证。

# %% [markdown] lang="en"
# These 300 steps already clear 94 % (asserted above). The last few points take a convolutional
# network, better optimisation and data augmentation: that is what the
# [training script](../train/) does, passing 99 % in two epochs on a CPU, re-checked in every
# CI run.
