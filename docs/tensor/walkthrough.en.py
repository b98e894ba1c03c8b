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
# # Notebook: tensor walkthrough
#
# The chapter's key ideas in one continuous experiment. This notebook is **really executed**
# every time the site is built; the outputs you see are its results.

# %%
import torch

torch.manual_seed(0)
x = torch.arange(12.0).reshape(3, 4)
x

# %% [markdown]
# A formula: the mean $\bar{x} = \frac{1}{n}\sum_i x_i$.

# %%
assert x.mean().item() == 5.5
x.mean(dim=0)
