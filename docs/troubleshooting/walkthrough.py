# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] lang="zh"
# # 笔记本：揪出静默 bug
#
# 一次完整的排查过程：一个小分类器训练得一塌糊涂，我们不靠猜，而是**一步步测量**，
# 找出藏在训练循环里的两个 bug。第一个会让训练崩掉，修好之后准确率看起来已经很好；
# 第二个不影响准确率，却让模型输出的“概率”毫无意义——只有测量才能发现它。
# 这个笔记本在每次构建网站时都会被真正执行，每个单元格里的 `assert` 保证文字说的和代码做的一致。

# %% [markdown] lang="en"
# # Notebook: catching a silent bug
#
# A complete debugging session: a small classifier trains terribly, and instead of guessing we
# **measure, one step at a time**, until we find the two bugs hiding in the training loop. The first
# one makes training blow up; once it is fixed the accuracy already looks fine. The second one does
# not hurt the accuracy at all but makes the model's "probabilities" meaningless, and only a
# measurement reveals it. This notebook is really executed every time the site is built, and the
# `assert`s in each cell keep the text honest.

# %% [markdown] lang="zh"
# ## 数据和模型
#
# 平面上三团点，每团 100 个，各是一个类别；模型是一个小小的两层网络，输出 3 个类别的分数。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 症状：训练崩了
#
# 这是“写好的”训练循环：softmax 得到概率，取对数，用 `nll_loss` 算损失，反向传播，更新。
# 跑 150 步看看：

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# 损失变成了 `nan`，准确率是 1/3，和瞎猜一样。没有任何报错。
#
# ## 第一个测量：梯度对不对？
#
# 损失发散，最先要怀疑的是更新步长。在循环里插一句测量：
# 用 `torch.autograd.grad` 单独算出**这一步**的梯度（它不碰 `.grad`），
# 再和 `.grad` 里实际存着的值比较。两者应当相等，比值应当是 1。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# 比值一步比一步大：`.grad` 里是所有步的梯度之和。循环里少了 `optimizer.zero_grad()`，
# 于是每一步都在用越来越大的“梯度”更新参数，最终数值溢出成 `nan`。补上它再训练：


# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# 准确率超过 95%，看起来修好了。但训练的目的不只是 `argmax`：我们还想用模型给出的**概率**，
# 比如判断它对一个预测有多大把握。
#
# ## 第二个测量：概率对不对？
#
# 每个样本在 3 个类别上的概率之和必须是 1。再找一个点单独预测一次：
# 它的概率不应该取决于批次里还有没有别的点。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# 每个点的概率之和远小于 1；单独预测一个点时，三个类别的概率都是 1。问题出在 `dim=0`：
# softmax 沿着**批次**维做了归一化，把概率分给了 300 个点，而不是分给 3 个类别。
# 准确率没受影响，是因为 `accuracy` 对原始分数取 `argmax`，softmax 根本没参与。
#
# 修法是对类别维（`dim=1`）做 softmax。更简单的是直接用 `F.cross_entropy`：
# 它接收原始分数，内部对类别维做 log-softmax，数值上也更稳定。


# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# 现在概率加起来是 1，单独预测和在批次里预测的结果一致，模型对第一个点的把握也有了意义。
#
# ## 三次训练的损失曲线
#
# 注意三条曲线的损失不能直接比大小：前两次算的是“错误的概率”的损失。能看出的是：
# 第一次发散到 `nan`（曲线中断），后两次每一步都在下降。

# %% [markdown] lang="en"
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

# %% [markdown] lang="zh"
# ## 小结
#
# | 测量 | 应当是 | 发现的 bug |
# | --- | --- | --- |
# | `.grad` 与 `torch.autograd.grad` 的比值 | 1 | 忘了 `zero_grad()` |
# | 每个样本的概率之和 | 1 | softmax 沿批次维 |
# | 单独预测与批次中预测 | 相同 | softmax 沿批次维 |
#
# 更多不报错的 bug 见[不报错的 bug](../silent-bugs/)。

# %% [markdown] lang="en"
# ## Summary
#
# | Measurement | Should be | Bug it found |
# | --- | --- | --- |
# | ratio of `.grad` to `torch.autograd.grad` | 1 | forgetting `zero_grad()` |
# | each sample's probabilities, summed | 1 | softmax over the batch dimension |
# | a prediction alone vs in a batch | the same | softmax over the batch dimension |
#
# More bugs that raise nothing: [Silent bugs](../silent-bugs/).
