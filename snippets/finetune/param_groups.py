"""Gentle fine-tuning: a small learning rate for the backbone, a larger one for the new head."""

# %% groups
import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
model = resnet18(weights=None)  # stands in for resnet18(weights=ResNet18_Weights.DEFAULT)
model.fc = nn.Linear(model.fc.in_features, 5)

backbone = [p for name, p in model.named_parameters() if not name.startswith("fc.")]
head = [p for name, p in model.named_parameters() if name.startswith("fc.")]
optimizer = torch.optim.SGD(
    [
        {"params": backbone, "lr": 1e-4},  # (1)!
        {"params": head},  # no "lr" here: uses the default below
    ],
    lr=1e-2,
)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.1)
for group, name in zip(optimizer.param_groups, ["backbone", "head"], strict=True):
    count = sum(p.numel() for p in group["params"])
    print(f"{name:<8} lr={group['lr']:<6g}  {len(group['params'])} tensors, {count:,} values")

# %% check
assert len(backbone) + len(head) == len(list(model.parameters()))  # nobody forgotten

# %% one-step
images, labels = torch.randn(2, 3, 64, 64), torch.tensor([1, 4])
before = [p.detach().clone() for p in model.parameters()]
model.train()  # fine-tuning everything: BatchNorm may adapt to the new data too
loss = nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()
step_backbone = (model.conv1.weight - before[0]).abs().max().item()
step_head = (model.fc.weight - before[-2]).abs().max().item()
print(f"largest step: conv1 {step_backbone:.1e}, fc {step_head:.1e}")

# %% check
# Plain SGD moves every parameter by exactly lr * grad, with the lr of its own group.
lr_of = {id(p): g["lr"] for g in optimizer.param_groups for p in g["params"]}
for old, p in zip(before, model.parameters(), strict=True):
    torch.testing.assert_close(p.detach(), old - lr_of[id(p)] * p.grad)
assert step_backbone > 0 and step_head > 0  # both parts learn, at different speeds

# %% scheduler
# A scheduler scales every group's lr by the same factor, so the 1:100 ratio is kept.
scheduler.step()
lrs = [group["lr"] for group in optimizer.param_groups]
print("after one scheduler step:", [f"{lr:g}" for lr in lrs])

# %% check
torch.testing.assert_close(lrs, [1e-5, 1e-3])
