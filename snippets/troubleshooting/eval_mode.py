"""Forgetting model.eval(): dropout stays on and BatchNorm keeps using (and updating) batch
statistics. Predictions change from call to call, and a batch of one sample fails outright."""

# %% model
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(8, 2),
)
batch = torch.randn(6, 4)
model(batch)  # stands in for training: the BatchNorm running statistics are now non-trivial
print("training mode:", model.training)  # (1)!

# %% forgot-eval
running_mean_before = model[1].running_mean.clone()
with torch.no_grad():
    first, second = model(batch), model(batch)
difference = (first - second).abs().max().item()
print(f"same batch twice, largest difference {difference:.4f}")  # (1)!
moved = not torch.equal(model[1].running_mean, running_mean_before)
print("inference changed BatchNorm's running mean:", moved)

# %% single-sample
try:
    with torch.no_grad():
        model(batch[:1])
except ValueError as err:
    print("ValueError:", err)

# %% fixed
model.eval()  # (1)!
running_mean_before = model[1].running_mean.clone()
with torch.no_grad():
    first, second = model(batch), model(batch)
    alone = model(batch[:1])  # (2)!
print("two calls agree:", torch.equal(first, second))
print("running mean untouched:", torch.equal(model[1].running_mean, running_mean_before))
print("sample 0 alone:       ", alone)
print("sample 0 in the batch:", first[:1])

# %% check
torch.testing.assert_close(alone, first[:1])  # a sample's output ignores its batch-mates
