"""An optimizer over the trainable parameters only, built with filter(), lr as a keyword."""

# %% unfreeze-layer4
import torch
from torch import nn
from torchvision.models import resnet34

torch.manual_seed(0)
model = resnet34(weights=None)  # stands in for resnet34(weights=ResNet34_Weights.DEFAULT)
model.fc = nn.Linear(model.fc.in_features, 5)
model.requires_grad_(False)
model.layer4.requires_grad_(True)  # fine-tune the last stage and the new head
model.fc.requires_grad_(True)

# %% lr-in-filter
# A version seen online passes lr to filter(), not to the optimizer:
try:
    torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters(), 1e-3))
except TypeError as err:
    print("TypeError:", err)

# %% lr-in-optimizer
optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-3)  # (1)!

in_optimizer = {id(p) for group in optimizer.param_groups for p in group["params"]}
trainable = {n: p for n, p in model.named_parameters() if p.requires_grad}
frozen = {n: p for n, p in model.named_parameters() if not p.requires_grad}
print(
    f"optimizer: {len(in_optimizer)} tensors, {sum(p.numel() for p in trainable.values()):,} values"
)
print(f"frozen:    {len(frozen)} tensors, {sum(p.numel() for p in frozen.values()):,} values")

# %% check
assert in_optimizer == {id(p) for p in trainable.values()}
assert not in_optimizer & {id(p) for p in frozen.values()}  # no frozen parameter in it
assert optimizer.param_groups[0]["lr"] == 1e-3
buffers = {n: b.clone() for n, b in model.named_buffers()}

# %% one-step
before = {n: p.detach().clone() for n, p in model.named_parameters()}
images, labels = torch.randn(2, 3, 64, 64), torch.tensor([0, 3])
model.eval()  # keeps the BatchNorm running statistics out of this check (see freeze.py)
loss = nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()
moved = [n for n, p in model.named_parameters() if not torch.equal(p, before[n])]
print(f"after one step: {len(moved)} tensors moved")
print("all of them in layer4 or fc:", all(n.startswith(("layer4.", "fc.")) for n in moved))

# %% check
assert all(n.startswith(("layer4.", "fc.")) for n in trainable)
assert set(moved) == set(trainable)  # every trainable tensor moved ...
assert all(torch.equal(p, before[n]) for n, p in frozen.items())  # ... and no frozen one
assert all(torch.equal(b, buffers[n]) for n, b in model.named_buffers())  # thanks to eval()

# %% iterator-once
# filter() is an iterator: used once, it is empty the second time.
params = filter(lambda p: p.requires_grad, model.parameters())
print(f"counted {sum(p.numel() for p in params):,} trainable values")
try:
    torch.optim.Adam(params, lr=1e-3)  # (1)!
except ValueError as err:
    print("ValueError:", err)
