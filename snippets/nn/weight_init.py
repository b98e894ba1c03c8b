"""Weight initialisation: PyTorch's default, xavier_uniform_ and kaiming_normal_ applied with
Module.apply, and what each does to the activations of a 30-layer ReLU stack."""

# %% relu-stack
import math
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
WIDTH, DEPTH = 256, 30


def relu_stack(batch_norm=False):
    layers = []
    for _ in range(DEPTH):
        layers += [nn.Linear(WIDTH, WIDTH)]
        layers += [nn.BatchNorm1d(WIDTH)] if batch_norm else []
        layers += [nn.ReLU()]
    return nn.Sequential(*layers)


# %% default
default = relu_stack()  # PyTorch's default: uniform on +-1/sqrt(fan_in), weights and biases
bound = 1 / math.sqrt(WIDTH)


def report(name, layer, formula, expected):
    print(f"{name:<16} weight std {layer.weight.std():.4f}   expected {formula} = {expected:.4f}")


report("default", default[0], "1/sqrt(3 fan_in)", bound / math.sqrt(3))

# %% check
assert default[0].weight.abs().max() <= bound and default[0].bias.abs().max() <= bound
# Written as kaiming_uniform_(a=sqrt(5)), in nn.Linear and nn.Conv*: the same numbers.
with torch.random.fork_rng():  # a side check: the random stream below stays as it was
    for make_layer in (lambda: nn.Linear(WIDTH, WIDTH), lambda: nn.Conv2d(3, 8, 3)):
        torch.manual_seed(1)
        weight = make_layer().weight
        torch.manual_seed(1)
        legacy = nn.init.kaiming_uniform_(torch.empty_like(weight), a=math.sqrt(5))
        assert torch.equal(weight, legacy)


# %% init-functions
def xavier(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)  # variance 2 / (fan_in + fan_out)
        nn.init.zeros_(module.bias)


def kaiming(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")  # (1)!
        nn.init.zeros_(module.bias)


# %% apply
# Only the weights are compared: zero the default biases too (their constant offset would
# otherwise hide how much of the input signal is left).
default.apply(lambda m: nn.init.zeros_(m.bias) if isinstance(m, nn.Linear) else None)
xavier_net = relu_stack().apply(xavier)  # (1)!
kaiming_net = relu_stack().apply(kaiming)
report("xavier_uniform_", xavier_net[0], "sqrt(1/fan_in)  ", math.sqrt(1 / WIDTH))
report("kaiming_normal_", kaiming_net[0], "sqrt(2/fan_in)  ", math.sqrt(2 / WIDTH))

# %% check
assert abs(xavier_net[0].weight.std() - math.sqrt(1 / WIDTH)) < 0.002
assert abs(kaiming_net[0].weight.std() - math.sqrt(2 / WIDTH)) < 0.002
assert all(layer.bias.abs().sum() == 0 for layer in kaiming_net if isinstance(layer, nn.Linear))


# %% activation-stds
def activation_stds(net, inputs):
    """The standard deviation of the output of every ReLU, first layer to last."""
    stds = []
    with torch.no_grad():
        for module in net:
            inputs = module(inputs)
            if isinstance(module, nn.ReLU):
                stds.append(inputs.std().item())
    return stds


# %% measure
inputs = torch.randn(512, WIDTH)
curves = {
    "default (uniform ±1/√fan_in)": activation_stds(default, inputs),
    "xavier_uniform_": activation_stds(xavier_net, inputs),
    "kaiming_normal_ (relu)": activation_stds(kaiming_net, inputs),
    "default + BatchNorm1d": activation_stds(relu_stack(batch_norm=True), inputs),
}
per_layer = {}
for name, stds in curves.items():
    per_layer[name] = (stds[-1] / stds[0]) ** (1 / (DEPTH - 1))  # geometric mean change
    print(
        f"{name:<29} std after layer 1: {stds[0]:.3f}, layer 30: {stds[-1]:.2e}, "
        f"x{per_layer[name]:.3f} per layer"
    )

# %% check: ReLU zeroes half the signal, so each layer must double the variance: 2 / fan_in
default_rate, xavier_rate, kaiming_rate, batch_norm_rate = per_layer.values()
assert abs(kaiming_rate - 1) < 0.03
assert abs(xavier_rate - 1 / math.sqrt(2)) < 0.03  # variance 1/fan_in, halved by each ReLU
assert abs(default_rate - 1 / math.sqrt(6)) < 0.03  # variance 1/(3 fan_in), halved again
assert curves["default (uniform ±1/√fan_in)"][-1] < 1e-9  # after 30 layers the signal is gone
assert abs(batch_norm_rate - 1) < 0.03  # BN rescales every layer, whatever the init

# %% plot
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, stds in curves.items():
    style = "--" if "BatchNorm" in name else "-"
    ax.semilogy(range(1, DEPTH + 1), stds, style, marker="o", markersize=3, label=name)
ax.set_xlabel("layer (Linear + ReLU)")
ax.set_ylabel("std of activations (log scale)")
ax.legend()

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "init_activation_std.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the figure shows exactly the measured curves, on a log scale
assert ax.get_yscale() == "log" and len(ax.get_lines()) == len(curves)
for line, stds in zip(ax.get_lines(), curves.values(), strict=True):
    assert list(line.get_ydata()) == stds
