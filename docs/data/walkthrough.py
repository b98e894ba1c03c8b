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
# # 笔记本：数据加载速览
#
# 把本章的要点串成一次连续的实验：自定义数据集 → 划分 → DataLoader → 补齐变长序列 →
# 加权采样 → 归一化统计量。
# 这个笔记本在每次构建网站时都会被**真正执行**，你看到的输出就是执行结果；
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。点右上角的按钮可以下载 `.ipynb` 自己运行。
# 为了在任何机器上都能直接运行，这里用的是随机生成的小数据集，也不开多进程（`num_workers=0`）。

# %% [markdown] lang="en"
# # Notebook: data loading walkthrough
#
# The chapter's key ideas in one continuous experiment: a custom dataset → splitting → DataLoader →
# padding variable-length sequences → weighted sampling → normalisation statistics. This notebook is
# **really executed** every time the site is built; the outputs you see are its results, and the
# `assert`s in each cell keep the text honest. Use the button at the top right to download the
# `.ipynb` and run it yourself. So that it runs anywhere as it is, it uses a small generated dataset
# and no worker processes (`num_workers=0`).

# %% [markdown] lang="zh"
# ## 自定义数据集
#
# 一个映射式数据集只需要 `__len__` 和 `__getitem__`。数据是一个 NumPy 数组：
# 三类二维点，数量是 600 : 60 : 6，故意很不平衡。

# %% [markdown] lang="en"
# ## A custom dataset
#
# A map-style dataset needs only `__len__` and `__getitem__`. The data is a NumPy array of 2-D
# points in three classes of 600 : 60 : 6, deliberately imbalanced.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset, WeightedRandomSampler, random_split

torch.manual_seed(0)
rng = np.random.default_rng(0)
class_sizes = [600, 60, 6]
centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
points = np.concatenate(
    [rng.normal(c, 0.5, size=(n, 2)) for c, n in zip(centres, class_sizes, strict=True)]
)
point_labels = np.repeat(np.arange(3), class_sizes)


class Points(Dataset):
    def __init__(self, features, labels):
        self.features = torch.as_tensor(features, dtype=torch.float32)
        self.labels = torch.as_tensor(labels)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]


dataset = Points(points, point_labels)
assert len(dataset) == 666 and dataset[0][0].shape == (2,)
len(dataset), dataset[0]

# %% [markdown] lang="zh"
# ## 带种子的划分
#
# `random_split` 用自己的 `Generator`，同样的种子给出同样的划分，训练集和验证集互不重叠。

# %% [markdown] lang="en"
# ## A seeded split
#
# `random_split` with its own `Generator`: the same seed gives the same split, and the training and
# validation sets never overlap.

# %%
train_set, val_set = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
again, _ = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
assert again.indices == train_set.indices
assert set(train_set.indices).isdisjoint(val_set.indices)
len(train_set), len(val_set), val_set.indices[:5]

# %% [markdown] lang="zh"
# ## DataLoader
#
# 批的形状是 `(batch_size, *样本形状)`；最后一批可能不满。
# 给 `shuffle=True` 配一个专用的 `generator`，每轮的顺序就可以复现。

# %% [markdown] lang="en"
# ## DataLoader
#
# A batch has shape `(batch_size, *sample_shape)`, and the last one may be short. Pairing
# `shuffle=True` with a dedicated `generator` makes every epoch's order repeatable.

# %%
loader = DataLoader(
    train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)
x, y = next(iter(loader))
assert x.shape == (64, 2) and y.shape == (64,)
sizes = [len(y) for _, y in loader]
assert sum(sizes) == len(train_set) and sizes[-1] == len(train_set) % 64
replay = DataLoader(
    train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)
assert torch.equal(next(iter(replay))[1], y)
x.shape, sizes

# %% [markdown] lang="zh"
# ## 补齐变长序列
#
# 默认的 `collate_fn` 只会 `stack`，长度不同就失败。
# 自己的 `collate_fn` 用 `pad_sequence` 补齐，并返回长度和掩码。

# %% [markdown] lang="en"
# ## Padding variable-length sequences
#
# The default `collate_fn` can only `stack`, which fails for different lengths. A `collate_fn` of
# our own pads with `pad_sequence` and also returns the lengths and a mask.

# %%
sequences = [torch.arange(1, n + 1) for n in (3, 1, 4, 2)]


def pad_batch(batch):
    lengths = torch.tensor([len(s) for s in batch])
    padded = pad_sequence(batch, batch_first=True, padding_value=0)
    mask = torch.arange(padded.shape[1]) < lengths[:, None]
    return padded, lengths, mask


padded, lengths, mask = next(iter(DataLoader(sequences, batch_size=4, collate_fn=pad_batch)))
assert padded.shape == (4, 4) and torch.equal(mask.sum(dim=1), lengths)
assert torch.equal(padded[mask], torch.cat(sequences))  # the mask picks exactly the real tokens
padded

# %% [markdown] lang="zh"
# ## 加权采样
#
# 每个样本的权重取所属类别样本数的倒数，`WeightedRandomSampler` 有放回地抽样后，
# 三类出现得差不多一样多。
# 左边是普通打乱，右边是加权采样，都是实际抽出来的一轮数据里各类的比例。

# %% [markdown] lang="en"
# ## Weighted sampling
#
# With each sample weighted by one over its class size, `WeightedRandomSampler` draws with
# replacement and the three classes come out about equally often. Left: plain shuffling; right:
# weighted sampling; both show the class shares in an epoch that was actually drawn.

# %%
counts = torch.bincount(dataset.labels)
weights = 1.0 / counts[dataset.labels].double()
sampler = WeightedRandomSampler(weights, len(dataset), generator=torch.Generator().manual_seed(0))
shuffled = DataLoader(
    dataset, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)
balanced = DataLoader(dataset, batch_size=64, sampler=sampler)


def shares(loader):
    drawn = torch.cat([y for _, y in loader])
    return torch.bincount(drawn, minlength=3) / len(drawn)


plain, weighted = shares(shuffled), shares(balanced)
assert plain[2] < 0.01 and ((weighted - 1 / 3).abs() < 0.06).all()
fig, axes = plt.subplots(1, 2, figsize=(6, 2.4), sharey=True)
for ax, share, title in zip(
    axes, (plain, weighted), ("shuffle=True", "WeightedRandomSampler"), strict=True
):
    ax.bar(["0", "1", "2"], share.numpy(), color="tab:orange")
    ax.set_title(title)
axes[0].set_ylabel("share of samples")
plt.show()

# %% [markdown] lang="zh"
# ## 归一化统计量
#
# 按批累加和与平方和，一遍就能算出整个训练集每个特征的均值和标准差（对放不进内存的数据也适用），
# 结果与一次性计算一致。统计量只用训练集来算。

# %% [markdown] lang="en"
# ## Normalisation statistics
#
# Accumulating sums and sums of squares batch by batch gives each feature's mean and std over the
# whole training set in one pass (which also works for data that does not fit in memory), matching
# the one-shot computation. The statistics come from the training set only.

# %%
total = torch.zeros(2, dtype=torch.float64)
total_of_squares = torch.zeros(2, dtype=torch.float64)
count = 0
for x, _ in DataLoader(train_set, batch_size=100):
    total += x.double().sum(dim=0)
    total_of_squares += (x.double() ** 2).sum(dim=0)
    count += len(x)
mean = total / count
std = (total_of_squares / count - mean**2).sqrt()
train_features = dataset.features[train_set.indices].double()
torch.testing.assert_close(mean, train_features.mean(dim=0))
torch.testing.assert_close(std, train_features.std(dim=0, correction=0))
normalized = (train_features - mean) / std
torch.testing.assert_close(normalized.mean(dim=0), torch.zeros(2, dtype=torch.float64))
mean, std
