# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Notebook: catching a silent bug
#
# A complete debugging session: a small classifier trains terribly, and instead of guessing we
# **measure, one step at a time**, until we find the two bugs hiding in the training loop. The first
# one makes training blow up; once it is fixed the accuracy already looks fine. The second one does
# not hurt the accuracy at all but makes the model's "probabilities" meaningless, and only a
# measurement reveals it. This notebook is really executed every time the site is built, and the
# `assert`s in each cell keep the text honest.

# %% [markdown]
# ## Data and model
#
# Three clouds of 100 points in the plane, one class each; the model is a tiny two-layer network
# that outputs a score for each of the 3 classes.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
centres = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(100)
points = centres[labels] + 0.7 * torch.randn(300, 2)


def make_model():
    torch.manual_seed(1)  # every run below starts from the same weights
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))


def accuracy(model):
    with torch.no_grad():
        return (model(points).argmax(dim=1) == labels).float().mean().item()


assert points.shape == (300, 2) and labels.bincount().tolist() == [100, 100, 100]
points.shape, labels.shape

# %% [markdown]
# ## The symptom: training blows up
#
# Here is the training loop "as written": softmax to get probabilities, take the log, compute the
# loss with `nll_loss`, backward, update. Let us run it for 150 steps:

# %%
STEPS = 150


def train_as_written(model):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(STEPS):
        probabilities = torch.softmax(model(points), dim=0)
        loss = F.nll_loss(torch.log(probabilities), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


model = make_model()
losses_as_written = train_as_written(model)
assert torch.tensor(losses_as_written).isnan().any()  # the loss ends up as nan
assert round(accuracy(model), 3) == 0.333  # no better than guessing one of three classes
print(f"first loss {losses_as_written[0]:.3f}, last loss {losses_as_written[-1]}")
print(f"accuracy {accuracy(model):.3f}")

# %% [markdown]
# The loss turned into `nan` and the accuracy is 1/3, no better than guessing. Not a single error.
#
# ## First measurement: is the gradient right?
#
# When the loss diverges, the size of the updates is the first suspect. Add a measurement to the
# loop: compute **this step's** gradient on its own with `torch.autograd.grad` (which leaves `.grad`
# alone) and compare it with what `.grad` actually holds. They should be equal: a ratio of 1.

# %%
model = make_model()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
ratios = []
for _ in range(4):
    probabilities = torch.softmax(model(points), dim=0)
    loss = F.nll_loss(torch.log(probabilities), labels)
    (this_step,) = torch.autograd.grad(loss, model[0].weight, retain_graph=True)
    loss.backward()
    ratios.append(round((model[0].weight.grad.norm() / this_step.norm()).item(), 2))
    optimizer.step()
assert ratios[0] == 1.0 and ratios[-1] > 3
ratios

# %% [markdown]
# The ratio grows step by step: `.grad` holds the sum of every step's gradient. The loop is missing
# `optimizer.zero_grad()`, so each update uses an ever larger "gradient" until the numbers overflow
# into `nan`. Add it and train again:


# %%
def train_with_zero_grad(model):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        probabilities = torch.softmax(model(points), dim=0)
        loss = F.nll_loss(torch.log(probabilities), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


model = make_model()
losses_with_zero_grad = train_with_zero_grad(model)
assert accuracy(model) > 0.95
print(f"accuracy {accuracy(model):.3f}")

# %% [markdown]
# Above 95% accuracy: it looks fixed. But a model is not only its `argmax`: we also want its
# **probabilities**, for instance to know how sure it is of a prediction.
#
# ## Second measurement: are the probabilities right?
#
# Each sample's probabilities over the 3 classes must add up to 1. And predict one point on its own:
# its probabilities should not depend on whether other points share its batch.

# %%
with torch.no_grad():
    probabilities = torch.softmax(model(points), dim=0)
    one_point = torch.softmax(model(points[:1]), dim=0)
per_sample_sums = probabilities.sum(dim=1)
assert per_sample_sums.max() < 0.1  # far below 1 for every point
assert torch.equal(one_point, torch.ones(1, 3))
per_sample_sums[:5], one_point

# %% [markdown]
# Each point's probabilities add up to far less than 1, and a point predicted on its own gets
# probability 1 for all three classes. The culprit is `dim=0`: the softmax normalised along the
# **batch** dimension, sharing the probability out between 300 points instead of between 3 classes.
# The accuracy did not suffer because `accuracy` takes the `argmax` of the raw scores, where the
# softmax plays no part.
#
# The fix is a softmax over the class dimension (`dim=1`). Simpler still is `F.cross_entropy`: it
# takes raw scores, applies a log-softmax over the classes internally, and is numerically more
# stable.


# %%
def train_fixed(model):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(points), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


model = make_model()
losses_fixed = train_fixed(model)
with torch.no_grad():
    probabilities = torch.softmax(model(points), dim=1)
    one_point = torch.softmax(model(points[:1]), dim=1)
torch.testing.assert_close(probabilities.sum(dim=1), torch.ones(300))
torch.testing.assert_close(one_point, probabilities[:1])  # alone or in a batch: the same
assert accuracy(model) > 0.95
print(f"accuracy {accuracy(model):.3f}")
one_point

# %% [markdown]
# Now the probabilities add up to 1, a point gets the same prediction alone or in a batch, and the
# model's confidence about the first point means something.
#
# ## The loss curves of the three runs
#
# The three losses cannot be compared directly: the first two are losses of the wrong
# probabilities. What the plot does show is that the first run diverges to `nan` (the curve stops)
# while the other two go down at every step.

# %%
# %matplotlib inline
fig, ax = plt.subplots(figsize=(6, 3))
for later_run in (losses_with_zero_grad, losses_fixed):  # both go down at every step
    assert (torch.tensor(later_run).diff() < 0).all()
ax.plot(losses_as_written, label="as written")
ax.plot(losses_with_zero_grad, label="+ zero_grad()")
ax.plot(losses_fixed, label="+ softmax over classes")
ax.set_xlabel("step")
ax.set_ylabel("loss")
ax.legend()
plt.show()

# %% [markdown]
# ## Summary
#
# | Measurement | Should be | Bug it found |
# | --- | --- | --- |
# | ratio of `.grad` to `torch.autograd.grad` | 1 | forgetting `zero_grad()` |
# | each sample's probabilities, summed | 1 | softmax over the batch dimension |
# | a prediction alone vs in a batch | the same | softmax over the batch dimension |
#
# More bugs that raise nothing: [Silent bugs](../silent-bugs/).
