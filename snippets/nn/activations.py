"""Activation functions side by side: their curves, their slopes, and the identities behind them."""

# %% activations
import math
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

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

# %% slopes
values, slopes = {}, {}
for name, activation in activations.items():
    y = activation(x)
    (slope,) = torch.autograd.grad(y.sum(), x)  # (1)!
    values[name], slopes[name] = y.detach(), slope
    left, right, left_slope = y[200].item(), y[600].item(), slope[200].item()
    print(f"{name:<15} f(-2) = {left:+.4f}   f(2) = {right:+.4f}   f'(-2) = {left_slope:+.4f}")

# %% check
negative = x.detach() < 0
assert (slopes["ReLU"][negative] == 0).all()
for name in ("LeakyReLU(0.1)", "ELU", "GELU", "SiLU"):  # these keep a slope below 0
    assert slopes[name][negative].abs().max() > 0.05

# %% formulas
inputs = x.detach()
by_formula = {
    "ReLU": inputs.clamp(min=0),
    "LeakyReLU(0.1)": torch.where(inputs > 0, inputs, 0.1 * inputs),
    "ELU": torch.where(inputs > 0, inputs, inputs.exp() - 1),
    "GELU": inputs * 0.5 * (1 + torch.erf(inputs / math.sqrt(2))),  # (1)!
    "SiLU": inputs * torch.sigmoid(inputs),  # also called swish
    "Softplus": torch.log1p(inputs.exp()),  # a smooth ReLU
    "Tanh": 2 * torch.sigmoid(2 * inputs) - 1,  # a rescaled sigmoid
}
for name, formula in by_formula.items():
    print(f"{name:<15} matches its formula: {torch.allclose(values[name], formula, atol=1e-6)}")

# %% check
from torch.testing import assert_close

for name, formula in by_formula.items():
    assert_close(values[name], formula)

# %% saturation
print(f"Sigmoid: f(0) = {values['Sigmoid'][400]:.2f}, largest slope {slopes['Sigmoid'].max():.4f}")
print(f"Tanh:    f(0) = {values['Tanh'][400]:.2f}, largest slope {slopes['Tanh'].max():.4f}")
print(f"slope at x = -4: Sigmoid {slopes['Sigmoid'][0]:.4f}, Tanh {slopes['Tanh'][0]:.4f}")

# %% check: far from 0 the slopes vanish, the saturation that makes deep sigmoid nets hard to train
assert values["Sigmoid"][400].item() == 0.5 and values["Tanh"][400].item() == 0.0
assert slopes["Sigmoid"].max() == 0.25 and slopes["Sigmoid"][0] < 0.02
assert slopes["Tanh"].max() == 1.0 and slopes["Tanh"][0] < 0.002

# %% plot
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
