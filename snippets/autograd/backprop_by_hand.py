"""Backprop by hand: a two-layer net with gradients written out in NumPy, then autograd."""

# %% data
import numpy as np
import torch

rng = np.random.default_rng(0)  # every random number below comes from NumPy

# A small regression problem: 3 inputs -> 2 targets, learned by Linear -> ReLU -> Linear.
n_samples, n_in, n_hidden, n_out = 64, 3, 16, 2
inputs = rng.normal(size=(n_samples, n_in))
targets = np.stack([np.sin(inputs[:, 0]), inputs[:, 1] * inputs[:, 2]], axis=1)
init = [
    rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),  # W1
    np.zeros(n_hidden),  # b1
    rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),  # W2
    np.zeros(n_out),  # b2
]


# %% numpy
def numpy_loss_and_grads(W1, b1, W2, b2):
    hidden = inputs @ W1 + b1
    activation = np.maximum(hidden, 0)
    prediction = activation @ W2 + b2
    loss = np.mean((prediction - targets) ** 2)
    # Backward: the chain rule, one layer at a time, from the loss to each parameter.
    d_prediction = 2 * (prediction - targets) / prediction.size  # (1)!
    d_W2 = activation.T @ d_prediction  # (2)!
    d_b2 = d_prediction.sum(axis=0)
    d_activation = d_prediction @ W2.T
    d_hidden = d_activation * (hidden > 0)  # (3)!
    d_W1 = inputs.T @ d_hidden
    d_b1 = d_hidden.sum(axis=0)
    return loss, [d_W1, d_b1, d_W2, d_b2]


# %% tensors
x, y = torch.from_numpy(inputs), torch.from_numpy(targets)  # (1)!


def tensor_loss_and_grads(W1, b1, W2, b2):
    hidden = x @ W1 + b1
    activation = hidden.clamp(min=0)
    prediction = activation @ W2 + b2
    loss = ((prediction - y) ** 2).mean()
    d_prediction = 2 * (prediction - y) / prediction.numel()
    d_W2 = activation.T @ d_prediction
    d_b2 = d_prediction.sum(dim=0)
    d_activation = d_prediction @ W2.T
    d_hidden = d_activation * (hidden > 0)
    d_W1 = x.T @ d_hidden
    d_b1 = d_hidden.sum(dim=0)
    return loss, [d_W1, d_b1, d_W2, d_b2]


# %% check
assert np.shares_memory(x.numpy(), inputs) and x.dtype == torch.float64  # no copy, still float64


# %% autograd
def autograd_loss(W1, b1, W2, b2):
    prediction = (x @ W1 + b1).relu() @ W2 + b2
    return ((prediction - y) ** 2).mean()


# %% compare
numpy_loss, numpy_grads = numpy_loss_and_grads(*init)
tensor_loss, tensor_grads = tensor_loss_and_grads(*[torch.from_numpy(p) for p in init])
params = [torch.tensor(p, requires_grad=True) for p in init]  # copies: init stays untouched
loss = autograd_loss(*params)
loss.backward()  # (1)!
print(f"loss at init: numpy {numpy_loss:.6f}  tensors {tensor_loss:.6f}  autograd {loss:.6f}")
for name, param in zip(["W1", "b1", "W2", "b2"], params, strict=True):
    print(f"grad {name}: shape {tuple(param.shape)}, |grad| = {param.grad.norm():.6f}")

# %% check
for by_numpy, by_tensors, param in zip(numpy_grads, tensor_grads, params, strict=True):
    assert param.grad.shape == param.shape == by_tensors.shape
    torch.testing.assert_close(by_tensors, torch.from_numpy(by_numpy))
    torch.testing.assert_close(param.grad, by_tensors)  # the three agree within float64 tolerances
# autograd's ReLU saves its output, not its input: the mask output > 0 equals hidden > 0.
hidden = x @ params[0] + params[1]
activation = hidden.relu()
assert activation.grad_fn.name() == "ReluBackward0"
assert torch.equal(activation.grad_fn._saved_result, activation)
assert torch.equal(activation > 0, hidden > 0)

# %% train
learning_rate, steps = 0.1, 300
numpy_params = [p.copy() for p in init]
numpy_history, autograd_history = [], []
for _ in range(steps):
    numpy_loss, numpy_grads = numpy_loss_and_grads(*numpy_params)
    for numpy_param, numpy_grad in zip(numpy_params, numpy_grads, strict=True):
        numpy_param -= learning_rate * numpy_grad
    numpy_history.append(numpy_loss)

    for param in params:
        param.grad = None  # backward() adds up, so start each step from nothing
    loss = autograd_loss(*params)
    loss.backward()
    with torch.no_grad():
        for param in params:
            param -= learning_rate * param.grad
    autograd_history.append(loss.item())
for step in (0, 100, 200, steps - 1):
    print(f"step {step:3d}: numpy {numpy_history[step]:.6f}  autograd {autograd_history[step]:.6f}")

# %% check
torch.testing.assert_close(autograd_history, numpy_history)
for param, numpy_param in zip(params, numpy_params, strict=True):
    torch.testing.assert_close(param.detach(), torch.from_numpy(numpy_param))
assert numpy_history[-1] < numpy_history[0] / 10, "training should cut the loss tenfold"
