"""A model on the GPU and a batch still on the CPU; a GPU tensor handed to NumPy."""

# %% device
import os

import torch
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
torch.manual_seed(0)
print("DEVICE =", DEVICE)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% batch-on-cpu
model = nn.Linear(3, 2).to(DEVICE)
batch = torch.randn(4, 3)  # (1)!
try:
    model(batch)
    print(f"no error: model and batch are both on {DEVICE}")  # (2)!
except RuntimeError as err:
    print("RuntimeError:", err)

# %% numpy-on-gpu
on_device = torch.randn(4, 2, device=DEVICE)
try:
    on_device.numpy()  # (1)!
    print(f"no error: on {DEVICE} the tensor is already in main memory")
except TypeError as err:
    print("TypeError:", err)

# %% fixed
model_device = next(model.parameters()).device
predictions = model(batch.to(model_device))  # (1)!
array = predictions.detach().cpu().numpy()  # (2)!
print("predictions on", predictions.device.type, "| NumPy array of shape", array.shape)

# %% check
assert predictions.device == model_device
if torch.device(DEVICE).type == "cuda":
    # An exception to "same device": a 0-dim CPU tensor can join a CUDA op as a scalar.
    scaled = torch.ones(2, device=DEVICE) * torch.tensor(2.0)
    assert scaled.device.type == "cuda"
