"""LeNet-5 as in the 60-minute blitz: every intermediate shape and the parameter count."""

# %% model
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
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (2)!
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # (3)!
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


# %% shapes
net = LeNet()
image = torch.randn(1, 1, 32, 32)  # a batch of one 32x32 grey image: (N, C, H, W)
x = image
print("input       ", tuple(x.shape))
x = F.relu(net.conv1(x))
print("conv1 + relu", tuple(x.shape))  # 32 - 5 + 1 = 28
x = F.max_pool2d(x, 2)
print("pool        ", tuple(x.shape))
x = F.relu(net.conv2(x))
print("conv2 + relu", tuple(x.shape))
x = F.max_pool2d(x, 2)
print("pool        ", tuple(x.shape))
x = torch.flatten(x, 1)
print("flatten     ", tuple(x.shape))
x = net.fc3(F.relu(net.fc2(F.relu(net.fc1(x)))))
print("fc1 to fc3  ", tuple(x.shape))

# %% check: the walk above is what forward() computes
from torch.testing import assert_close

assert_close(x, net(image))
batch = torch.randn(4, 1, 32, 32)
assert net(batch).shape == (4, 10)  # a batch of 4 images gives 4 rows of 10 outputs

# %% parameters
per_layer = {name: sum(p.numel() for p in m.parameters()) for name, m in net.named_children()}
print("parameters per layer:", per_layer)
total = sum(p.numel() for p in net.parameters())
print("total parameters:", total)
fully_connected_share = (per_layer["fc1"] + per_layer["fc2"] + per_layer["fc3"]) / total
print(f"share in the fully connected layers: {fully_connected_share:.1%}")

# %% check: weights (out * in * k * k) plus one bias per output, layer by layer
assert per_layer == {
    "conv1": 6 * 1 * 5 * 5 + 6,
    "conv2": 16 * 6 * 5 * 5 + 16,
    "fc1": 400 * 120 + 120,
    "fc2": 120 * 84 + 84,
    "fc3": 84 * 10 + 10,
}
assert total == 61_706
assert fully_connected_share > 0.95

# %% unbatched
single = image[0]  # (1, 32, 32): channels, height, width
print("conv1 on one unbatched image:", tuple(net.conv1(single).shape))
print("fc3 on (2, 3, 84):", tuple(net.fc3(torch.randn(2, 3, 84)).shape))
try:
    net(single)
except RuntimeError as error:
    message = str(error)
    print("RuntimeError:", message)
print("with unsqueeze(0):", tuple(net(single.unsqueeze(0)).shape))

# %% check
assert_close(net.conv1(single), net.conv1(image)[0])  # the same values as a batch of one
assert "16x25 and 400x120" in message  # flatten(x, 1) turned (16, 5, 5) into (16, 25)

# %% train
target = torch.randn(1, 10)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
losses = []
for _ in range(2):
    loss = loss_fn(net(image), target)
    optimizer.zero_grad()  # (1)!
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
final = loss_fn(net(image), target).item()
print(f"two SGD steps: loss {losses[0]:.4f} -> {losses[1]:.4f} -> {final:.4f}")

# %% check: .grad held only the last step's gradient, the one computed from scratch
assert losses[0] > losses[1] > final
lr = optimizer.param_groups[0]["lr"]
before = LeNet()  # the weights before the last step: SGD subtracted lr * grad
before.load_state_dict({name: p.detach() + lr * p.grad for name, p in net.named_parameters()})
loss_fn(before(image), target).backward()
for p, fresh in zip(net.parameters(), before.parameters(), strict=True):
    assert_close(p.grad, fresh.grad, rtol=1e-4, atol=1e-6)
# ... while backward() without zero_grad() adds to .grad.
once = fresh.grad.clone()
loss_fn(before(image), target).backward()
assert_close(fresh.grad, 2 * once)
