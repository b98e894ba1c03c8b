"""A model on the GPU and a batch still on the CPU; a GPU tensor handed to NumPy."""

import os
import sys

import torch
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

torch.manual_seed(0)


def broken_batch_on_cpu(device=DEVICE):
    model = nn.Linear(3, 2).to(device)  # on the GPU
    batch = torch.randn(4, 3)  # (1)!
    return model(batch)


def broken_numpy_on_gpu(device=DEVICE):
    predictions = torch.randn(4, 2, device=device)
    return predictions.numpy()  # (2)!


def fixed(device=DEVICE):
    model = nn.Linear(3, 2).to(device)
    batch = torch.randn(4, 3)
    model_device = next(model.parameters()).device
    predictions = model(batch.to(model_device))  # (3)!
    assert predictions.device == model_device
    array = predictions.detach().cpu().numpy()  # (4)!
    assert array.shape == (4, 2)
    return array


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    if torch.device(DEVICE).type == "cpu":
        print(f"broken cases skipped: they need a GPU, and here DEVICE={DEVICE}")  # (5)!
    else:
        message = show_error(broken_batch_on_cpu, RuntimeError)
        assert message.startswith("Expected all tensors to be on the same device")
        message = show_error(broken_numpy_on_gpu, TypeError)
        assert message.startswith(f"can't convert {torch.device(DEVICE).type}")
    if torch.device(DEVICE).type == "cuda":
        # An exception to "same device": a 0-dim CPU tensor can join a CUDA op as a scalar.
        scaled = torch.ones(2, device=DEVICE) * torch.tensor(2.0)
        assert scaled.device.type == "cuda"
    print("fixed: predictions of shape", fixed().shape, "back on the CPU as a NumPy array")
