"""Exercise: load a 1000-class checkpoint into a 10-class ResNet-18, everything but the head."""

import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
checkpoint = resnet18(weights=None).state_dict()  # stands in for the ImageNet weights
model = resnet18(weights=None)
model.fc = nn.Linear(model.fc.in_features, 10)

target = model.state_dict()
fits = {k: v for k, v in checkpoint.items() if v.shape == target[k].shape}
result = model.load_state_dict(fits, strict=False)
print("missing:", result.missing_keys, " unexpected:", result.unexpected_keys)
assert result.missing_keys == ["fc.weight", "fc.bias"] and result.unexpected_keys == []
loaded = model.state_dict()
same = [k for k in checkpoint if torch.equal(loaded[k], checkpoint[k])]
print(f"loaded from the checkpoint: {len(same)} of {len(checkpoint)} tensors")
assert len(same) == len(checkpoint) - 2
assert model(torch.randn(2, 3, 64, 64)).shape == (2, 10)
