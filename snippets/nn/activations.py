"""Activation functions side by side: their curves, their slopes, and the identities behind them."""

import math
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.testing import assert_close

x = (torch.arange(-400, 401) / 100).requires_grad_()  # -4 to 4 in steps of 0.01; x[400] = 0
activations = {
    "ReLU": nn.ReLU(),
    "LeakyReLU(0.1)": nn.LeakyReLU(0.1),
    "ELU": nn.ELU(),
    "GELU": nn.GELU(),
    "SiLU": nn.SiLU(),
    "Softplus": nn.Softplus(),
    "Sigmoid": nn.Sigmoid(),
    "Tanh": nn.Tanh(),
}

values, slopes = {}, {}
for name, activation in activations.items():
    y = activation(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # (1)!
    values[name], slopes[name] = y.detach(), slope
    left, right, left_slope = y[200].item(), y[600].item(), slope[200].item()
    print(f"{name:<15} f(-2) = {left:+.4f}   f(2) = {right:+.4f}   f'(-2) = {left_slope:+.4f}")

inputs = x.detach()
assert_close(values["ReLU"], inputs.clamp(min=0))
assert (slopes["ReLU"][inputs < 0] == 0).all()  # (2)!
for name in ("LeakyReLU(0.1)", "ELU", "GELU", "SiLU"):  # these keep a slope below 0
    assert slopes[name][inputs < 0].abs().max() > 0.05
assert_close(values["LeakyReLU(0.1)"], torch.where(inputs > 0, inputs, 0.1 * inputs))
assert_close(values["ELU"], torch.where(inputs > 0, inputs, inputs.exp() - 1))
# GELU is x times the standard normal CDF; SiLU (also called swish) is x * sigmoid(x).
assert_close(values["GELU"], inputs * 0.5 * (1 + torch.erf(inputs / math.sqrt(2))))
assert_close(values["SiLU"], inputs * torch.sigmoid(inputs))
assert_close(values["Softplus"], torch.log1p(inputs.exp()))  # a smooth ReLU
# Sigmoid squashes to (0, 1), tanh to (-1, 1); tanh is a rescaled sigmoid.
assert values["Sigmoid"][400].item() == 0.5 and values["Tanh"][400].item() == 0.0
assert_close(values["Tanh"], 2 * torch.sigmoid(2 * inputs) - 1)
# Their slopes vanish away from 0: the saturation that makes deep sigmoid nets hard to train.
assert slopes["Sigmoid"].max() == 0.25 and slopes["Sigmoid"][0] < 0.02  # (3)!
assert slopes["Tanh"].max() == 1.0 and slopes["Tanh"][0] < 0.002

fig, axes = plt.subplots(2, 4, figsize=(11, 5), sharex=True)
for ax, name in zip(axes.flat, activations, strict=True):
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.plot(inputs, values[name], label="f(x)")
    ax.plot(inputs, slopes[name], "--", label="f'(x)")
    ax.set_title(name)
    ax.set_ylim(-1.5, 4)
axes[0, 0].legend(loc="upper left")
fig.tight_layout()

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "activations.png", dpi=110, bbox_inches="tight", facecolor="white")
