"""From raw tensors to nn.Module in five steps: each step changes how the code is written,
not what it computes (steps 1-4 follow the same loss curve), then a net whose depth changes."""

import torch
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)
x = torch.linspace(-1, 1, 200).unsqueeze(1)  # 200 samples, 1 feature each: shape (200, 1)
y = torch.sin(torch.pi * x)
HIDDEN, LEARNING_RATE, STEPS = 16, 0.2, 300

# One set of starting weights shared by steps 1-4, so their losses can be compared step by step.
reference = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
start = {name: value.clone() for name, value in reference.state_dict().items()}
curves = {}

# Step 1: tensors + autograd. We hold the weights, write the forward pass and the update.
# nn.Linear stores its weight as (out, in); x @ w1 needs (in, out), hence the transpose.
w1 = start["0.weight"].T.clone().requires_grad_()
b1 = start["0.bias"].clone().requires_grad_()
w2 = start["2.weight"].T.clone().requires_grad_()
b2 = start["2.bias"].clone().requires_grad_()
losses = []
for _ in range(STEPS):
    loss = ((torch.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2).mean()  # (1)!
    loss.backward()
    with torch.no_grad():
        for param in (w1, b1, w2, b2):
            param -= LEARNING_RATE * param.grad
            param.grad = None
    losses.append(loss.item())
curves["1 tensors + autograd"] = losses

# Step 2: nn.Sequential owns the weights; we still update them by hand.
model = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
model.load_state_dict(start)
loss_fn = nn.MSELoss()
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(x), y)  # (2)!
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= LEARNING_RATE * param.grad
    losses.append(loss.item())
curves["2 nn.Sequential"] = losses

# Step 3: torch.optim does the update.
model = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
model.load_state_dict(start)
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()  # (3)!
    losses.append(loss.item())
curves["3 torch.optim"] = losses


# Step 4: a custom nn.Module names the layers and writes forward() in plain Python.
class TwoLayerNet(nn.Module):
    def __init__(self, hidden):
        super().__init__()  # (4)!
        self.hidden = nn.Linear(1, hidden)
        self.output = nn.Linear(hidden, 1)

    def forward(self, inputs):
        return self.output(torch.tanh(self.hidden(inputs)))


model = TwoLayerNet(HIDDEN)
# Sequential names its layers "0" and "2"; here they are called "hidden" and "output".
renamed = {"0.": "hidden.", "2.": "output."}
model.load_state_dict({renamed[name[:2]] + name[2:]: value for name, value in start.items()})
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
curves["4 custom nn.Module"] = losses


# Step 5: the graph is rebuilt on every call, so forward() may loop a random number of times.
class DynamicNet(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.input = nn.Linear(1, hidden)
        self.middle = nn.Linear(hidden, hidden)  # one layer, reused 0-3 times per call
        self.output = nn.Linear(hidden, 1)

    def forward(self, inputs, depth=None):
        if depth is None:
            depth = int(torch.randint(0, 4, ()))  # a new depth on every training step
        hidden = torch.tanh(self.input(inputs))
        for _ in range(depth):  # (5)!
            hidden = torch.tanh(self.middle(hidden))
        return self.output(hidden)


model = DynamicNet(HIDDEN)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
curves["5 dynamic depth"] = losses

for name, losses in curves.items():
    print(f"{name:<22} loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# Steps 1-4 are the same computation written four ways (float32 tolerance: the update order
# inside optimizer.step() rounds differently from `param -= lr * grad`).
first = torch.tensor(curves["1 tensors + autograd"])
for name in ("2 nn.Sequential", "3 torch.optim", "4 custom nn.Module"):
    assert_close(torch.tensor(curves[name]), first, rtol=1e-4, atol=1e-6)
assert first[-1] < first[0] / 10  # it learned sin(pi x), not just the mean

# One set of weights, four different graphs: each depth gives a different function, all fitted.
with torch.no_grad():
    by_depth = [loss_fn(model(x, depth=depth), y).item() for depth in range(4)]
print("dynamic net, loss at depth 0/1/2/3:", " ".join(f"{loss:.4f}" for loss in by_depth))
assert max(by_depth) < curves["5 dynamic depth"][0] / 5
assert len(set(by_depth)) == 4
