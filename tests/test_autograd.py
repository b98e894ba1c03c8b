"""Autograd chapter: the gradients hold beyond the one point each snippet prints. (That each
key line matters is tools/mutations.yml's job: `nox -s mutation`.)

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch.testing import assert_close

from tools.snippets import SNIPPETS, run_quietly

CHAPTER = SNIPPETS / "autograd"


@pytest.fixture
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")


@pytest.mark.snippet("autograd/custom_function")
def test_custom_functions_also_pass_gradgradcheck():
    namespace = run_quietly(CHAPTER / "custom_function.py")
    generator = torch.Generator().manual_seed(1)
    inputs = torch.randn(6, dtype=torch.float64, generator=generator)
    inputs = (inputs + inputs.sign() * 0.1).requires_grad_()
    for function in (
        namespace["ClampReLU"].apply,
        namespace["Exp"].apply,
        namespace["reversed_as_a_function"],
    ):
        assert torch.autograd.gradcheck(function, (inputs,))
        assert torch.autograd.gradgradcheck(function, (inputs,))


@pytest.mark.snippet("autograd/backprop_by_hand")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hand_written_backprop_matches_autograd_at_other_points(seed):
    namespace = run_quietly(CHAPTER / "backprop_by_hand.py")
    generator = torch.Generator().manual_seed(seed)
    # Random weights and non-zero biases, so some ReLUs are off and every term matters.
    params = [
        torch.randn(p.shape, dtype=torch.float64, generator=generator) for p in namespace["init"]
    ]
    _, numpy_grads = namespace["numpy_loss_and_grads"](*[p.numpy() for p in params])
    _, tensor_grads = namespace["tensor_loss_and_grads"](*params)
    leaves = [p.clone().requires_grad_() for p in params]
    namespace["autograd_loss"](*leaves).backward()
    for leaf, by_numpy, by_tensors in zip(leaves, numpy_grads, tensor_grads, strict=True):
        assert_close(torch.from_numpy(by_numpy), leaf.grad)
        assert_close(by_tensors, leaf.grad)


@pytest.mark.snippet("autograd/linear_fit")
@pytest.mark.parametrize("w", [-1.5, 0.5, 2.0, 3.25])
def test_hand_written_mse_gradient_matches_autograd_at_other_weights(w):
    namespace = run_quietly(CHAPTER / "linear_fit.py")
    X, Y = namespace["X"], namespace["Y"]
    by_hand = namespace["gradient"](X, Y, namespace["forward"](w, X))
    weight = torch.tensor(w, requires_grad=True)
    namespace["loss"](
        torch.from_numpy(Y), namespace["forward"](weight, torch.from_numpy(X))
    ).backward()
    assert_close(weight.grad, torch.tensor(float(by_hand)))
    without_mean = namespace["gradient_without_mean"](X, Y, namespace["forward"](w, X))
    assert_close(float(without_mean), len(X) * float(by_hand))


@pytest.mark.snippet("autograd/graph_walk")
@pytest.mark.snippet("autograd/leaves")
def test_graph_walk_finds_every_parameter_of_another_model():
    namespace = run_quietly(CHAPTER / "graph_walk.py")
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, 3)
    )
    model[0].bias.requires_grad_(False)  # a frozen tensor gets no AccumulateGrad node
    loss = torch.nn.functional.mse_loss(model(torch.randn(2, 1, 6, 6)), torch.zeros(2, 3))
    found = namespace["leaves"](loss.grad_fn, set())
    trainable = [p for p in model.parameters() if p.requires_grad]
    assert {id(p) for p in found} == {id(p) for p in trainable} and len(found) == 3
    lines = namespace["describe"](loss.grad_fn)
    assert lines[0] == "MseLossBackward0" and lines.count(" " * 4 + "AddmmBackward0") == 1
    assert sum(line.strip() == "AccumulateGrad" for line in lines) == 3
