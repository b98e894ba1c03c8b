"""Linear regression with nn.Linear on generated data: recover the slope and intercept."""

# %% setup
import os
from pathlib import Path

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
TRUE_SLOPE, TRUE_INTERCEPT, NOISE = 2.0, -1.0, 0.3
torch.manual_seed(0)
x = torch.rand(100, 1) * 4 - 2  # 100 points in [-2, 2)
y = TRUE_SLOPE * x + TRUE_INTERCEPT + NOISE * torch.randn(100, 1)  # (1)!
x, y = x.to(DEVICE), y.to(DEVICE)
print(f"{x.shape = }, {y.shape = }")

# %% train
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

# %% learned
slope, intercept = model.weight.item(), model.bias.item()
print(f"learned: y = {slope:.3f} x {intercept:+.3f}   true: y = {TRUE_SLOPE} x {TRUE_INTERCEPT:+}")

# %% check: within 0.1 of the truth (the noise moves the best line a little)
assert abs(slope - TRUE_SLOPE) < 0.1 and abs(intercept - TRUE_INTERCEPT) < 0.1

# %% least-squares
design = torch.cat([x, torch.ones_like(x)], dim=1).cpu()  # columns: x and a constant 1
exact = torch.linalg.lstsq(design, y.cpu()).solution.flatten()
print(f"least squares: y = {exact[0]:.3f} x {exact[1]:+.3f}")
print(f"final loss {loss_fn(model(x), y).item():.4f}, noise variance {NOISE**2:.2f}")

# %% check
assert torch.allclose(torch.tensor([slope, intercept]), exact, atol=1e-3)
assert abs(loss_fn(model(x), y).item() - NOISE**2) < 0.03

# %% plot
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
