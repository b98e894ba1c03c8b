"""Freezing the backbone: only the new head learns, and BatchNorm statistics stay put."""

# %% freeze
import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
model = resnet18(weights=None)  # stands in for resnet18(weights=ResNet18_Weights.DEFAULT)
model.fc = nn.Linear(model.fc.in_features, 5)

model.requires_grad_(False)  # (1)!
model.fc.requires_grad_(True)
trainable = [p for p in model.parameters() if p.requires_grad]
total = sum(p.numel() for p in model.parameters())
print(f"trainable: {sum(p.numel() for p in trainable):,} of {total:,} parameters")

optimizer = torch.optim.Adam(trainable, lr=1e-3)  # (2)!

# %% check
assert trainable == [model.fc.weight, model.fc.bias]

# %% batchnorm-pitfall
# Pitfall: requires_grad_(False) does not stop BatchNorm from updating its running statistics.
images, labels = torch.randn(2, 3, 64, 64), torch.tensor([0, 3])
pristine = {k: v.clone() for k, v in model.state_dict().items()}
model.train()
with torch.no_grad():
    model(images)
now = model.state_dict()
moved = [k for k in pristine if "running" in k and not torch.equal(now[k], pristine[k])]
layers = [model.get_submodule(k.rsplit(".", 1)[0]) for k in moved]  # the BatchNorm layer of k
all_frozen = not any(p.requires_grad for layer in layers for p in layer.parameters())
print(f"plain model.train(): {len(moved)} running statistics moved")
print("all of them in frozen layers:", all_frozen)
model.load_state_dict(pristine)  # undo, then do it right

# %% check
assert len(moved) == 2 * 20  # mean and var of all 20 BatchNorm layers


# %% frozen-batchnorm
def train_mode_with_frozen_batchnorm(model):
    model.train()
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):  # (1)!
            module.eval()


# %% one-step
train_mode_with_frozen_batchnorm(model)
loss = nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()

after = model.state_dict()
changed = [k for k in pristine if not torch.equal(pristine[k], after[k])]
print("changed after one step:", changed)
print("gradient of the frozen conv1.weight:", model.conv1.weight.grad)

# %% check
assert changed == ["fc.weight", "fc.bias"]  # weights, biases AND running statistics elsewhere kept
assert model.conv1.weight.grad is None
assert len(optimizer.state) == 2  # Adam keeps its moment estimates for the head only
