"""One real training step, drawn as the cycle every training loop repeats:
forward, loss, backward, step, zero_grad."""

# %% one-step
import torch

X = torch.tensor([1.0, 2.0, 3.0, 4.0])
Y = 2 * X  # the data of f = w * x: the best w is 2
w = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.01)

pred = w * X  # (1)!
print(f"forward:   {pred = }")
loss = ((pred - Y) ** 2).mean()
print(f"loss:      {loss = }")
loss.backward()
grad = w.grad.clone()  # kept for the picture: zero_grad() is about to clear w.grad
print(f"backward:  {w.grad = }")
before = w.item()
optimizer.step()  # (2)!
print(f"step:      w {before:g} -> {w.item():g}")
optimizer.zero_grad()
print(f"zero_grad: {w.grad = }")
next_loss = ((w * X - Y) ** 2).mean()
print(f"the next forward and loss: {next_loss = }")

# %% check: the step follows w <- w - lr * grad, the gradient is cleared, the loss went down
assert loss.item() == 30.0 and grad.item() == -30.0  # dJ/dw = mean(2 x (w x - y)) at w = 0
assert abs(w.item() - (before - 0.01 * grad.item())) < 1e-6
assert w.grad is None
assert abs(next_loss.item() - 30.0 * (1 - 2 * 0.01 * 7.5) ** 2) < 1e-4  # 30 * 0.85 ** 2

# %% figure
import math
import os
from pathlib import Path

import matplotlib.pyplot as plt

plt.rcParams["font.family"] = "monospace"  # every label is code and the values it printed
fig, ax = plt.subplots(figsize=(9, 5.4))
nodes = [  # what each stage ran, and the real value it left behind
    ("pred = w * X", f"pred = {pred.tolist()}"),
    ("loss = ((pred - Y) ** 2).mean()", f"loss = {loss.item():g}"),
    ("loss.backward()", f"w.grad = {grad.item():g}"),
    ("optimizer.step()", f"w: {before:g} → {w.item():g}"),
    ("optimizer.zero_grad()", f"w.grad = {w.grad}"),
]
angles = [math.pi / 2 - 2 * math.pi * k / len(nodes) for k in range(len(nodes))]  # clockwise
boxes = []
for k, ((code, value), angle) in enumerate(zip(nodes, angles, strict=True)):
    frame = {"boxstyle": "round,pad=0.5", "fc": "#f5b869" if k == 1 else "#cfe2f3", "ec": "#333"}
    spot = (3.4 * math.cos(angle), 2.1 * math.sin(angle))  # round an ellipse
    boxes.append(ax.text(*spot, f"{code}\n{value}", ha="center", va="center", fontsize=12,
                         linespacing=1.6, bbox=frame, gid=f"node {k}"))  # fmt: skip
for k, box in enumerate(boxes):  # an arrow from each stage to the next, round the cycle
    after = boxes[(k + 1) % len(boxes)]
    ax.annotate("", (0.5, 0.5), (0.5, 0.5), xycoords=after, textcoords=box, arrowprops={
        "arrowstyle": "-|>", "lw": 2, "color": "#555555", "connectionstyle": "arc3,rad=-0.25",
        "patchA": box.get_bbox_patch(), "patchB": after.get_bbox_patch()})  # fmt: skip
center = f"SGD([w], lr=0.01)\n\nloss: {loss.item():g} → {next_loss.item():g}"
ax.text(0, -0.1, center, ha="center", va="center", fontsize=12, gid="center")
ax.set(xlim=(-4.6, 4.6), ylim=(-2.5, 2.55))
ax.axis("off")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "training_loop_diagram.png", dpi=110, bbox_inches="tight", facecolor="white")

# %% check: the five stages in the order the loop ran them, with the values it printed
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
assert [drawn[f"node {k}"].splitlines() for k in range(5)] == [
    ["pred = w * X", "pred = [0.0, 0.0, 0.0, 0.0]"],
    ["loss = ((pred - Y) ** 2).mean()", "loss = 30"],
    ["loss.backward()", "w.grad = -30"],
    ["optimizer.step()", "w: 0 → 0.3"],
    ["optimizer.zero_grad()", "w.grad = None"],
]
assert drawn["center"].splitlines()[-1] == f"loss: 30 → {next_loss.item():g}" == "loss: 30 → 21.675"
