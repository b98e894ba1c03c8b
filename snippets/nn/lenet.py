"""LeNet-5 as in the 60-minute blitz: every intermediate shape and the parameter count."""

import torch
import torch.nn.functional as F
from torch import nn

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
print(per_layer)
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

# nn layers expect a batch: a single image needs a leading dimension of 1.
batch = torch.randn(4, 1, 32, 32)
assert net(batch).shape == (4, 10)
assert net(image[0].unsqueeze(0)).shape == (1, 10)  # (1, 32, 32) -> (1, 1, 32, 32)

# One training step, as in the blitz: loss, clear old gradients, backward, update.
target = torch.randn(1, 10)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
loss_before = nn.MSELoss()(net(image), target)
optimizer.zero_grad()
loss_before.backward()
assert net.conv1.bias.grad.shape == (6,)
optimizer.step()
loss_after = nn.MSELoss()(net(image), target)
print(f"one SGD step: loss {loss_before.item():.4f} -> {loss_after.item():.4f}")
assert loss_after < loss_before
