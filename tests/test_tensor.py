"""Tensor chapter: every snippet's key line really matters (with it broken, the snippet's own
asserts fail), and the hand-written gradients of the polynomial fit are the true gradients.

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch.testing import assert_close

from tools.snippets import SNIPPETS, exec_quietly, run_quietly, with_line_replaced

CHAPTER = SNIPPETS / "tensor"


def test_the_hand_written_polynomial_gradients_are_the_autograd_gradients():
    # The snippet's last step computed its gradients at the coefficients before its last update.
    ns = run_quietly(CHAPTER / "polynomial_fit.py")
    rate = ns["LEARNING_RATE"]
    before = [ns[v] + rate * ns[f"grad_{v}"] for v in "abcd"]
    x, y = torch.from_numpy(ns["x"]), torch.from_numpy(ns["y"])
    a, b, c, d = (torch.tensor(v, requires_grad=True) for v in before)
    (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum().backward()
    for leaf, v in zip((a, b, c, d), "abcd", strict=True):
        assert_close(leaf.grad, torch.tensor(ns[f"grad_{v}"]), rtol=1e-6, atol=1e-9)
    # And the starting loss was far from the fit: the gradients did the work.
    assert ns["first_loss"] > 1000 * ns["loss"]


# (snippet, the line as written, what it becomes): each change must make the snippet fail.
MUTATIONS = [
    (
        "creation",
        "labels = torch.tensor([2, 0, 3], dtype=torch.long)  # (1)!",
        "labels = torch.tensor([2, 0, 3], dtype=torch.float)",
    ),
    ("empty", "sevens = torch.empty(2, 3).fill_(7.0)  # (1)!", "sevens = torch.empty(2, 3)"),
    ("empty", "nothing = torch.empty(2, 3).zero_()", "nothing = torch.empty(2, 3)"),
    ("empty", "torch.use_deterministic_algorithms(True)  # (1)!", "pass"),
    ("empty", "    torch.use_deterministic_algorithms(False)", "    pass"),
    ("size", "x.shape[0] = 5  # (1)!", "x = x.reshape(4, 6)"),
    ("size", "x.shape = (6, 4)", "x = x.reshape(6, 4)"),
    ("polynomial_fit", "grad_y_pred = 2.0 * (y_pred - y)  # (2)!", "grad_y_pred = y_pred - y"),
    ("polynomial_fit", "grad_c = (grad_y_pred * x**2).sum()", "grad_c = (grad_y_pred * x).sum()"),
    ("polynomial_fit", "grad_d = (grad_y_pred * x**3).sum()", "grad_d = (grad_y_pred * x).sum()"),
    ("polynomial_fit", "    d -= LEARNING_RATE * grad_d", "    pass"),
    ("polynomial_fit", "    ct -= LEARNING_RATE * grad_ct", "    pass"),
    ("polynomial_fit", "grad_bt = (grad_y_pred_t * xt).sum()", "grad_bt = grad_y_pred_t.sum()"),
    (
        "exercise_pairwise_distances",
        "return differences.pow(2).sum(dim=-1).sqrt()",
        "return differences.pow(2).sum(dim=-1)",
    ),
    ("exercise_class_means", "mask = labels == k", "mask = labels >= k"),
    ("exercise_pixels", "moved = images.permute(0, 2, 3, 1)", "moved = images.transpose(1, 3)"),
    (
        "exercise_brighten",
        "return (image.to(torch.int16) + amount).clamp(max=255).to(torch.uint8)",
        "return (image + amount).clamp(max=255)",
    ),
]


@pytest.mark.parametrize(
    ("topic", "original", "mutated"),
    MUTATIONS,
    ids=[f"{topic}:{original.split('#')[0].strip()[:40]}" for topic, original, _ in MUTATIONS],
)
def test_breaking_the_key_line_fails_the_snippet(topic, original, mutated):
    code = with_line_replaced(CHAPTER / f"{topic}.py", original, mutated)
    # Fresh memory is often zeros already, so without its zero_() the empty tensor can pass
    # by luck; deterministic mode fills it with NaN (what the page teaches), and it never does.
    poison = original.startswith(("nothing = torch.empty", "sevens = torch.empty"))
    # A failed assert, or the error PyTorch raises for the misuse the key line prevents.
    with pytest.raises((AssertionError, RuntimeError, TypeError, IndexError)):
        try:
            torch.use_deterministic_algorithms(poison)
            exec_quietly(code)
        finally:
            torch.use_deterministic_algorithms(False)  # a broken empty.py may leave it on
