"""Binary logistic regression: one nn.Linear, BCEWithLogitsLoss, and its decision boundary."""

# %% setup
import math
import os
from pathlib import Path
from statistics import NormalDist

import matplotlib.pyplot as plt
import torch
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% data
torch.manual_seed(0)
# Two Gaussian clouds: class 0 around (-1, -1), class 1 around (1, 1).
points = torch.cat([torch.randn(100, 2) - 1, torch.randn(100, 2) + 1])
labels = torch.cat([torch.zeros(100), torch.ones(100)]).unsqueeze(1)  # float 0./1.
points, labels = points.to(DEVICE), labels.to(DEVICE)
print(f"{points.shape = }, {labels.shape = }, {labels.dtype = }")

# %% train
model = nn.Linear(2, 1).to(DEVICE)  # one logit per point; no sigmoid inside the model
loss_fn = nn.BCEWithLogitsLoss()  # (1)!
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(100):
    logits = model(points)
    loss = loss_fn(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.4f}")

# %% evaluate
with torch.no_grad():
    logits = model(points)
    probabilities = torch.sigmoid(logits)  # only for reading the answer, not for the loss
    predictions = (logits > 0).float()  # (1)!
accuracy = (predictions == labels).float().mean().item()
print(f"accuracy {accuracy:.3f}")
best_possible = NormalDist().cdf(math.sqrt(2))  # (2)!
print(f"best possible accuracy on such data: {best_possible:.3f}")

# %% check
assert not logits.requires_grad  # no_grad: evaluating builds no graph
assert 0.91 <= accuracy <= 0.92  # the clouds overlap: no line separates them all
assert abs(accuracy - best_possible) < 0.02
assert torch.equal(predictions, (probabilities > 0.5).float())

# %% by-formula
by_formula = -(labels * torch.log(probabilities) + (1 - labels) * torch.log(1 - probabilities))
print(f"BCEWithLogitsLoss:  {loss_fn(logits, labels).item():.4f}")
print(f"by the formula:     {by_formula.mean().item():.4f}")
print(f"sigmoid + BCELoss:  {nn.BCELoss()(probabilities, labels).item():.4f}")

# %% check
from torch.testing import assert_close

assert_close(loss_fn(logits, labels), by_formula.mean())
assert_close(loss_fn(logits, labels), nn.BCELoss()(probabilities, labels))

# %% confident-mistake
confident_wrong = torch.tensor([200.0])  # the model is sure of class 1, the label says 0
print("sigmoid(200.0):", torch.sigmoid(confident_wrong).item())  # (1)!
print("BCEWithLogitsLoss:", loss_fn(confident_wrong, torch.zeros(1)).item())
print("sigmoid + BCELoss:", nn.BCELoss()(torch.sigmoid(confident_wrong), torch.zeros(1)).item())

# %% check
assert torch.sigmoid(confident_wrong).item() == 1.0  # rounded: 1 - 1e-87 is not a float32
assert loss_fn(confident_wrong, torch.zeros(1)).item() == 200.0
assert nn.BCELoss()(torch.sigmoid(confident_wrong), torch.zeros(1)).item() == 100.0

# %% boundary
(w1, w2), b = model.weight.detach().cpu()[0].tolist(), model.bias.item()
print(f"boundary: {w1:.3f} * x1 + {w2:.3f} * x2 {b:+.3f} = 0")

# %% plot
grid = torch.linspace(-4, 4, 200)
grid_x1, grid_x2 = torch.meshgrid(grid, grid, indexing="xy")
with torch.no_grad():
    grid_points = torch.stack([grid_x1.flatten(), grid_x2.flatten()], dim=1).to(DEVICE)
    grid_probability = torch.sigmoid(model(grid_points)).reshape(200, 200).cpu()

fig, ax = plt.subplots(figsize=(4.5, 4))
shading = ax.contourf(grid_x1, grid_x2, grid_probability, levels=20, cmap="RdBu_r", alpha=0.5)
ax.contour(grid_x1, grid_x2, grid_probability, levels=[0.5], colors="black")
points_cpu, labels_cpu = points.cpu(), labels.cpu().flatten()
for label, marker in ((0, "o"), (1, "^")):
    chosen = points_cpu[labels_cpu == label]
    ax.scatter(
        chosen[:, 0], chosen[:, 1], marker=marker, s=14, edgecolor="k", label=f"class {label}"
    )
ax.set_xlabel("x1")
ax.set_ylabel("x2")
ax.legend(loc="upper left")
fig.colorbar(shading, ax=ax, label="sigmoid(logit) = P(class 1)")

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "logistic_regression.png", dpi=110, bbox_inches="tight", facecolor="white")
