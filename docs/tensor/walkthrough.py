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
# # 笔记本：张量速览
#
# 把本章的要点串成一次连续的实验。这个笔记本在每次构建网站时都会被**真正执行**，
# 你看到的输出就是执行结果。

# %%
import torch

torch.manual_seed(0)
x = torch.arange(12.0).reshape(3, 4)
x

# %% [markdown]
# 公式示例：均值 $\bar{x} = \frac{1}{n}\sum_i x_i$。

# %%
assert x.mean().item() == 5.5
x.mean(dim=0)
