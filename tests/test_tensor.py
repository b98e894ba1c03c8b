"""Tensor chapter: the hand-written gradients of the polynomial fit are the true gradients.
(That each key line matters is tools/mutations.yml's job: `nox -s mutation`.)

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch.testing import assert_close

from tools.snippets import SNIPPETS, run_quietly

CHAPTER = SNIPPETS / "tensor"


@pytest.mark.snippet("tensor/polynomial_fit")
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
