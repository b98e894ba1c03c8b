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
# # 笔记本：自动求导速览
#
# 把本章的要点串成一次连续的实验：叶子与 `.grad` → 梯度累加 → 向量–雅可比积 → 高阶导数 →
# 停止追踪 → 自定义 `Function` → 用梯度下降拟合一条直线。
# 这个笔记本在每次构建网站时都会被**真正执行**，你看到的输出就是执行结果；
# 每个单元格里的 `assert` 保证文字说的和代码做的一致。点右上角的按钮可以下载 `.ipynb` 自己运行。

# %% [markdown] lang="en"
# # Notebook: autograd walkthrough
#
# The chapter's key ideas in one continuous experiment: leaves and `.grad` → accumulating
# gradients → vector-Jacobian products → higher derivatives → turning tracking off → a custom
# `Function` → fitting a line with gradient descent. This notebook is **really executed** every
# time the site is built; the outputs you see are its results, and the `assert`s in each cell keep
# the text honest. Use the button at the top right to download the `.ipynb` and run it yourself.

# %% [markdown] lang="zh"
# ## 叶子与 `.grad`
#
# 需要梯度的叶子张量经过运算得到非叶子张量；`backward()` 之后，梯度只出现在叶子的 `.grad` 里。
# $\sum_i x_i^2$ 对 $x$ 的梯度是 $2x$。

# %% [markdown] lang="en"
# ## Leaves and `.grad`
#
# A leaf that requires grad produces non-leaf results; after `backward()` the gradient appears only
# in the leaf's `.grad`. The gradient of $\sum_i x_i^2$ with respect to $x$ is $2x$.

# %%
import matplotlib.pyplot as plt
import torch
from torch.autograd.functional import jacobian
from torch.testing import assert_close

torch.manual_seed(0)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x**2).sum()
assert x.is_leaf and not y.is_leaf and y.grad_fn is not None
y.backward()
assert_close(x.grad, 2 * x.detach())
x.grad

# %% [markdown] lang="zh"
# ## 梯度会累加
#
# 再做一次 `backward()`，梯度不是被覆盖而是被加上去；所以训练时每一步都要先清零。

# %% [markdown] lang="en"
# ## Gradients add up
#
# A second `backward()` adds to the gradient instead of overwriting it, which is why training clears
# the gradients before every step.

# %%
(x**2).sum().backward()
assert_close(x.grad, 4 * x.detach())  # 2x + 2x
accumulated = x.grad.clone()
x.grad = None  # what optimizer.zero_grad() does by default
(x**2).sum().backward()
assert_close(x.grad, 2 * x.detach())
accumulated, x.grad

# %% [markdown] lang="zh"
# ## 向量–雅可比积
#
# 对向量输出调用 `backward(gradient=v)` 得到 $v^\top J$。
# 累加和 `cumsum` 的雅可比矩阵是一个下三角全 1 矩阵，
# 所以 $v^\top J$ 的第 $j$ 项是 $v_j + v_{j+1} + \dots$，即把 $v$ 从后往前累加。

# %% [markdown] lang="en"
# ## Vector-Jacobian products
#
# `backward(gradient=v)` on a vector output gives $v^\top J$. The Jacobian of the running sum
# `cumsum` is a lower-triangular matrix of ones, so entry $j$ of $v^\top J$ is
# $v_j + v_{j+1} + \dots$: $v$ summed from the back.

# %%
x.grad = None
v = torch.tensor([1.0, 10.0, 100.0])
x.cumsum(dim=0).backward(gradient=v)
J = jacobian(lambda t: t.cumsum(dim=0), x.detach())
assert torch.equal(J, torch.ones(3, 3).tril())
assert_close(x.grad, v @ J)
assert_close(x.grad, v.flip(0).cumsum(0).flip(0))  # sums of v from the back
J, x.grad

# %% [markdown] lang="zh"
# ## 高阶导数
#
# `create_graph=True` 让一阶导数本身也带着计算图，可以继续求导。对 $\tanh$ 有
# $\tanh' = 1 - \tanh^2$，$\tanh'' = -2\tanh\,(1 - \tanh^2)$，和 autograd 的结果画在一起：

# %% [markdown] lang="en"
# ## Higher derivatives
#
# `create_graph=True` gives the first derivative a graph of its own, so it can be differentiated
# again. For $\tanh$, $\tanh' = 1 - \tanh^2$ and $\tanh'' = -2\tanh\,(1 - \tanh^2)$; here they are
# as autograd computes them:

# %%
# %matplotlib inline
grid = torch.linspace(-3, 3, 121, requires_grad=True)
values = torch.tanh(grid)
(first,) = torch.autograd.grad(values.sum(), grid, create_graph=True)
(second,) = torch.autograd.grad(first.sum(), grid)
t = values.detach()
assert_close(first.detach(), 1 - t**2)
assert_close(second, -2 * t * (1 - t**2))

fig, ax = plt.subplots(figsize=(5, 3))
for curve, label in [(values, "tanh"), (first, "tanh'"), (second, "tanh''")]:
    ax.plot(grid.detach(), curve.detach(), label=label)
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 停止追踪
#
# `no_grad` 里的结果不需要梯度；`detach()` 得到共用数据的常数；
# 需要梯度的张量要先 `detach()` 才能 `.numpy()`。

# %% [markdown] lang="en"
# ## Turning tracking off
#
# Results computed under `no_grad` do not require grad; `detach()` gives a constant that shares the
# data; a tensor that requires grad must be detached before `.numpy()`.

# %%
w = torch.tensor([2.0, -1.0], requires_grad=True)
with torch.no_grad():
    doubled = w * 2
assert not doubled.requires_grad
(w * w.detach()).sum().backward()
assert_close(w.grad, w.detach())  # w.detach() is a constant: d(w * c)/dw = c
w.detach().numpy(), doubled

# %% [markdown] lang="zh"
# ## 自定义 `Function`
#
# 自己写 `forward` 和 `backward`，用 `ctx.save_for_backward` 保存反向要用的张量，
# 再用 `gradcheck` 在 `float64` 下和有限差分对比。


# %% [markdown] lang="en"
# ## A custom `Function`
#
# Write `forward` and `backward` yourself, keep what the backward pass needs with
# `ctx.save_for_backward`, then compare with finite differences using `gradcheck` in `float64`.


# %%
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t**3

    @staticmethod
    def backward(ctx, grad_output):
        (t,) = ctx.saved_tensors
        return grad_output * 3 * t**2


inputs = torch.randn(5, dtype=torch.float64, requires_grad=True)
passed = torch.autograd.gradcheck(Cube.apply, (inputs,))
assert passed
assert_close(Cube.apply(inputs), inputs**3)
passed

# %% [markdown] lang="zh"
# ## 梯度下降拟合直线
#
# 数据来自 $y = 2x + 1$ 加一点噪声。只用 autograd 和手写更新，让 $w$、$b$ 从 0 出发，
# 200 步后接近 2 和 1。用 `nn.Linear` 和 `torch.optim` 训练时，框架替你做的就是这几件事。

# %% [markdown] lang="en"
# ## Fitting a line with gradient descent
#
# The data come from $y = 2x + 1$ plus a little noise. With nothing but autograd and a hand-written
# update, $w$ and $b$ start at 0 and end up close to 2 and 1 after 200 steps. This is what
# `nn.Linear` and `torch.optim` do for you when you train with them.

# %%
features = torch.linspace(-1, 1, 50)
targets = 2 * features + 1 + 0.1 * torch.randn(50)
weight = torch.zeros((), requires_grad=True)
bias = torch.zeros((), requires_grad=True)
losses = []
for _ in range(200):
    loss = ((weight * features + bias - targets) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for param in (weight, bias):
            param -= 0.1 * param.grad
            param.grad = None
    losses.append(loss.item())
assert abs(weight.item() - 2) < 0.1 and abs(bias.item() - 1) < 0.1
assert losses[-1] < losses[0] / 50

fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(losses)
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("loss")
plt.show()
weight.item(), bias.item()
