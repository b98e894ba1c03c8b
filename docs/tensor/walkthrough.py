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
# # 笔记本：张量速览
#
# 把本章的要点串成一次连续的实验：创建 → 数据类型 → 索引 → 变形 → 广播 → 归约 → NumPy。
# 这个笔记本在每次构建网站时都会被**真正执行**，你看到的输出就是执行结果；
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。点右上角的按钮可以下载 `.ipynb` 自己运行。

# %% [markdown] lang="en"
# # Notebook: tensor walkthrough
#
# The chapter's key ideas in one continuous experiment: creation → dtypes → indexing → reshaping →
# broadcasting → reductions → NumPy. This notebook is **really executed** every time the site is
# built; the outputs you see are its results, and the `assert`s in each cell keep the text honest.
# Use the button at the top right to download the `.ipynb` and run it yourself.

# %% [markdown] lang="zh"
# ## 创建
#
# `arange` 给出 0 到 11，`reshape` 把它排成 3 行 4 列。带小数点的 `12.0` 让元素类型成为 `float32`。

# %% [markdown] lang="en"
# ## Creating
#
# `arange` gives 0 to 11 and `reshape` lays them out as 3 rows of 4. The decimal point in `12.0`
# makes the elements `float32`.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

torch.manual_seed(0)
x = torch.arange(12.0).reshape(3, 4)
assert x.shape == (3, 4) and x.dtype == torch.float32
x

# %%
noise = torch.randn(2, 3)
grid = torch.linspace(0, 1, steps=5)
assert noise.shape == (2, 3) and grid[-1] == 1.0  # linspace includes the end
print(f"randn(2, 3):\n{noise}")
print(f"{grid = }")

# %% [markdown] lang="zh"
# ## 数据类型
#
# 混合运算时结果取一个共同的类型（浮点压过整数，Python 数只决定类别、不决定精度）；
# 浮点转整数是截断。

# %% [markdown] lang="en"
# ## Dtypes
#
# Mixed arithmetic gets one common dtype (a float beats an integer; a Python number sets only the
# kind, not the precision); casting a float to an integer truncates.

# %%
ints = torch.tensor([1, 2, 3])
assert (ints + 0.5).dtype == torch.float32
assert (ints / 2).dtype == torch.float32 and (ints // 2).dtype == torch.int64
assert torch.tensor([1.7, -1.7]).long().tolist() == [1, -1]
(ints + 0.5).dtype, (ints / 2), torch.result_type(ints, torch.ones(1, dtype=torch.float64))

# %% [markdown] lang="zh"
# ## 索引
#
# 切片得到视图（与原张量共用内存），布尔掩码取出满足条件的元素，`torch.where` 逐元素二选一。

# %% [markdown] lang="en"
# ## Indexing
#
# A slice is a view (it shares memory with the original), a boolean mask picks the matching
# elements, and `torch.where` chooses between two values element by element.

# %%
column = x[:, 1]
assert column.data_ptr() == x[0, 1].data_ptr()  # a view starts inside x's memory
big = x[x > 8]
assert big.tolist() == [9.0, 10.0, 11.0]
clipped = torch.where(x > 8, 8.0, x)
assert clipped.max() == 8.0
big, clipped

# %%
scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
labels = torch.tensor([1, 0])
picked = scores.gather(1, labels.unsqueeze(1)).squeeze(1)
assert torch.equal(picked, scores[torch.arange(2), labels])
picked

# %% [markdown] lang="zh"
# ## 变形与拼接
#
# `view` 从不复制数据，摊平转置后的张量要用 `reshape`；`permute` 把 NCHW 变成 NHWC；
# `stack` 新增一维，`cat` 不会。

# %% [markdown] lang="en"
# ## Reshaping and joining
#
# `view` never copies, so flattening a transposed tensor takes `reshape`; `permute` turns NCHW into
# NHWC; `stack` adds a dimension, `cat` does not.

# %%
t = x.t()
assert not t.is_contiguous()
flat = t.reshape(-1)
assert flat[:3].tolist() == [0.0, 4.0, 8.0] and flat.data_ptr() != x.data_ptr()  # copied
images = torch.zeros(8, 3, 32, 32)
assert images.permute(0, 2, 3, 1).shape == (8, 32, 32, 3)
assert torch.stack([x, x]).shape == (2, 3, 4) and torch.cat([x, x]).shape == (6, 4)
flat

# %% [markdown] lang="zh"
# ## 广播与矩阵乘法
#
# 形状从右往左对齐，大小为 1 的维度被拉伸。一行加一列得到一张表；`@` 是矩阵乘法，`*` 是逐元素乘法。

# %% [markdown] lang="en"
# ## Broadcasting and matrix products
#
# Shapes are aligned from the right and size-1 dimensions stretch: a row plus a column gives a
# table. `@` is the matrix product; `*` multiplies element by element.

# %%
row = torch.arange(4.0)[None, :]  # (1, 4)
col = torch.arange(3.0)[:, None] * 10  # (3, 1)
table = row + col
assert table.shape == (3, 4) and torch.broadcast_shapes(row.shape, col.shape) == (3, 4)
assert (x @ x.T).shape == (3, 3) and (x * x).shape == (3, 4)
table

# %% [markdown] lang="zh"
# 广播也能一次算出整张网格上的函数值，比如每个点到中心的距离，再用 matplotlib 画出来：

# %% [markdown] lang="en"
# Broadcasting also evaluates a function on a whole grid at once, such as each point's distance
# from the centre, which matplotlib can then draw:

# %%
# %matplotlib inline
coords = torch.linspace(-1, 1, 64)
distance = (coords[None, :] ** 2 + coords[:, None] ** 2).sqrt()
assert distance.shape == (64, 64)
fig, ax = plt.subplots(figsize=(3, 3))
ax.imshow(distance.numpy(), cmap="viridis")
ax.set_axis_off()
plt.show()

# %% [markdown] lang="zh"
# ## 归约
#
# `dim` 指定的维度会消失，`keepdim=True` 把它保留为 1。`var` 默认是无偏估计（`correction=1`）：
#
# $$
# \operatorname{var}(x) = \frac{1}{n-1} \sum_{i=1}^{n} (x_i - \bar{x})^2
# $$

# %% [markdown] lang="en"
# ## Reductions
#
# The `dim` you reduce over disappears, and `keepdim=True` keeps it with size 1. `var` is unbiased
# by default (`correction=1`):
#
# $$
# \operatorname{var}(x) = \frac{1}{n-1} \sum_{i=1}^{n} (x_i - \bar{x})^2
# $$

# %%
assert x.sum(dim=0).shape == (4,) and x.sum(dim=1, keepdim=True).shape == (3, 1)
values, indices = x.max(dim=1)
assert indices.tolist() == [3, 3, 3]
v = torch.tensor([1.0, 2.0, 3.0, 4.0])
assert torch.isclose(v.var(), ((v - v.mean()) ** 2).sum() / (len(v) - 1))
x.mean(dim=0), values, v.var(), v.var(correction=0)

# %% [markdown] lang="zh"
# ## 与 NumPy 互通
#
# `torch.from_numpy` 与数组共用内存，`torch.tensor` 则复制一份；NumPy 的默认浮点类型是 `float64`。

# %% [markdown] lang="en"
# ## NumPy interop
#
# `torch.from_numpy` shares memory with the array, while `torch.tensor` copies; NumPy's default
# float type is `float64`.

# %%
array = np.zeros(3)
shared = torch.from_numpy(array)
copied = torch.tensor(array)
array[0] = 42.0
assert shared[0] == 42.0 and copied[0] == 0.0
assert shared.dtype == torch.float64
shared, copied, shared.float().dtype
