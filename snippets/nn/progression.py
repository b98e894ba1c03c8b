"""From raw tensors to nn.Module in five steps: each step changes how the code is written,
not what it computes (steps 1-4 follow the same loss curve), then a net whose depth changes."""

# %% data
import torch
from torch import nn

torch.manual_seed(0)
x = torch.linspace(-1, 1, 200).unsqueeze(1)  # 200 samples, 1 feature each
y = torch.sin(torch.pi * x)
HIDDEN, LEARNING_RATE, STEPS = 16, 0.2, 300
print(f"{x.shape = }, {y.shape = }")

# %% start-weights
reference = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
start = {name: value.clone() for name, value in reference.state_dict().items()}  # (1)!
for name, value in start.items():
    print(f"{name:<9} {tuple(value.shape)}")

# %% tensors-autograd
# nn.Linear stores its weight as (out, in); x @ w1 needs (in, out), hence the transpose.
w1 = start["0.weight"].T.clone().requires_grad_()  # (1)!
b1 = start["0.bias"].clone().requires_grad_()
w2 = start["2.weight"].T.clone().requires_grad_()
b2 = start["2.bias"].clone().requires_grad_()
losses = []
for _ in range(STEPS):
    loss = ((torch.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for param in (w1, b1, w2, b2):
            param -= LEARNING_RATE * param.grad
            param.grad = None
    losses.append(loss.item())
by_hand = torch.tensor(losses)
print(f"1 tensors + autograd   loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# %% check: it learned sin(pi x), not just the mean
assert by_hand[-1] < by_hand[0] / 10

# %% sequential
model = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
model.load_state_dict(start)  # (1)!
loss_fn = nn.MSELoss()
losses = []
for _ in range(STEPS):
    loss = loss_fn(model(x), y)
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():  # (2)!
            param -= LEARNING_RATE * param.grad
    losses.append(loss.item())
print(f"2 nn.Sequential        loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# %% check: the same computation (float32 tolerance: see the note on the page)
from torch.testing import assert_close

assert_close(torch.tensor(losses), by_hand, rtol=1e-4, atol=1e-6)
model.zero_grad()  # clears by setting every .grad to None, as step 1 did by hand
assert all(param.grad is None for param in model.parameters())


# %% optim
def fit(model, optimizer):
    """The training loop from now on: forward, zero_grad, backward, step."""
    losses = []
    for _ in range(STEPS):
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # (1)!
        losses.append(loss.item())
    return losses


model = nn.Sequential(nn.Linear(1, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 1))
model.load_state_dict(start)
losses = fit(model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE))
print(f"3 torch.optim          loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# %% check
assert_close(torch.tensor(losses), by_hand, rtol=1e-4, atol=1e-6)
assert not torch.equal(model[0].weight, start["0.weight"])  # this model was trained


# %% custom-module
class TwoLayerNet(nn.Module):
    def __init__(self, hidden):
        super().__init__()  # (1)!
        self.hidden = nn.Linear(1, hidden)
        self.output = nn.Linear(hidden, 1)

    def forward(self, inputs):
        return self.output(torch.tanh(self.hidden(inputs)))


model = TwoLayerNet(HIDDEN)
# Sequential names its layers "0" and "2"; here they are called "hidden" and "output".
renamed = {"0.": "hidden.", "2.": "output."}
model.load_state_dict({renamed[name[:2]] + name[2:]: value for name, value in start.items()})
losses = fit(model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE))
print(f"4 custom nn.Module     loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# %% check
assert_close(torch.tensor(losses), by_hand, rtol=1e-4, atol=1e-6)
assert not torch.equal(model.hidden.weight, start["0.weight"])  # this model was trained
# Without the renaming, load_state_dict finds no "hidden.weight" and refuses "0.weight".
with torch.random.fork_rng():  # a throwaway net: leave the random numbers of step 5 alone
    untouched = TwoLayerNet(HIDDEN)
try:
    untouched.load_state_dict(start)
except RuntimeError as error:
    message = str(error)
assert 'Missing key(s) in state_dict: "hidden.weight"' in message
assert 'Unexpected key(s) in state_dict: "0.weight"' in message


# %% dynamic-net
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
        for _ in range(depth):  # (1)!
            hidden = torch.tanh(self.middle(hidden))
        return self.output(hidden)


model = DynamicNet(HIDDEN)
losses = fit(model, torch.optim.Adam(model.parameters(), lr=0.02))
print(f"5 dynamic depth        loss {losses[0]:.4f} -> {losses[-1]:.4f}")

# %% every-depth
with torch.no_grad():
    by_depth = [loss_fn(model(x, depth=depth), y).item() for depth in range(4)]
print("loss at depth 0/1/2/3:", " ".join(f"{loss:.4f}" for loss in by_depth))

# %% check: one set of weights, four different functions, all fitted
assert max(by_depth) < losses[0] / 5
assert len(set(by_depth)) == 4
