"""Inside an nn.Module: parameters, submodules, state_dict, buffers, train/eval and apply."""

# %% small-net
import torch
from torch import nn

torch.manual_seed(0)


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU())
        self.dropout = nn.Dropout(p=0.5)
        self.head = nn.Linear(8, 3)
        # A buffer: saved and moved with the model, never trained.
        self.register_buffer("calls", torch.zeros((), dtype=torch.long))  # (1)!
        self.scale = nn.Parameter(torch.ones(()))  # (2)!

    def forward(self, inputs):
        self.calls += 1
        return self.scale * self.head(self.dropout(self.features(inputs)))


model = SmallNet()

# %% parameters
names = [name for name, _ in model.named_parameters()]
for name, param in model.named_parameters():
    print(f"{name:<20} {tuple(param.shape)}")
total = sum(p.numel() for p in model.parameters())
print("trainable numbers:", total)

# %% check
assert names == [
    "scale",
    "features.0.weight",
    "features.0.bias",
    "features.1.weight",
    "features.1.bias",
    "head.weight",
    "head.bias",
]
assert total == 1 + (4 * 8 + 8) + (8 + 8) + (8 * 3 + 3) == 84

# %% children-modules
children = [type(m).__name__ for m in model.children()]  # one level down
everything = [type(m).__name__ for m in model.modules()]  # the whole tree
print("children:", children)
print("modules: ", everything)

# %% check
assert children == ["Sequential", "Dropout", "Linear"]
assert everything[0] == "SmallNet" and len(everything) == 1 + 3 + 3

# %% state-dict
state = model.state_dict()
buffers = [name for name, _ in model.named_buffers()]
print("buffers:", buffers)
print("state_dict keys:", len(state), "=", len(names), "parameters +", len(buffers), "buffers")

# %% check
assert "calls" in state and "calls" not in names  # saved, but not given to the optimizer
assert set(state) == set(names) | set(buffers)
assert not any(b.requires_grad for b in model.buffers())

# %% train-mode
batch = torch.randn(16, 4)
print("training:", model.training)
first, second = model(batch), model(batch)
print("two passes equal:", torch.equal(first, second))  # (1)!
running_mean_before = model.features[1].running_mean.clone()
model(batch)
print("running mean changed:", not torch.equal(model.features[1].running_mean, running_mean_before))

# %% check
assert model.training  # a fresh module starts in training mode
assert not torch.equal(first, second)
assert not torch.equal(model.features[1].running_mean, running_mean_before)  # updated in train

# %% eval-mode
model.eval()  # (1)!
print("training:", model.training, model.dropout.training, model.features[1].training)
running_mean_before = model.features[1].running_mean.clone()
first, second = model(batch), model(batch)
print("two passes equal:", torch.equal(first, second))
print("running mean changed:", not torch.equal(model.features[1].running_mean, running_mean_before))
alone = model(batch[:1])
print("one sample alone = inside the batch:", torch.allclose(alone, first[:1], atol=1e-6))
print("forward calls counted by the buffer:", model.calls.item())

# %% check
assert not model.dropout.training and not model.features[1].training
assert torch.equal(first, second)  # no dropout, BatchNorm uses its stored statistics
assert torch.equal(model.features[1].running_mean, running_mean_before)  # frozen in eval
assert torch.allclose(alone, first[:1], atol=1e-6)
assert model.calls.item() == 6

# %% dropout-scale
dropout = nn.Dropout(p=0.5).train()
dropped = dropout(torch.ones(10_000))
print("values after dropout:", dropped.unique().tolist())
kept = (dropped > 0).float().mean().item()
print(f"dropout kept {kept:.3f} of the inputs")

# %% check
assert set(dropped.unique().tolist()) == {0.0, 2.0}
assert abs(kept - 0.5) < 0.02  # 10 000 coin flips: within 4 standard deviations


# %% apply-init
def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.zeros_(module.bias)
        nn.init.normal_(module.weight, std=0.01)


model.apply(init_weights)  # (1)!
print("head.bias:", model.head.bias.tolist())
print(f"head.weight std: {model.head.weight.std():.4f}")
visited = []
model.apply(lambda module: visited.append(type(module).__name__))
print("apply order:", visited)

# %% check
assert model.head.bias.abs().sum() == 0 and model.features[0].bias.abs().sum() == 0
assert model.head.weight.std() < 0.05
assert visited[-1] == "SmallNet"

# %% buffers-move
moved = SmallNet().double()  # like .to(device), it converts buffers too
print("running_mean:", moved.features[1].running_mean.dtype)
print("head.weight: ", moved.head.weight.dtype)

# %% check
assert moved.features[1].running_mean.dtype == moved.head.weight.dtype == torch.float64
