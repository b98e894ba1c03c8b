"""Walking the graph behind loss.grad_fn with next_functions, for a small CNN."""

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)


class Net(nn.Module):
    """LeNet as in the 60-minute blitz: two conv blocks, then three linear layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
image, target = torch.randn(1, 1, 32, 32), torch.randn(1, 10)
loss = F.mse_loss(net(image), target)
print(f"{loss.grad_fn.name() = }")


def children(node):
    """The nodes a grad_fn passes gradients on to (None for inputs that need no gradient)."""
    return [child for child, _ in node.next_functions if child is not None]  # (1)!


def depth(node):
    return 1 + max((depth(child) for child in children(node)), default=0)


# Follow the longest path back: it runs from the loss through every layer to conv1's weight.
path, node = [], loss.grad_fn
while node is not None:
    path.append(node)
    node = max(children(node), key=depth, default=None)  # (2)!
names = [type(node).__name__ for node in path]
for step, name in enumerate(names):
    print(f"step {step:2d} back from the loss: {name}")
assert names == [
    "MseLossBackward0",  # F.mse_loss
    "AddmmBackward0",  # fc3
    "ReluBackward0",
    "AddmmBackward0",  # fc2
    "ReluBackward0",
    "AddmmBackward0",  # fc1
    "ViewBackward0",  # torch.flatten
    "MaxPool2DWithIndicesBackward0",
    "ReluBackward0",
    "ConvolutionBackward0",  # conv2
    "MaxPool2DWithIndicesBackward0",
    "ReluBackward0",
    "ConvolutionBackward0",  # conv1
    "AccumulateGrad",  # conv1.weight, a leaf
]

# A linear layer's node has three inputs: its bias, the layer below, and its weight transposed.
fc3_inputs = [type(child).__name__ for child, _ in path[1].next_functions]
print("fc3's next_functions:", fc3_inputs)
assert fc3_inputs == ["AccumulateGrad", "ReluBackward0", "TBackward0"]
assert path[1].next_functions[0][0].variable is net.fc3.bias

# The first convolution hands gradients on to its weight and bias only: the image needs none.
first_conv = path[-2]
image_input, weight, bias = (child for child, _ in first_conv.next_functions)
conv1_inputs = [None if n is None else type(n).__name__ for n in (image_input, weight, bias)]
print("conv1's next_functions:", conv1_inputs)
assert image_input is None  # (3)!
assert weight.variable is net.conv1.weight and bias.variable is net.conv1.bias
assert path[-1] is weight


# Every leaf the graph reaches is an AccumulateGrad node holding one parameter of the model.
def leaves(node, seen):
    if node in seen:
        return []
    seen.add(node)
    if type(node).__name__ == "AccumulateGrad":
        return [node.variable]
    return [leaf for child in children(node) for leaf in leaves(child, seen)]


found = leaves(loss.grad_fn, set())
print(f"AccumulateGrad nodes: {len(found)}, model parameters: {len(list(net.parameters()))}")
assert {id(p) for p in found} == {id(p) for p in net.parameters()} and len(found) == 10
