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
# # 笔记本：神经网络速览
#
# 把本章的要点串成一次连续的实验：搭模块 → 数参数 → 训练一个分类器 → 交叉熵的拆解 →
# `train()`/`eval()` → 卷积网络的形状 → 初始化。
# 这个笔记本在每次构建网站时都会被**真正执行**，你看到的输出就是执行结果；
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。点右上角的按钮可以下载 `.ipynb` 自己运行。

# %% [markdown] lang="en"
# # Notebook: neural network walkthrough
#
# The chapter's main points as one continuous experiment: build a module → count its parameters →
# train a classifier → take the cross-entropy apart → `train()`/`eval()` → ConvNet shapes →
# initialisation. This notebook is **really executed** at every site build, so the output you see is
# what it printed, and the `assert`s in each cell keep the text and the code in agreement. Use the
# button at the top right to download the `.ipynb` and run it yourself.

# %% [markdown] lang="zh"
# ## 一个模块和它的参数
#
# 在 `__init__` 里赋给 `self` 的层会被自动登记，`named_parameters()` 把它们全部列出来。
# 一个 `nn.Linear(a, b)` 有 $a \cdot b + b$ 个参数。

# %% [markdown] lang="en"
# ## A module and its parameters
#
# Layers assigned to `self` in `__init__` are registered automatically, and
# `named_parameters()` lists them all. An `nn.Linear(a, b)` has $a \cdot b + b$ parameters.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)


class Classifier(nn.Module):
    def __init__(self, classes=3, hidden=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Dropout(0.1))
        self.head = nn.Linear(hidden, classes)

    def forward(self, points):
        return self.head(self.body(points))  # raw logits, no softmax


model = Classifier()
assert sum(p.numel() for p in model.parameters()) == (2 * 32 + 32) + (32 * 3 + 3)
[(name, tuple(p.shape)) for name, p in model.named_parameters()]

# %% [markdown] lang="zh"
# ## 训练一个三分类器
#
# 三团二维高斯点，每团一个类别。模型输出 logits，
# `CrossEntropyLoss` 直接接收 logits 和 `int64` 类别下标。
# 训练循环就是那四步：前向、清梯度、反向、更新。

# %% [markdown] lang="en"
# ## Training a three-class classifier
#
# Three clouds of 2-D Gaussian points, one class each. The model outputs logits, and
# `CrossEntropyLoss` takes the logits and `int64` class indices directly. The training loop is the
# usual four steps: forward, clear the gradients, backward, update.

# %%
centres = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(100)
points = centres[labels] + 0.7 * torch.randn(300, 2)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
losses = []
for _ in range(100):
    loss = loss_fn(model(points), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
model.eval()
with torch.no_grad():
    logits = model(points)
accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
assert labels.dtype == torch.int64 and accuracy > 0.95
{"first loss": losses[0], "last loss": losses[-1], "accuracy": accuracy}

# %% [markdown] lang="zh"
# ## 交叉熵 = log_softmax + NLLLoss
#
# softmax 沿类别维 `dim=1`：每一行的概率和为 1。交叉熵就是真实类别的负对数概率的平均值。

# %% [markdown] lang="en"
# ## Cross-entropy = log_softmax + NLLLoss
#
# Softmax goes over the class dimension `dim=1`: the probabilities in each row add up to 1. The
# cross-entropy is the mean negative log-probability of the true class.

# %%
probabilities = F.softmax(logits, dim=1)
assert_close(probabilities.sum(dim=1), torch.ones(300))
log_probabilities = F.log_softmax(logits, dim=1)
assert_close(loss_fn(logits, labels), F.nll_loss(log_probabilities, labels))
assert_close(loss_fn(logits, labels), -log_probabilities[torch.arange(300), labels].mean())
probabilities[:3].round(decimals=3)

# %% [markdown] lang="zh"
# 把整个平面上的预测类别画出来，就能看到模型学到的决策区域：

# %% [markdown] lang="en"
# Plotting the predicted class over the whole plane shows the decision regions the model learned:

# %%
# %matplotlib inline
grid = torch.linspace(-4, 4, 150)
grid_x, grid_y = torch.meshgrid(grid, grid, indexing="xy")
with torch.no_grad():
    regions = model(torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)).argmax(dim=1)
fig, ax = plt.subplots(figsize=(4, 4))
ax.contourf(grid_x, grid_y, regions.reshape(150, 150), levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.3)
ax.scatter(points[:, 0], points[:, 1], c=labels, s=8)
ax.set_aspect("equal")
plt.show()

# %% [markdown] lang="zh"
# ## train() 与 eval()
#
# 上面训练完调用了 `eval()`，Dropout 不再起作用，同样的输入给出同样的输出；
# 切回 `train()` 后，Dropout 每次随机丢掉一部分隐藏单元，两次前向的结果不同。

# %% [markdown] lang="en"
# ## train() and eval()
#
# After training, the code above called `eval()`: Dropout is switched off and the same input gives
# the same output. Back in `train()` mode, Dropout drops a random part of the hidden units on every
# call, so two forward passes differ.

# %%
with torch.no_grad():
    assert torch.equal(model(points), model(points))  # eval: deterministic
    model.train()
    assert not torch.equal(model(points), model(points))  # train: dropout is random
model.eval()
{"model.training": model.training, "dropout.training": model.body[2].training}

# %% [markdown] lang="zh"
# ## 卷积网络的形状
#
# 3×3 卷积加 `padding=1` 保持边长，步长 2 减半；`AdaptiveAvgPool2d(1)` 把每个通道平均成一个数，
# 所以同一个网络既能处理 28×28 也能处理 64×64 的输入。


# %% [markdown] lang="en"
# ## ConvNet shapes
#
# A 3×3 convolution with `padding=1` keeps the side length and stride 2 halves it;
# `AdaptiveAvgPool2d(1)` averages each channel into one number, so the same network handles both
# 28×28 and 64×64 inputs.


# %%
def conv_block(cin, cout, stride=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


convnet = nn.Sequential(
    conv_block(1, 16),
    conv_block(16, 32, stride=2),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(32, 10),
).eval()
with torch.no_grad():
    shapes = {side: tuple(convnet(torch.randn(2, 1, side, side)).shape) for side in (28, 64)}
    features = convnet[:2](torch.randn(2, 1, 28, 28))
assert shapes == {28: (2, 10), 64: (2, 10)} and features.shape == (2, 32, 14, 14)
{"logits per input side": shapes, "after two blocks": tuple(features.shape)}

# %% [markdown] lang="zh"
# ## 初始化
#
# 用 `apply` 把 20 层 ReLU 网络的每个 `nn.Linear` 换成 `kaiming_normal_`，
# 激活值的标准差在各层基本不变。


# %% [markdown] lang="en"
# ## Initialisation
#
# `apply` switches every `nn.Linear` of a 20-layer ReLU network to `kaiming_normal_`, and the
# standard deviation of the activations stays about the same from layer to layer.


# %%
def kaiming(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        nn.init.zeros_(module.bias)


deep = nn.Sequential(*[nn.Sequential(nn.Linear(128, 128), nn.ReLU()) for _ in range(20)])
deep.apply(kaiming)
activations = torch.randn(256, 128)
stds = []
with torch.no_grad():
    for layer in deep:
        activations = layer(activations)
        stds.append(activations.std().item())
assert 0.5 < stds[-1] / stds[0] < 2  # no vanishing, no exploding
{f"layer {i + 1}": round(s, 3) for i, s in enumerate(stds) if i % 4 == 0}
