"""Fitting f = w * x to Y = 2X: the MSE gradient by hand in NumPy, then the same with autograd."""

# %% data
import numpy as np
import torch

X = np.array([1, 2, 3, 4], dtype=np.float32)
Y = np.array([2, 4, 6, 8], dtype=np.float32)  # Y = 2 X, so the answer is w = 2


def forward(w, x):
    return w * x


def loss(y, y_pred):
    return ((y_pred - y) ** 2).mean()  # J = 1/N sum (w x - y)^2


# %% by-hand
def gradient(x, y, y_pred):
    return (2 * x * (y_pred - y)).mean()  # (1)!


dw = gradient(X, Y, forward(0.0, X))
print(f"dJ/dw at w = 0: by hand {dw}")

# %% check
assert (X**2).mean() == 7.5 and dw == -30.0  # -4 mean(x^2)


# %% without-mean
def gradient_without_mean(x, y, y_pred):
    return np.dot(2 * x, y_pred - y).mean()  # (1)!


dw_without_mean = gradient_without_mean(X, Y, forward(0.0, X))
print(f"dJ/dw at w = 0: without the mean {dw_without_mean}")

# %% check
assert dw_without_mean == len(X) * dw  # N times too large

# %% autograd
x_t, y_t = torch.from_numpy(X), torch.from_numpy(Y)
w = torch.tensor(0.0, requires_grad=True)
loss(y_t, forward(w, x_t)).backward()  # (1)!
print(f"dJ/dw at w = 0: autograd {w.grad}")

# %% check
assert w.grad.item() == dw

# %% train-numpy
LEARNING_RATE, STEPS = 0.01, 100
w_np = np.float32(0.0)
numpy_path = [w_np]
for _ in range(STEPS):
    w_np -= LEARNING_RATE * gradient(X, Y, forward(w_np, X))
    numpy_path.append(w_np)

# %% train-autograd
w = torch.tensor(0.0, requires_grad=True)
autograd_path, losses = [w.item()], []
for _ in range(STEPS):
    current = loss(y_t, forward(w, x_t))
    current.backward()  # (1)!
    with torch.no_grad():
        w -= LEARNING_RATE * w.grad
    w.grad.zero_()
    autograd_path.append(w.item())
    losses.append(current.item())
for step in (0, 1, 2, 10, 50, STEPS):
    print(
        f"step {step:3d}: numpy w = {numpy_path[step]:.6f}   autograd w = {autograd_path[step]:.6f}"
    )
shrink = (2 - autograd_path[2]) / (2 - autograd_path[1])
print(f"each step multiplies the distance to 2 by {shrink:.2f}")
prediction = forward(w, torch.tensor(5.0)).item()
print(f"f(5) after training: {prediction:.4f}")

# %% check
torch.testing.assert_close(torch.tensor(autograd_path), torch.tensor(np.array(numpy_path)))
# Each step shrinks the distance to 2 by the factor 1 - 2 lr mean(x^2) = 0.85.
factor = 1 - 2 * LEARNING_RATE * (X**2).mean()
torch.testing.assert_close(float(factor), 0.85, rtol=1e-6, atol=0)
torch.testing.assert_close(
    float(2 - numpy_path[5]), float((2 - numpy_path[4]) * factor), rtol=1e-5, atol=0
)
assert abs(autograd_path[-1] - 2.0) < 1e-4  # w converged to 2
assert losses[-1] < 1e-6 < losses[0]
assert abs(prediction - 10.0) < 1e-3

# %% mean-matters
w_without_mean, w_larger_rate = np.float32(0.0), np.float32(0.0)
for _ in range(10):
    w_without_mean -= LEARNING_RATE * gradient_without_mean(X, Y, forward(w_without_mean, X))
    w_larger_rate -= len(X) * LEARNING_RATE * gradient(X, Y, forward(w_larger_rate, X))
w_correct = autograd_path[10]
print(f"after 10 steps: without the mean w = {w_without_mean:.6f}, with it w = {w_correct:.6f}")
print(f"with the mean and a {len(X)}x learning rate: w = {w_larger_rate:.6f}")

# %% check
torch.testing.assert_close(
    float(w_without_mean), float(w_larger_rate)
)  # the same as a 4x learning rate
assert abs(w_without_mean - 2.0) < 1e-3 < abs(w_correct - 2.0)
