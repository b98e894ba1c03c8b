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
# # 笔记本：微调速览
#
# 用一个 ResNet-18 把本章走一遍：保存与加载 → 换分类头并部分加载 → 冻结主干训练一步 →
# 分层学习率 → 推理与导出。这个笔记本在每次构建网站时都会被**真正执行**，
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。
#
# 这里不联网，所以用随机初始化的 `resnet18(weights=None)` 代替预训练模型；
# 在你自己的机器上，可以从 ImageNet 权重出发：把 `source = resnet18(weights=None)` 换成
# `resnet18(weights=ResNet18_Weights.DEFAULT)`，并从 `torchvision.models` 导入 `ResNet18_Weights`。
# 这里练的是做法；真正从 ImageNet 权重出发微调、并和从零训练比出差距，
# 见[用真实的预训练权重微调](../pretrained/)。

# %% [markdown] lang="en"
# # Notebook: fine-tuning walkthrough
#
# The whole chapter on one ResNet-18: save and load → new head with a partial load → one step
# with a frozen backbone → per-layer learning rates → inference and export. This notebook is
# **really executed** on every site build, and the `assert` in each cell keeps the text honest.
#
# The build has no internet, so a randomly initialised `resnet18(weights=None)` stands in for the
# pretrained model. On your own machine you can start from the ImageNet weights: change
# `source = resnet18(weights=None)` to `resnet18(weights=ResNet18_Weights.DEFAULT)` and import
# `ResNet18_Weights` from `torchvision.models`. This notebook practises the steps; fine-tuning real
# ImageNet weights and measuring the gain over training from scratch is on
# [Fine-tuning real pretrained weights](../pretrained/).

# %% [markdown] lang="zh"
# ## 保存与加载
#
# `state_dict()` 是“参数名 → 张量”的有序字典，BatchNorm 的滑动统计量这类缓冲区（buffer）也在里面。
# 保存它、在代码里重新建模型、再用 `weights_only=True` 读回来，输出完全一致。

# %% [markdown] lang="en"
# ## Save and load
#
# `state_dict()` is an ordered mapping from names to tensors, BatchNorm's running statistics
# (buffers) included. Save it, rebuild the model in code, read it back with `weights_only=True`,
# and the outputs are identical.

# %%
import io

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision.models import resnet18

torch.manual_seed(0)
source = resnet18(weights=None).eval()
state = source.state_dict()
assert "bn1.running_mean" in state and "fc.weight" in state

buffer = io.BytesIO()  # a file on disk works the same way: torch.save(state, "model.pt")
torch.save(state, buffer)
buffer.seek(0)
restored = resnet18(weights=None).eval()
restored.load_state_dict(torch.load(buffer, weights_only=True))

images = torch.randn(2, 3, 64, 64)
with torch.inference_mode():
    assert torch.equal(restored(images), source(images))
len(state), list(state)[:5]

# %% [markdown] lang="zh"
# ## 换分类头，只加载能用的部分
#
# 新任务只有 3 类：把 `fc` 换成 3 个输出。原来的 1000 类分类头形状对不上，按形状过滤掉，
# 用 `strict=False` 加载，再检查 `missing_keys` 是否恰好只有新的分类头。

# %% [markdown] lang="en"
# ## A new head, and loading only what fits
#
# The new task has 3 classes, so `fc` gets 3 outputs. The old 1000-class head no longer fits: filter
# it out by shape, load with `strict=False`, and check that `missing_keys` is exactly the new head.

# %%
model = resnet18(weights=None)
model.fc = nn.Linear(model.fc.in_features, 3)
target = model.state_dict()
fits = {k: v for k, v in state.items() if v.shape == target[k].shape}
result = model.load_state_dict(fits, strict=False)
assert result.missing_keys == ["fc.weight", "fc.bias"] and not result.unexpected_keys
assert torch.equal(model.conv1.weight, source.conv1.weight)
result

# %% [markdown] lang="zh"
# ## 冻结主干，只训练分类头
#
# `requires_grad_(False)` 让主干不再算梯度，优化器只拿可训练的参数；BatchNorm 层切到 `eval()`，
# 它们的滑动统计量才不会被新数据改掉。训练一步之后，变了的只有 `fc`。

# %% [markdown] lang="en"
# ## Freeze the backbone, train the head
#
# `requires_grad_(False)` stops gradients for the backbone and the optimizer only gets the trainable
# parameters; the BatchNorm layers go to `eval()` so that new data cannot shift their running
# statistics. After one step, only `fc` has changed.

# %%
model.requires_grad_(False)
model.fc.requires_grad_(True)
optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)

model.train()
for module in model.modules():
    if isinstance(module, nn.BatchNorm2d):
        module.eval()

before = {k: v.clone() for k, v in model.state_dict().items()}
labels = torch.tensor([0, 2])
loss = nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()
changed = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
assert changed == ["fc.weight", "fc.bias"]
changed

# %% [markdown] lang="zh"
# ## 解冻后用分层学习率
#
# 分类头学得差不多以后，可以解冻全部参数，但给主干一个小得多的学习率。
# 下图是每个参数张量在一步 SGD 中的最大改动：
# 主干（学习率 1e-4）的改动比分类头（1e-2）小一个数量级以上。

# %% [markdown] lang="en"
# ## Unfreeze, with per-layer learning rates
#
# Once the head has settled, unfreeze everything but give the backbone a much smaller learning
# rate. The plot shows the largest change of each parameter tensor in one SGD step: the backbone
# (lr 1e-4) moves more than ten times less than the head (lr 1e-2).

# %%
model.requires_grad_(True)
head_names = {"fc.weight", "fc.bias"}
optimizer = torch.optim.SGD(
    [
        {"params": [p for n, p in model.named_parameters() if n not in head_names], "lr": 1e-4},
        {"params": [model.fc.weight, model.fc.bias], "lr": 1e-2},
    ]
)
before = {n: p.detach().clone() for n, p in model.named_parameters()}
model.train()
loss = nn.functional.cross_entropy(model(images), labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()
steps = {n: (p.detach() - before[n]).abs().max().item() for n, p in model.named_parameters()}
assert all(size > 0 for size in steps.values())  # everything learns now
assert max(steps[n] for n in steps if n not in head_names) < steps["fc.weight"] / 10

# %%
# %matplotlib inline
fig, ax = plt.subplots(figsize=(6, 2.5))
ax.bar(
    range(len(steps)),
    list(steps.values()),
    color=["C1" if n in head_names else "C0" for n in steps],
)
ax.set_yscale("log")
ax.set_xlabel("parameter tensor (conv1 ... fc)")
ax.set_ylabel("largest change")
plt.show()

# %% [markdown] lang="zh"
# ## 准备推理：`eval()`、`inference_mode()` 与 `torch.export`
#
# 推理前先 `eval()`，再在 `torch.inference_mode()` 里前向计算。
# `torch.export` 把计算图和权重一起导出，导出的程序与即时执行（eager）模式给出相同的输出，
# 还能接受不同的批大小。

# %% [markdown] lang="en"
# ## Ready for inference: `eval()`, `inference_mode()` and `torch.export`
#
# Call `eval()` first, then run the forward pass inside `torch.inference_mode()`. `torch.export`
# captures the graph together with the weights; the exported program gives the same outputs as
# eager mode and accepts other batch sizes.

# %%
model.eval()
with torch.inference_mode():
    eager = model(images)
assert not eager.requires_grad

batch = torch.export.Dim("batch", min=1, max=64)
exported = torch.export.export(model, (images,), dynamic_shapes={"x": {0: batch}})
program = exported.module()
with torch.inference_mode():
    torch.testing.assert_close(program(images), eager)
    assert program(torch.randn(5, 3, 64, 64)).shape == (5, 3)
eager.argmax(dim=1)
