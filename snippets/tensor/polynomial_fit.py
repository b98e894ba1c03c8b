"""Fit sin(x) with a cubic and hand-written gradients: first in NumPy, then the same in tensors."""

# %% setup
import math
import os

import numpy as np
import torch

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

rng = np.random.default_rng(0)
STEPS, LEARNING_RATE = 2000, 1e-6

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% data
# The data: 2000 points of sin(x) on [-pi, pi]; the model: y = a + b x + c x^2 + d x^3.
x = np.linspace(-math.pi, math.pi, 2000)
y = np.sin(x)
start = rng.standard_normal(4)  # random a, b, c, d, shared by both versions
a, b, c, d = start

# %% numpy-loop
for step in range(STEPS):
    y_pred = a + b * x + c * x**2 + d * x**3
    loss = np.square(y_pred - y).sum()  # (1)!
    if step == 0:
        first_loss = loss
    if step % 500 == 499:
        print(f"numpy  step {step + 1}: loss = {loss:.2f}")

    # Gradients by hand, with the chain rule.
    grad_y_pred = 2.0 * (y_pred - y)  # (2)!
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x**2).sum()
    grad_d = (grad_y_pred * x**3).sum()

    a -= LEARNING_RATE * grad_a
    b -= LEARNING_RATE * grad_b
    c -= LEARNING_RATE * grad_c
    d -= LEARNING_RATE * grad_d

# %% numpy-result
print(f"numpy  result: y = {a:.4f} {b:+.4f} x {c:+.4f} x^2 {d:+.4f} x^3")
fit = a + b * x + c * x**2 + d * x**3
best = np.polynomial.polynomial.polyfit(x, y, 3)  # the least-squares cubic, for comparison
best_loss = np.square(np.polynomial.polynomial.polyval(x, best) - y).sum()
print(f"{first_loss = :.0f}, final {loss = :.2f}, {best_loss = :.2f}")
print(f"largest error |fit - sin| = {np.abs(fit - y).max():.3f}")

# %% check
assert loss < first_loss / 1000
assert loss < 1.05 * best_loss  # within 5 % of the best any cubic can do
assert np.abs(fit - y).max() < 0.2

# %% tensor-data
# The same program with tensors, all created on DEVICE: the loop itself names no device.
xt = torch.linspace(-math.pi, math.pi, 2000, device=DEVICE)  # (1)!
yt = torch.sin(xt)
at, bt, ct, dt = torch.tensor(start, dtype=torch.float32, device=DEVICE)  # (2)!

# %% tensor-loop
for step in range(STEPS):
    yt_pred = at + bt * xt + ct * xt**2 + dt * xt**3
    loss_t = (yt_pred - yt).pow(2).sum()
    if step % 500 == 499:
        print(f"tensor step {step + 1}: loss = {loss_t.item():.2f}")

    grad_y_pred_t = 2.0 * (yt_pred - yt)
    grad_at = grad_y_pred_t.sum()
    grad_bt = (grad_y_pred_t * xt).sum()
    grad_ct = (grad_y_pred_t * xt**2).sum()
    grad_dt = (grad_y_pred_t * xt**3).sum()

    at -= LEARNING_RATE * grad_at
    bt -= LEARNING_RATE * grad_bt
    ct -= LEARNING_RATE * grad_ct
    dt -= LEARNING_RATE * grad_dt

print(f"tensor result: y = {at:.4f} {bt:+.4f} x {ct:+.4f} x^2 {dt:+.4f} x^3")

# %% check
# The whole loop ran on DEVICE: its loss and the updated coefficients are still there.
assert {t.device.type for t in (xt, loss_t, at, bt, ct, dt)} == {torch.device(DEVICE).type}
if xt.device.type == "cuda":
    # A coefficient left on the CPU: the forward pass still runs (a 0-dim CPU tensor is used
    # like a number), but the in-place update cannot write a CUDA result into CPU memory.
    left_behind = torch.tensor(start[0], dtype=torch.float32)
    assert (left_behind + bt * xt).device == xt.device
    try:
        left_behind -= LEARNING_RATE * grad_at
    except RuntimeError as err:
        assert "same device" in str(err)
    else:
        raise AssertionError("a CPU coefficient updated with a CUDA gradient should fail")
# float32 tensors and float64 NumPy arrays end with the same coefficients, to within 1e-5.
torch.testing.assert_close(
    torch.stack([at, bt, ct, dt]).cpu(),
    torch.tensor([a, b, c, d], dtype=torch.float32),
    rtol=0,
    atol=1e-5,
)
assert abs(loss_t.item() - loss) < 1e-3 * loss
