"""Inside an nn.Module: parameters, submodules, state_dict, buffers, train/eval and apply."""

import torch
from torch import nn

torch.manual_seed(0)


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU())
        self.dropout = nn.Dropout(p=0.5)
        self.head = nn.Linear(8, 3)
        # A buffer is state that is saved and moved with the model but never trained.
        self.register_buffer("calls", torch.zeros((), dtype=torch.long))  # (1)!
        self.scale = nn.Parameter(torch.ones(()))  # (2)!

    def forward(self, inputs):
        self.calls += 1
        return self.scale * self.head(self.dropout(self.features(inputs)))


model = SmallNet()

# Parameters: every tensor the optimizer will update, found by walking the attributes.
for name, param in model.named_parameters():
    print(f"{name:<20} {tuple(param.shape)}")
names = [name for name, _ in model.named_parameters()]
assert names == [
    "scale",
    "features.0.weight",
    "features.0.bias",
    "features.1.weight",
    "features.1.bias",
    "head.weight",
    "head.bias",
]
total = sum(p.numel() for p in model.parameters())
assert total == 1 + (4 * 8 + 8) + (8 + 8) + (8 * 3 + 3) == 84
print("trainable numbers:", total)

# children() is one level down; modules() is the whole tree, the model itself included.
children = [type(m).__name__ for m in model.children()]
everything = [type(m).__name__ for m in model.modules()]
print("children:", children)
print("modules: ", everything)
assert children == ["Sequential", "Dropout", "Linear"]
assert everything[0] == "SmallNet" and len(everything) == 1 + 3 + 3

# state_dict = parameters + buffers (BatchNorm's running statistics are buffers too).
state = model.state_dict()
buffers = [name for name, _ in model.named_buffers()]
print("buffers:", buffers)
assert "calls" in state and "calls" not in names  # saved, but not given to the optimizer
assert set(state) == set(names) | set(buffers)
assert not any(b.requires_grad for b in model.buffers())

# train() and eval() flip the mode of every submodule: Dropout and BatchNorm change behaviour.
batch = torch.randn(16, 4)
assert model.training  # a fresh module starts in training mode
first, second = model(batch), model(batch)
assert not torch.equal(first, second)  # (3)!
running_mean_before = model.features[1].running_mean.clone()
model(batch)
assert not torch.equal(model.features[1].running_mean, running_mean_before)  # updated in train

model.eval()  # (4)!
assert not model.dropout.training and not model.features[1].training
running_mean_before = model.features[1].running_mean.clone()
first, second = model(batch), model(batch)
assert torch.equal(first, second)  # no dropout, BatchNorm uses its stored statistics
assert torch.equal(model.features[1].running_mean, running_mean_before)  # frozen in eval
# One sample at a time now gives the same answer as the whole batch.
assert torch.allclose(model(batch[:1]), first[:1], atol=1e-6)
print("forward calls counted by the buffer:", model.calls.item())
assert model.calls.item() == 6

# Dropout in training mode zeroes about p of the inputs and scales the rest by 1 / (1 - p).
dropout = nn.Dropout(p=0.5).train()
dropped = dropout(torch.ones(10_000))
assert set(dropped.unique().tolist()) == {0.0, 2.0}
kept = (dropped > 0).float().mean().item()
print(f"dropout kept {kept:.3f} of the inputs")
assert abs(kept - 0.5) < 0.02  # 10 000 coin flips: within 4 standard deviations


# apply(fn) calls fn on every submodule (children first, then the module itself): handy for init.
def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.zeros_(module.bias)
        nn.init.normal_(module.weight, std=0.01)


model.apply(init_weights)  # (5)!
assert model.head.bias.abs().sum() == 0 and model.features[0].bias.abs().sum() == 0
assert model.head.weight.std() < 0.05
visited = []
model.apply(lambda module: visited.append(type(module).__name__))
print("apply order:", visited)
assert visited[-1] == "SmallNet"

# Buffers travel with the model: .double() (like .to(device)) converts BatchNorm's statistics too.
moved = SmallNet().double()
assert moved.features[1].running_mean.dtype == moved.head.weight.dtype == torch.float64
