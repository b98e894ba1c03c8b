"""Pinned memory: batches in page-locked RAM, and copies to a CUDA GPU that need not wait."""

# %% setup
import os
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

torch.manual_seed(0)
features = torch.arange(10.0).repeat_interleave(3).reshape(10, 3)  # sample i is [i, i, i]
dataset = TensorDataset(features, torch.arange(10) % 2)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% pin-and-copy
pin = DEVICE.startswith("cuda")  # (1)!
pinned = []
for x, y in DataLoader(dataset, batch_size=4, pin_memory=pin):
    pinned.append(x.is_pinned())
    x = x.to(DEVICE, non_blocking=pin)  # (2)!
    y = y.to(DEVICE, non_blocking=pin)
print(f"pin_memory={pin}: batches pinned {pinned}, last batch {tuple(x.shape)} on {x.device.type}")

# %% check
assert pinned == [pin] * 3
assert x.device.type == y.device.type == torch.device(DEVICE).type

# %% no-accelerator
if not torch.accelerator.is_available():  # (1)!
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pinning = DataLoader(dataset, batch_size=4, pin_memory=True)
        warned_on_creation = bool(caught)
        x, _ = next(iter(pinning))
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    print("pin_memory=True without an accelerator -> UserWarning:", *messages)
    print("warned when created:", warned_on_creation, "| batch pinned:", x.is_pinned())

# %% check
if not torch.accelerator.is_available():
    assert any("no accelerator is found" in m for m in messages)

# %% deprecated-device
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    next(iter(DataLoader(dataset, batch_size=4, pin_memory=True, pin_memory_device="cuda")))
deprecated = [str(w.message) for w in caught if "pin_memory_device" in str(w.message)]
print("pin_memory_device='cuda' -> UserWarning:", *deprecated)

# %% check
assert len(deprecated) == 1 and "deprecated" in deprecated[0]
