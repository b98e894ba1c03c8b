"""Normalisation statistics from the real MNIST training set: where 0.1307 and 0.3081 come from."""

# %% load-mnist
import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets
from torchvision.transforms import v2

DATA = Path(os.environ.get("PYTORCH_NOTES_DATA", "data"))
try:
    train_set = datasets.MNIST(DATA, train=True, download=True)
except (RuntimeError, OSError) as exc:  # offline and the files are not there yet
    reason = " ".join(str(exc).split())  # torchvision's message spans several lines
    sys.exit(
        f"MNIST is not in {DATA / 'MNIST' / 'raw'} and could not be downloaded ({reason}). "
        "Put the four *-ubyte files there or set PYTORCH_NOTES_DATA."
    )

torch.manual_seed(0)

# %% mean-std
# All 60,000 images, scaled to [0, 1] as the image transforms do.
pixels = train_set.data.float() / 255  # (1)!
print("images:", tuple(train_set.data.shape), train_set.data.dtype)
mean, std = pixels.mean().item(), pixels.std().item()  # (2)!
print(f"mean = {mean:.4f}, std = {std:.4f}")

# %% check
as_transformed = v2.ToDtype(torch.float32, scale=True)(v2.ToImage()(train_set[0][0]))
torch.testing.assert_close(as_transformed[0], pixels[0])  # the scaling the transforms apply
assert round(mean, 4) == 0.1307 and round(std, 4) == 0.3081
assert round(pixels.std(correction=0).item(), 4) == 0.3081  # dividing by n instead of n - 1

# %% background
value_counts = torch.bincount(train_set.data.flatten(), minlength=256)  # pixels per value 0..255
background = (value_counts[0] / value_counts.sum()).item()
stroke = train_set.data[train_set.data > 0]
bright = (stroke > 127).double().mean().item()  # values above 0.5 after scaling
print(f"pixels exactly 0: {background:.1%}; of the others, {bright:.1%} are above 0.5")
peak = value_counts[1:].argmax().item() + 1  # the commonest non-zero value
print(f"commonest non-zero value: {peak / 255:.2f}")

# %% check
assert round(background, 2) == 0.81 and round(bright, 2) == 0.69
assert peak / 255 > 0.95  # the second peak of the histogram sits near 1

# %% histogram
fig, ax = plt.subplots(figsize=(6, 2.6))
ax.stairs(value_counts.numpy(), torch.linspace(0, 1, 257).numpy(), fill=True, color="tab:orange")
ax.set_yscale("log")
ax.axvline(mean, color="black", linestyle="--", label=f"mean {mean:.4f}")
ax.set_xlabel("pixel value (after /255)")
ax.set_ylabel("pixels (log scale)")
ax.legend()
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "mnist_pixel_histogram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% streaming
loader = DataLoader(TensorDataset(train_set.data), batch_size=10_000)
total = total_of_squares = count = 0
for (batch,) in loader:
    batch = batch.double() / 255
    total += batch.sum()
    total_of_squares += (batch**2).sum()
    count += batch.numel()
streamed_mean = total / count
streamed_std = (total_of_squares / count - streamed_mean**2).sqrt()  # (1)!
print(f"streamed in batches: mean = {streamed_mean:.4f}, std = {streamed_std:.4f}")

# %% check
assert abs(streamed_mean - mean) < 1e-6 and abs(streamed_std - std) < 1e-6

# %% why-float64
far_from_zero = 10_000 + torch.rand(100_000)  # mean about 10000.5, variance 1/12
naive_var_32 = (far_from_zero**2).mean() - far_from_zero.mean() ** 2
naive_var_64 = (far_from_zero.double() ** 2).mean() - far_from_zero.double().mean() ** 2
print(f"true variance 1/12 = {1 / 12:.4f}", end=" | ")
print(f"float32: {naive_var_32:.4f} | float64: {naive_var_64:.4f}")

# %% check
assert abs(naive_var_64 - 1 / 12) < 0.005 and abs(naive_var_32 - 1 / 12) > 0.05
mnist_32 = train_set.data.float() / 255  # MNIST's mean is small next to its std: float32 will do
naive_std_32 = ((mnist_32**2).mean() - mnist_32.mean() ** 2).sqrt().item()
assert round(naive_std_32, 4) == round(float(std), 4)

# %% per-image
# Population variances (correction=0), so that the decomposition below is exact.
image_means = pixels.mean(dim=(1, 2))
within = pixels.var(dim=(1, 2), correction=0).mean()  # average variance inside an image
between = image_means.var(correction=0)  # how much the image means differ
print(f"variance: within images {within:.4f} + between image means {between:.4f}", end="")
print(f" = {within + between:.4f} = {std:.4f}**2")
within_std = within.sqrt().item()
per_image_std = pixels.std(dim=(1, 2), correction=0).mean().item()
print(f"sqrt(within) = {within_std:.4f}, mean of per-image stds = {per_image_std:.4f}")

# %% check
assert abs(image_means.mean().item() - mean) < 1e-6  # equal-sized images: means average fine
torch.testing.assert_close(within + between, pixels.var(correction=0))  # total variance
assert round(within_std, 4) == 0.3051 and round(per_image_std, 4) == 0.3013
assert per_image_std < within_std < std  # Jensen (mean of sqrt <= sqrt of mean), then between

# %% normalize
normalize = v2.Normalize(mean=[0.1307], std=[0.3081])  # (1)!
normalized = normalize(pixels.unsqueeze(1))  # (N, 1, 28, 28)
print(f"after Normalize: mean = {normalized.mean():.4f}, std = {normalized.std():.4f}")
black = normalize(torch.zeros(1, 1, 1)).item()
print(f"black background after Normalize: {black:.2f}")

# %% check
assert abs(normalized.mean()) < 1e-3 and abs(normalized.std() - 1) < 1e-3
assert round(black, 2) == -0.42
