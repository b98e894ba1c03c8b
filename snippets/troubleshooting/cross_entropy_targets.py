"""What CrossEntropyLoss wants as targets: long class indices 0..C-1, no channel dimension."""

# %% class-indices
import torch
from torch import nn

torch.manual_seed(0)
loss_fn = nn.CrossEntropyLoss()
logits = torch.randn(4, 3)  # 4 samples, 3 classes: raw scores, no softmax
labels = torch.tensor([0, 2, 1, 2])  # one class index per sample, dtype int64 (long)
reference = loss_fn(logits, labels)
print(f"labels {labels.tolist()}, {labels.dtype}: loss = {reference.item():.4f}")

# %% float-labels
float_labels = torch.tensor([0.0, 2.0, 1.0, 2.0])  # (1)!
try:
    loss_fn(logits, float_labels)
except RuntimeError as err:
    print("RuntimeError:", err)
from_floats = loss_fn(logits, float_labels.long())  # (2)!
print(f"with float_labels.long(): loss = {from_floats.item():.4f}")

# %% one-hot
one_hot = nn.functional.one_hot(labels, num_classes=3)  # (1)!
try:
    loss_fn(logits, one_hot)
except RuntimeError as err:
    print("RuntimeError:", err)
from_one_hot = loss_fn(logits, one_hot.argmax(dim=1))  # (2)!
print(f"with one_hot.argmax(dim=1): loss = {from_one_hot.item():.4f}")

# %% check
# A float one-hot is read as class probabilities, which gives the same loss.
torch.testing.assert_close(loss_fn(logits, one_hot.float()), reference)

# %% mask-with-channel
mask_logits = torch.randn(2, 3, 8, 8)  # (N, C, H, W): a score per class for every pixel
mask = torch.randint(0, 3, (2, 1, 8, 8))  # (1)!
try:
    loss_fn(mask_logits, mask)
except RuntimeError as err:
    print("RuntimeError:", err)
per_pixel = loss_fn(mask_logits, mask.squeeze(1))  # (2)!
print(f"with mask.squeeze(1): loss = {per_pixel.item():.4f}")

# %% check
# The same number as treating every pixel as one sample of a plain classification.
pixels_as_samples = mask_logits.permute(0, 2, 3, 1).reshape(-1, 3)
torch.testing.assert_close(per_pixel, loss_fn(pixels_as_samples, mask.reshape(-1)))

# %% labels-from-one
labels_from_one = labels + 1  # (1)!
try:
    loss_fn(logits, labels_from_one)
except IndexError as err:
    print("IndexError:", err)
shifted = labels_from_one - 1  # (2)!
print("range:", shifted.min().item(), "to", shifted.max().item(), "of", logits.shape[1], "classes")
from_shifted = loss_fn(logits, shifted)
print(f"with labels_from_one - 1: loss = {from_shifted.item():.4f}")

# %% check
assert shifted.min() >= 0 and shifted.max() < logits.shape[1]
