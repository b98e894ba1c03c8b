"""Exercise: a state_dict round trip through a file gives a fresh model the same outputs."""

import tempfile
from pathlib import Path

import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
model = resnet18(weights=None)
model.fc = nn.Linear(model.fc.in_features, 3)
# A new model is in training mode: this forward moves the BatchNorm running statistics,
# and they must be saved too.
with torch.no_grad():
    model(torch.randn(4, 3, 64, 64))
model.eval()

with tempfile.TemporaryDirectory() as folder:  # nothing is left in your folder
    path = Path(folder) / "finetuned.pt"
    torch.save(model.state_dict(), path)
    print(f"saved {len(model.state_dict())} tensors")
    fresh = resnet18(weights=None)
    fresh.fc = nn.Linear(fresh.fc.in_features, 3)  # the same architecture first, then the weights
    fresh.load_state_dict(torch.load(path, weights_only=True))
fresh.eval()

images = torch.randn(2, 3, 64, 64)
with torch.inference_mode():
    expected, got = model(images), fresh(images)
print("outputs identical:", torch.equal(got, expected))
assert torch.equal(got, expected)
assert torch.equal(fresh.bn1.running_mean, model.bn1.running_mean)
assert fresh.bn1.num_batches_tracked.item() == 1
