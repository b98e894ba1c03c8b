"""Devices: where a tensor lives, how to move it, and how to create it in the right place."""

# %% pick-device
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

# %% move
torch.manual_seed(0)
x = torch.randn(2, 3)  # new tensors live on the CPU unless told otherwise
moved = x.to(DEVICE)  # (1)!
print(f"{x.device = }")
print(f"{moved.shape = }, {moved.dtype = }")
print(f"{moved.to(DEVICE) is moved = }")  # (2)!

# %% check
assert x.device == torch.device("cpu")  # x itself did not move: keep the returned tensor
assert moved.device.type == torch.device(DEVICE).type
assert moved.shape == x.shape and moved.dtype == x.dtype
assert x.to("cpu") is x

# %% create-on-device
zeros = torch.zeros(2, 3, device=DEVICE)  # (1)!
total = moved + zeros  # both on DEVICE, and so is the result
print(f"{zeros.device == moved.device = }")
print(f"{torch.zeros_like(moved).device == moved.device = }")  # *_like keeps the device

# %% check
assert total.device == moved.device
if moved.device.type == "cuda":
    try:
        moved + torch.ones(3)
    except RuntimeError as err:
        assert "same device" in str(err)
    else:
        raise AssertionError("a CUDA tensor plus a 1-D CPU tensor should fail")
    # The exception: a 0-dim CPU tensor is used like a Python number.
    assert (moved * torch.tensor(2.0)).device == moved.device

# %% back-to-cpu
back = total.cpu()  # (1)!
print(f"back on the CPU:\n{back}")

# %% check
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

# %% device-and-dtype
halves = x.to(DEVICE, torch.float16)  # (1)!
like_zeros = torch.arange(3).to(zeros)  # (2)!
print(f"{halves.dtype = }, {like_zeros.dtype = }")

# %% check
assert halves.device == moved.device and halves.dtype == torch.float16
assert like_zeros.device == zeros.device and like_zeros.dtype == torch.float32
