"""LeNet-5 as in the 60-minute blitz: every intermediate shape and the parameter count."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5)  # 1 input channel, 6 filters of 5x5
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # (1)!
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        shapes = [tuple(x.shape[1:])]  # record each shape without the batch dimension
        x = F.relu(self.conv1(x))
        shapes.append(tuple(x.shape[1:]))
        x = F.max_pool2d(x, 2)  # (2)!
        shapes.append(tuple(x.shape[1:]))
        x = F.relu(self.conv2(x))
        shapes.append(tuple(x.shape[1:]))
        x = F.max_pool2d(x, 2)
        shapes.append(tuple(x.shape[1:]))
        x = torch.flatten(x, 1)  # (3)!
        shapes.append(tuple(x.shape[1:]))
        x = F.relu(self.fc1(x))
        shapes.append(tuple(x.shape[1:]))
        x = F.relu(self.fc2(x))
        shapes.append(tuple(x.shape[1:]))
        x = self.fc3(x)
        shapes.append(tuple(x.shape[1:]))
        self.shapes = shapes
        return x


net = LeNet()
image = torch.randn(1, 1, 32, 32)  # a batch of one 32x32 grey image: (N, C, H, W)
out = net(image)
steps = [
    "input",
    "conv1+relu",
    "pool",
    "conv2+relu",
    "pool",
    "flatten",
    "fc1+relu",
    "fc2+relu",
    "fc3",
]
for step, shape in zip(steps, net.shapes, strict=True):
    print(f"{step:<11} {shape}")
assert net.shapes == [
    (1, 32, 32),
    (6, 28, 28),  # 32 - 5 + 1 = 28: a 5x5 kernel without padding loses 4 pixels
    (6, 14, 14),
    (16, 10, 10),
    (16, 5, 5),
    (400,),
    (120,),
    (84,),
    (10,),
]

# Parameters: weights (out * in * k * k) plus one bias per output, layer by layer.
per_layer = {name: sum(p.numel() for p in m.parameters()) for name, m in net.named_children()}
print("parameters per layer:", per_layer)
assert per_layer == {
    "conv1": 6 * 1 * 5 * 5 + 6,
    "conv2": 16 * 6 * 5 * 5 + 16,
    "fc1": 400 * 120 + 120,
    "fc2": 120 * 84 + 84,
    "fc3": 84 * 10 + 10,
}
total = sum(p.numel() for p in net.parameters())
print("total parameters:", total)
assert total == 61_706
fully_connected_share = (per_layer["fc1"] + per_layer["fc2"] + per_layer["fc3"]) / total
print(f"share in the fully connected layers: {fully_connected_share:.1%}")
assert fully_connected_share > 0.95

# A batch of 4 images gives 4 rows of 10 outputs.
batch = torch.randn(4, 1, 32, 32)
assert net(batch).shape == (4, 10)

# The layers themselves do not need a batch: Conv2d also takes one unbatched image (C, H, W),
# and Linear takes any number of leading dimensions.
single = image[0]  # (1, 32, 32): channels, height, width
assert net.conv1(single).shape == (6, 28, 28)
assert_close(net.conv1(single), net.conv1(image)[0])  # the same values as a batch of one
assert net.fc3(torch.randn(2, 3, 84)).shape == (2, 3, 10)
# This LeNet needs the batch dimension because forward() flattens from dimension 1 on:
# without it, flatten(x, 1) turns (16, 5, 5) into (16, 25), and fc1 expects 400 inputs.
try:
    net(single)
    raise AssertionError("LeNet accepted an unbatched image")
except RuntimeError as error:
    print("unbatched (1, 32, 32):", str(error).splitlines()[0])
    assert "16x25 and 400x120" in str(error)
assert net(single.unsqueeze(0)).shape == (1, 10)  # (1, 32, 32) -> (1, 1, 32, 32) works

# Two training steps, as in the blitz: loss, clear old gradients, backward, update.
target = torch.randn(1, 10)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
losses = []
for _ in range(2):
    loss = loss_fn(net(image), target)
    optimizer.zero_grad()  # (4)!
    loss.backward()
    # .grad now holds this step's gradient only: the one autograd.grad computes from scratch.
    (fresh,) = torch.autograd.grad(loss_fn(net(image), target), net.conv1.bias)
    assert_close(net.conv1.bias.grad, fresh)
    optimizer.step()
    losses.append(loss.item())
final = loss_fn(net(image), target).item()
print(f"two SGD steps: loss {losses[0]:.4f} -> {losses[1]:.4f} -> {final:.4f}")
assert losses[0] > losses[1] > final
