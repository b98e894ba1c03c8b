"""Linear regression with nn.Linear on generated data: recover the slope and intercept."""

import os
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

TRUE_SLOPE, TRUE_INTERCEPT, NOISE = 2.0, -1.0, 0.3
torch.manual_seed(0)
x = torch.rand(100, 1) * 4 - 2  # 100 points in [-2, 2), one feature each
y = TRUE_SLOPE * x + TRUE_INTERCEPT + NOISE * torch.randn(100, 1)  # (1)!
x, y = x.to(DEVICE), y.to(DEVICE)

model = nn.Linear(1, 1).to(DEVICE)  # y_hat = w * x + b
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(200):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step in (0, 5, 10, 20, 50, 199):
        print(f"step {step:3d}  loss {loss.item():.4f}")

slope, intercept = model.weight.item(), model.bias.item()
print(f"learned: y = {slope:.3f} x {intercept:+.3f}   true: y = {TRUE_SLOPE} x {TRUE_INTERCEPT:+}")
assert abs(slope - TRUE_SLOPE) < 0.1 and abs(intercept - TRUE_INTERCEPT) < 0.1  # (2)!

# Gradient descent found the least-squares solution, which linalg.lstsq computes directly.
design = torch.cat([x, torch.ones_like(x)], dim=1).cpu()  # columns: x and a constant 1
exact = torch.linalg.lstsq(design, y.cpu()).solution.flatten()
assert torch.allclose(torch.tensor([slope, intercept]), exact, atol=1e-3)
# The remaining loss is the noise we added, whose variance is NOISE ** 2 = 0.09.
assert abs(loss_fn(model(x), y).item() - NOISE**2) < 0.03

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter(x.cpu(), y.cpu(), s=12, alpha=0.6, label="generated data")
line_x = torch.linspace(-2, 2, 2).unsqueeze(1)
with torch.no_grad():
    ax.plot(line_x, model(line_x.to(DEVICE)).cpu(), color="C3", linewidth=2, label="fitted line")
ax.plot(line_x, TRUE_SLOPE * line_x + TRUE_INTERCEPT, "k--", linewidth=1, label="true line")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend()

FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "linear_regression.png", dpi=110, bbox_inches="tight", facecolor="white")
