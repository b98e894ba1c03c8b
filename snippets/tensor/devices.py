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

torch.manual_seed(0)  # x is drawn on the CPU, so the printed values do not depend on DEVICE

# New tensors live on the CPU unless told otherwise.
x = torch.randn(2, 3)
assert x.device == torch.device("cpu")

# .to(DEVICE) gives the tensor on DEVICE (a copy if it was elsewhere), same shape, dtype, values.
moved = x.to(DEVICE)  # (1)!
print(f"{moved.shape = }, {moved.dtype = }")
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
if moved.device.type == "cuda":  # checked by the GPU lane of CI
    try:
        moved + torch.ones(3)
    except RuntimeError as err:
        assert "same device" in str(err)
    else:
        raise AssertionError("a CUDA tensor plus a 1-D CPU tensor should fail")
    # The exception: a 0-dim CPU tensor is used like a Python number.
    assert (moved * torch.tensor(2.0)).device == moved.device  # (4)!

# NumPy and matplotlib read only CPU memory: .cpu() first. The values survive the round trip.
back = total.cpu()  # (5)!
print(f"back on the CPU:\n{back}")  # the same output on every device
if moved.device.type == "cuda":  # printing a CUDA tensor works; it just adds device='cuda:0'
    assert "device='cuda" in repr(moved)
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
print(f"{halves.dtype = }, {like_zeros.dtype = }")
assert halves.device == moved.device and halves.dtype == torch.float16
assert like_zeros.device == zeros.device and like_zeros.dtype == torch.float32
