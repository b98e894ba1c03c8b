"""Containers: Sequential, ModuleList and ModuleDict, and why a plain Python list hides layers."""

from collections import OrderedDict
from itertools import pairwise

import torch
from torch import nn

torch.manual_seed(0)

# Sequential: the output of each layer is the input of the next; names are optional.
mlp = nn.Sequential(
    OrderedDict(
        hidden=nn.Linear(4, 8),
        activation=nn.ReLU(),
        output=nn.Linear(8, 2),
    )
)
batch = torch.randn(5, 4)
assert mlp(batch).shape == (5, 2)
assert mlp.hidden is mlp[0]  # index or name, the same layer
assert isinstance(mlp[:2], nn.Sequential)  # slicing gives a smaller Sequential
print(mlp)


# A plain list of layers works in forward(), but nn.Module cannot see inside it.
class HiddenInAList(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = [nn.Linear(a, b) for a, b in pairwise(sizes)]  # (1)!

    def forward(self, inputs):
        for layer in self.layers:
            inputs = torch.relu(layer(inputs))
        return inputs


class RegisteredInAModuleList(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))  # (2)!

    def forward(self, inputs):
        for layer in self.layers:
            inputs = torch.relu(layer(inputs))
        return inputs


sizes = [4, 16, 16, 2]
expected = (4 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)
hidden = HiddenInAList(sizes)
registered = RegisteredInAModuleList(sizes)
count_hidden = sum(p.numel() for p in hidden.parameters())
count_registered = sum(p.numel() for p in registered.parameters())
print(f"parameters seen: plain list {count_hidden}, ModuleList {count_registered}")
assert hidden(batch).shape == registered(batch).shape == (5, 2)  # both run ...
assert count_hidden == 0  # ... but an optimizer given hidden.parameters() would train nothing
assert count_registered == expected == 386
assert len(hidden.state_dict()) == 0 and len(registered.state_dict()) == 6  # nothing to save
try:
    torch.optim.SGD(hidden.parameters(), lr=0.1)
    raise AssertionError("SGD accepted a model with no parameters")
except ValueError as error:  # PyTorch refuses an empty parameter list
    print("SGD on the plain list:", error)

# Moving to another dtype (or device) also skips the hidden layers.
hidden.double()
registered.double()
assert hidden.layers[0].weight.dtype == torch.float32  # left behind
assert registered.layers[0].weight.dtype == torch.float64


# ModuleDict: layers chosen by name at run time, e.g. one output head per task.
class MultiHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 8)
        self.heads = nn.ModuleDict({"digit": nn.Linear(8, 10), "parity": nn.Linear(8, 2)})

    def forward(self, inputs, task):
        return self.heads[task](torch.relu(self.body(inputs)))


multi = MultiHead()
assert multi(batch, "digit").shape == (5, 10)
assert multi(batch, "parity").shape == (5, 2)
head_names = sorted({name.split(".")[1] for name, _ in multi.named_parameters() if "heads" in name})
print("ModuleDict heads:", head_names)
assert head_names == ["digit", "parity"]
