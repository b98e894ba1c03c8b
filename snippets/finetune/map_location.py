"""map_location: open a checkpoint written on a GPU machine on a CPU-only one."""

# %% device
import os
import tempfile
from pathlib import Path

import torch
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% save-on-gpu
torch.manual_seed(0)
model = nn.Linear(4, 2)
reference = {name: tensor.clone() for name, tensor in model.state_dict().items()}
workdir = tempfile.TemporaryDirectory()  # the file goes here, not into your folder
path = Path(workdir.name) / "gpu_checkpoint.pt"

# torch.save records, for every tensor, the device it lived on ("cuda:0" on a GPU machine).
if torch.cuda.is_available():
    torch.save(model.to("cuda").state_dict(), path)
else:
    # No GPU here, so write the same location tag a GPU machine would.
    def tag_as_cuda(storage):
        return "cuda:0" if storage.device.type == "cpu" else None

    torch.serialization.register_package(0, tag_as_cuda, lambda storage, location: None)  # (1)!
    torch.save(model.state_dict(), path)

# %% locations
seen_locations = []


def record_location(storage, location):
    seen_locations.append(location)
    return storage  # returning the storage as loaded (on the CPU) keeps it there


torch.load(path, weights_only=True, map_location=record_location)
print("locations stored in the file:", sorted(set(seen_locations)))

# %% without-map-location
# Without map_location, torch.load puts every tensor back on the GPU it came from.
if not torch.cuda.is_available():
    try:
        torch.load(path, weights_only=True)  # (1)!
    except RuntimeError as err:
        first, advice = str(err).split(". ", 1)  # two sentences: the problem, then the fix
        print(f"RuntimeError: {first}.\n  {advice}")

# %% to-cpu
on_cpu = torch.load(path, weights_only=True, map_location="cpu")  # (1)!
print("devices after map_location='cpu':", sorted({t.device.type for t in on_cpu.values()}))

# %% check
for name, tensor in on_cpu.items():
    torch.testing.assert_close(tensor, reference[name], rtol=0, atol=0)

# %% to-device
# Or load straight onto whatever device this machine has, then build the model there.
state = torch.load(path, weights_only=True, map_location=DEVICE)
restored = nn.Linear(4, 2).to(DEVICE)
fresh = restored.weight.detach().clone()  # kept only to compare with below
restored.load_state_dict(state)
on_device = restored.weight.device.type == torch.device(DEVICE).type
same = all(torch.equal(t.cpu(), reference[name]) for name, t in restored.state_dict().items())
print(f"restored.weight is on DEVICE: {on_device}; values equal the saved ones: {same}")

# %% check
assert restored.weight.device.type == torch.device(DEVICE).type
assert not torch.equal(fresh.cpu(), reference["weight"])  # a new layer starts elsewhere...
for name, tensor in restored.state_dict().items():  # ...and the load brought the saved values
    torch.testing.assert_close(tensor.cpu(), reference[name], rtol=0, atol=0)
workdir.cleanup()
