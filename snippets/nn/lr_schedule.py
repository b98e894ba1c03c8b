"""Learning-rate schedulers: step decay, linear warm-up + cosine decay, and one-cycle, plotted."""

# %% setup
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.optim import lr_scheduler

BASE_LR, STEPS, WARMUP = 0.1, 100, 10


# %% lr-curve
MOMENTA = {}  # the momentum SGD used at each step, per schedule


def lr_curve(make_scheduler):
    """The learning rate used at each of STEPS optimizer steps."""
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=BASE_LR, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    rates, momenta = [], []
    for _ in range(STEPS):
        rates.append(optimizer.param_groups[0]["lr"])
        momenta.append(optimizer.param_groups[0]["momentum"])
        # ... forward, loss.backward() would go here ...
        optimizer.step()
        scheduler.step()  # (1)!
    MOMENTA[type(scheduler).__name__] = momenta
    return rates


# %% curves
curves = {
    "StepLR (x0.5 every 30 steps)": lr_curve(
        lambda opt: lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)
    ),
    "warm-up 10 + cosine": lr_curve(
        lambda opt: lr_scheduler.SequentialLR(  # (1)!
            opt,
            schedulers=[
                lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=WARMUP),
                lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS - WARMUP, eta_min=0.001),
            ],
            milestones=[WARMUP],
        )
    ),
    "OneCycleLR": lr_curve(
        lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=BASE_LR, total_steps=STEPS)  # (2)!
    ),
}

# %% compare
for name, rates in curves.items():
    shown = ", ".join(f"{rates[i]:.4f}" for i in (0, 5, 10, 30, 60, 99))
    print(f"{name:<29} steps 0/5/10/30/60/99: {shown}")

# %% check
import math
from itertools import pairwise

step_rates = curves["StepLR (x0.5 every 30 steps)"]
assert step_rates[29] == BASE_LR and step_rates[30] == BASE_LR / 2 and step_rates[99] == BASE_LR / 8

cosine = curves["warm-up 10 + cosine"]
assert math.isclose(cosine[0], BASE_LR * 0.1)  # warm-up starts at start_factor * lr
assert all(a < b for a, b in pairwise(cosine[: WARMUP + 1]))  # rising
assert math.isclose(max(cosine), BASE_LR) and cosine.index(max(cosine)) == WARMUP
assert all(a >= b for a, b in pairwise(cosine[WARMUP:]))  # then falling
middle = WARMUP + (STEPS - WARMUP) // 2  # halfway through the cosine, half-way between the ends
assert math.isclose(cosine[middle], (BASE_LR + 0.001) / 2, rel_tol=1e-6)

one_cycle = curves["OneCycleLR"]
assert math.isclose(max(one_cycle), BASE_LR, rel_tol=1e-6)
assert abs(one_cycle.index(max(one_cycle)) - 0.3 * STEPS) <= 1  # peak at pct_start=0.3
assert one_cycle[0] < BASE_LR / 20 and one_cycle[-1] < 1e-5  # starts low, ends far lower

# %% momentum
for name in ("StepLR", "SequentialLR", "OneCycleLR"):
    shown = ", ".join(f"{MOMENTA[name][i]:.4f}" for i in (0, 5, 10, 30, 60, 99))
    print(f"{name + ': SGD momentum':<29} steps 0/5/10/30/60/99: {shown}")

# %% check
# OneCycleLR also cycles the momentum (cycle_momentum=True), overriding SGD's momentum=0.9: 0.95 ->
# 0.85 at the lr peak -> back up. The other two schedulers leave it alone.
momentum = MOMENTA["OneCycleLR"]
assert math.isclose(momentum[0], 0.95) and math.isclose(min(momentum), 0.85, rel_tol=1e-6)
assert momentum.index(min(momentum)) == one_cycle.index(max(one_cycle))  # lowest at the peak
assert math.isclose(momentum[-1], 0.95, rel_tol=1e-4)
assert MOMENTA["StepLR"] == MOMENTA["SequentialLR"] == [0.9] * STEPS

# %% plot
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, rates in curves.items():
    ax.plot(range(STEPS), rates, label=name)
ax.set_xlabel("optimizer step")
ax.set_ylabel("learning rate")
ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "lr_schedule.png", dpi=110, bbox_inches="tight", facecolor="white")
