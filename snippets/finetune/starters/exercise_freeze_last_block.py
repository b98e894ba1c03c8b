"""Exercise: freeze all of a ResNet-18 but its last block and the new head; count what trains."""

import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
model = resnet18(weights=None)  # stands in for resnet18(weights=ResNet18_Weights.DEFAULT)
model.fc = nn.Linear(model.fc.in_features, 10)

# TODO: freeze the whole model, then unfreeze its last block (model.layer4[-1]) and model.fc

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"trainable: {trainable:,} of {total:,} parameters ({trainable / total:.1%})")
# A BasicBlock with 512 channels: two 3x3 convs without bias and two BatchNorms (weight + bias).
block = 2 * (3 * 3 * 512 * 512) + 2 * (2 * 512)
head = 512 * 10 + 10
assert trainable == block + head == 4_725_770
names = [n for n, p in model.named_parameters() if p.requires_grad]
print(f"trainable tensors: {len(names)}, from {names[0]} to {names[-1]}")
assert all(n.startswith(("layer4.1.", "fc.")) for n in names) and len(names) == 8

optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
assert sum(p.numel() for g in optimizer.param_groups for p in g["params"]) == trainable
