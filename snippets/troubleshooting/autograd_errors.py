"""Autograd errors: a second backward through a freed graph, and in-place writes it needed."""

# %% backward-twice
import contextlib
import warnings

import torch

torch.manual_seed(0)
x = torch.randn(4, 3)
w_start = torch.randn(3, 2)

w = w_start.clone().requires_grad_()
hidden = torch.tanh(x @ w)  # shared by both losses below
loss_a = hidden.sum()
loss_b = (hidden**2).mean()
loss_a.backward()  # (1)!
try:
    loss_b.backward()
except RuntimeError as err:
    print("RuntimeError:", err)

# %% backward-once
w = w_start.clone().requires_grad_()
hidden = torch.tanh(x @ w)
(hidden.sum() + (hidden**2).mean()).backward()  # (1)!
one_pass = w.grad.clone()
print("gradient of both losses:\n", one_pass)

w.grad = None
hidden = torch.tanh(x @ w)
hidden.sum().backward(retain_graph=True)  # (2)!
(hidden**2).mean().backward()
print("two backward passes give the same:", torch.allclose(w.grad, one_pass))

# %% check
assert torch.tanh(x @ w).grad_fn._saved_result is not None  # tanh saves its output for backward
fresh = torch.exp(x @ w)
assert torch.equal(fresh.grad_fn._saved_result, fresh)  # so does exp

# %% inplace-saved
w = w_start.clone().requires_grad_()
scores = torch.exp(x @ w)  # exp's backward reuses its own output
print("version of exp's output when saved:", scores._version)
scores[:, 0] = 0  # (1)!
print("after one in-place write:", scores._version)
try:
    scores.sum().backward()
except RuntimeError as err:
    print("RuntimeError:", err)

# %% anomaly-detection
with warnings.catch_warnings(record=True) as caught:  # (1)!
    warnings.simplefilter("always")
    # The error itself is the one shown above; what is new is the warning before it.
    with torch.autograd.detect_anomaly(), contextlib.suppress(RuntimeError):
        scores = torch.exp(x @ w)
        scores[:, 0] = 0
        scores.sum().backward()
(report,) = [str(c.message) for c in caught if "Error detected in" in str(c.message)]
code_lines = [line.strip() for line in report.splitlines() if line.startswith("    ")]
print(report.splitlines()[0])
print("points at:", code_lines[-1])  # (2)!

# %% check
assert any("should only be enabled for debugging" in str(c.message) for c in caught)

# %% inplace-saved-fixed
scores = torch.exp(x @ w)
keep = torch.tensor([0.0, 1.0])
(scores * keep).sum().backward()  # (1)!
print("gradient with column 0 masked out:\n", w.grad)

# %% check
by_hand = x.T @ (torch.exp(x @ w.detach()) * keep)  # d/dw sum(exp(xw) * keep)
torch.testing.assert_close(w.grad, by_hand)
masked = torch.autograd.grad(torch.exp(x @ w).masked_fill(keep == 0, 0).sum(), w)[0]
torch.testing.assert_close(masked, by_hand)

# %% inplace-leaf
try:
    w -= 0.1 * w.grad  # (1)!
except RuntimeError as err:
    print("RuntimeError:", err)

# %% no-grad-update
before = w.detach().clone()
with torch.no_grad():  # (1)!
    w -= 0.1 * w.grad
print("w moved:", not torch.equal(w.detach(), before))
print("still a trainable leaf:", w.is_leaf, w.requires_grad)

# %% check
torch.testing.assert_close(w.detach(), before - 0.1 * by_hand)

# %% rebound
rebound = w - 0.1 * w.grad  # (1)!
print("rebound is a leaf:", rebound.is_leaf)
(x @ rebound).pow(2).mean().backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("rebound.grad:", rebound.grad)  # (2)!
print("warning:", str(caught[0].message).split(". ")[0])

# %% check
assert not torch.equal(w.grad, by_hand)  # the gradient flowed on to w, added to its old one
