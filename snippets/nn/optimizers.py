"""SGD, SGD with momentum, Adam and AdamW on one problem, and what makes AdamW different."""

# %% problem
import torch
from torch import nn

torch.manual_seed(0)
# A stretched problem: the two features differ in scale by 10x, so one learning rate is
# too small for one direction and nearly too large for the other.
features = torch.randn(256, 2) * torch.tensor([1.0, 10.0])
targets = features @ torch.tensor([[2.0], [-0.3]]) + 0.5
print("standard deviation of each feature:", [round(s, 2) for s in features.std(dim=0).tolist()])


# %% train
def train(make_optimizer, steps=100):
    torch.manual_seed(1)  # the same starting weights for every optimizer
    model = nn.Linear(2, 1)
    optimizer = make_optimizer(model.parameters())
    for _ in range(steps):
        loss = nn.functional.mse_loss(model(features), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return nn.functional.mse_loss(model(features), targets).item()


# %% compare
results = {
    "SGD lr=0.005": train(lambda params: torch.optim.SGD(params, lr=0.005)),
    "SGD lr=0.005 momentum=0.9": train(
        lambda params: torch.optim.SGD(params, lr=0.005, momentum=0.9)  # (1)!
    ),
    "Adam lr=0.1": train(lambda params: torch.optim.Adam(params, lr=0.1)),  # (2)!
    "AdamW lr=0.1 weight_decay=0.01": train(
        lambda params: torch.optim.AdamW(params, lr=0.1, weight_decay=0.01)
    ),
}
for name, loss in results.items():
    print(f"{name:<32} loss after 100 steps {loss:.6f}")

# %% check
assert results["SGD lr=0.005 momentum=0.9"] < results["SGD lr=0.005"] / 1000
assert results["Adam lr=0.1"] < results["SGD lr=0.005"] / 1000
assert results["AdamW lr=0.1 weight_decay=0.01"] < results["SGD lr=0.005"] / 1000

# %% larger-step
diverged = train(lambda params: torch.optim.SGD(params, lr=0.02), steps=20)
print(f"{'SGD lr=0.02':<32} loss after 20 steps  {diverged:.3g}")

# %% check
assert diverged > 1e6

# %% weight-decay
LR, DECAY = 0.01, 0.1
after_one_step = {}
for optimizer_class in (torch.optim.Adam, torch.optim.AdamW):
    weight = nn.Parameter(torch.tensor([10.0, 0.1]))
    optimizer = optimizer_class([weight], lr=LR, weight_decay=DECAY)
    weight.grad = torch.zeros(2)  # (1)!
    optimizer.step()
    after_one_step[optimizer_class.__name__] = weight.detach()
    after = ", ".join(f"{value:.4f}" for value in weight.tolist())
    print(f"{optimizer_class.__name__:<6} one step from [10.0000, 0.1000] -> [{after}]")

# %% check
from torch.testing import assert_close

# Decoupled: the weight shrinks by the factor (1 - lr * weight_decay), whatever its size.
assert_close(after_one_step["AdamW"], torch.tensor([10.0, 0.1]) * (1 - LR * DECAY))
# L2 added to the gradient, then normalised by Adam: each weight moves by ~lr.
expected = torch.tensor([10.0 - LR, 0.1 - LR])
assert_close(after_one_step["Adam"], expected, atol=1e-6, rtol=0)

# %% param-groups
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.AdamW(
    [
        {"params": model[0].parameters(), "lr": 1e-4},  # e.g. a pretrained body: small steps
        {"params": model[2].parameters()},  # the new head uses the default below
    ],
    lr=1e-3,
)
print("learning rate per group:", [group["lr"] for group in optimizer.param_groups])

# %% check
assert [group["lr"] for group in optimizer.param_groups] == [1e-4, 1e-3]
