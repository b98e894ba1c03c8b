"""Containers: Sequential, ModuleList and ModuleDict, and why a plain Python list hides layers."""

# %% sequential
from collections import OrderedDict
from itertools import pairwise

import torch
from torch import nn

torch.manual_seed(0)
mlp = nn.Sequential(
    OrderedDict(
        hidden=nn.Linear(4, 8),
        activation=nn.ReLU(),
        output=nn.Linear(8, 2),
    )
)
batch = torch.randn(5, 4)
print(mlp)
print("output:", tuple(mlp(batch).shape))
print("mlp.hidden is mlp[0]:", mlp.hidden is mlp[0])  # index or name, the same layer

# %% check
assert mlp(batch).shape == (5, 2)
assert mlp.hidden is mlp[0]
assert isinstance(mlp[:2], nn.Sequential)  # slicing gives a smaller Sequential


# %% plain-list
class HiddenInAList(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = [nn.Linear(a, b) for a, b in pairwise(sizes)]  # (1)!

    def forward(self, inputs):
        for layer in self.layers:
            inputs = torch.relu(layer(inputs))
        return inputs


# %% module-list
class RegisteredInAModuleList(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))  # (1)!

    def forward(self, inputs):
        for layer in self.layers:
            inputs = torch.relu(layer(inputs))
        return inputs


# %% count
sizes = [4, 16, 16, 2]
hidden = HiddenInAList(sizes)
registered = RegisteredInAModuleList(sizes)
count_hidden = sum(p.numel() for p in hidden.parameters())
count_registered = sum(p.numel() for p in registered.parameters())
print(f"parameters seen: plain list {count_hidden}, ModuleList {count_registered}")
saved_hidden, saved_registered = len(hidden.state_dict()), len(registered.state_dict())
print(f"state_dict entries: plain list {saved_hidden}, ModuleList {saved_registered}")
try:
    torch.optim.SGD(hidden.parameters(), lr=0.1)
except ValueError as error:  # PyTorch refuses an empty parameter list
    print("ValueError:", error)

# %% check
expected = (4 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)
assert hidden(batch).shape == registered(batch).shape == (5, 2)  # both run ...
assert count_hidden == 0  # ... but an optimizer given hidden.parameters() would train nothing
assert count_registered == expected == 386
assert saved_hidden == 0 and saved_registered == 6  # nothing to save
try:
    torch.optim.SGD(hidden.parameters(), lr=0.1)
except ValueError as error:
    message = str(error)
assert "empty parameter list" in message

# %% dtype
hidden.double()
registered.double()
print("plain list:", hidden.layers[0].weight.dtype)  # left behind
print("ModuleList:", registered.layers[0].weight.dtype)

# %% check
assert hidden.layers[0].weight.dtype == torch.float32
assert registered.layers[0].weight.dtype == torch.float64


# %% module-dict
class MultiHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 8)
        self.heads = nn.ModuleDict({"digit": nn.Linear(8, 10), "parity": nn.Linear(8, 2)})

    def forward(self, inputs, task):
        return self.heads[task](torch.relu(self.body(inputs)))


multi = MultiHead()
print("digit: ", tuple(multi(batch, "digit").shape))
print("parity:", tuple(multi(batch, "parity").shape))
head_names = sorted({name.split(".")[1] for name, _ in multi.named_parameters() if "heads" in name})
print("ModuleDict heads:", head_names)

# %% check
assert multi(batch, "digit").shape == (5, 10)
assert multi(batch, "parity").shape == (5, 2)
assert head_names == ["digit", "parity"]
