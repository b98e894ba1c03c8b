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

# %% [markdown]
# The training set is 60 000 greyscale images of 28×28 pixels, stored as `uint8` from 0 to
# 255, with integer labels 0–9. Here are the first 16:

# %%
fig, axes = plt.subplots(2, 8, figsize=(8, 2.4))
for ax, image, label in zip(axes.flat, train_set.data, train_set.targets, strict=False):
    ax.imshow(image.numpy(), cmap="gray_r")
    ax.set_title(int(label))
    ax.axis("off")
plt.show()

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# Score it on the 10 000 test images it has never seen:

# %%
model.eval()
with torch.no_grad():
    predictions = model(x_test).argmax(dim=1)
accuracy = (predictions == y_test).float().mean().item() * 100
assert accuracy > 94
print(f"test accuracy: {accuracy:.2f}% on {len(y_test)} test images")

# %% [markdown]
# These 300 steps already clear 94 % (asserted above). The last few points take a convolutional
# network, better optimisation and data augmentation: that is what the
# [training script](../train/) does, passing 99 % in two epochs on a CPU, re-checked in every
# CI run.
