"""Devices: where a tensor lives, how to move it, and how to create it in the right place."""

import os
import sys

import torch

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

torch.manual_seed(0)  # randn runs on the CPU, so the printed values are the same on any machine

# New tensors live on the CPU unless told otherwise.
x = torch.randn(2, 3)
assert x.device == torch.device("cpu")

# .to(DEVICE) copies the data over; the result keeps shape, dtype and values.
moved = x.to(DEVICE)  # (1)!
print(moved.shape, moved.dtype)
assert x.device == torch.device("cpu")  # x itself did not move: keep the returned tensor
assert moved.device.type == torch.device(DEVICE).type
assert moved.shape == x.shape and moved.dtype == x.dtype

# Asking for the device a tensor is already on copies nothing: you get the same object back.
assert moved.to(DEVICE) is moved  # (2)!
assert x.to("cpu") is x

# Better than creating on the CPU and moving: create it where it will be used.
zeros = torch.zeros(2, 3, device=DEVICE)  # (3)!
assert zeros.device == moved.device
assert torch.zeros_like(moved).device == moved.device  # *_like keeps the device

# Operands of one op must share a device; results stay there.
total = moved + zeros
assert total.device == moved.device

# Back to the CPU for printing, .numpy() or plotting: the values survive the round trip.
back = total.cpu()  # (4)!
print(back)
assert back.device == torch.device("cpu")
assert torch.equal(back, x)
assert back.numpy().shape == (2, 3)
if moved.device.type != "cpu":  # NumPy only reads CPU memory
    try:
        moved.numpy()
    except TypeError:
        pass
    else:
        raise AssertionError(".numpy() on a GPU tensor should ask for .cpu() first")

# One .to() call can change device and dtype together, or copy both from another tensor.
halves = x.to(DEVICE, torch.float16)
like_zeros = torch.arange(3).to(zeros)
print(halves.dtype, like_zeros.dtype)
assert halves.device == moved.device and halves.dtype == torch.float16
assert like_zeros.device == zeros.device and like_zeros.dtype == torch.float32
