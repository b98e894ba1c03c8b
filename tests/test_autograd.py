"""Autograd chapter: the gradients hold beyond the one point each snippet prints, and every
snippet's key line really matters (with it broken, the snippet's own asserts fail).

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch.testing import assert_close

from tools.snippets import SNIPPETS, exec_quietly, run_quietly, with_line_replaced

CHAPTER = SNIPPETS / "autograd"


@pytest.fixture
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")


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


# (snippet, the line as written, what it becomes): each change must make the snippet fail.
MUTATIONS = [
    ("leaves", "product.retain_grad()  # (1)!", "pass"),
    ("leaves", "optimizer.zero_grad()  # (2)!", "pass"),
    (
        "leaves",
        "target) ** 2).mean() / ACCUMULATION_STEPS).backward()  # (1)!",
        "target) ** 2).mean()).backward()",
    ),
    ("leaves", "* len(inputs) / len(batch)).backward()", ").backward()"),
    ("leaves", "w.grad = None\nfor _ in range(3):", "for _ in range(3):"),
    ("vector_jacobian", "y.backward(gradient=v)  # (1)!", "y.backward(gradient=torch.ones(2))"),
    ("retain_graph", "y.backward(retain_graph=True)  # (1)!", "y.backward()"),
    ("second_derivative", "x, create_graph=True)  # (1)!", "x, retain_graph=True)"),
    ("no_grad", "with torch.no_grad():  # (1)!", "if True:"),
    ("no_grad", "frozen = w.detach()  # (1)!", "frozen = w"),
    ("backprop_by_hand", "d_activation * (hidden > 0)  # (3)!", "d_activation"),
    ("backprop_by_hand", "/ prediction.size  # (1)!", ""),
    (
        "backprop_by_hand",
        "param.grad = None  # backward() adds up, so start each step from nothing",
        "pass",
    ),
    ("custom_function", "return grad_output * result", "return grad_output"),
    ("custom_function", "return -ctx.scale * grad_output, None", "return grad_output, None"),
    ("custom_function", "return grad_output * (x > 0)", "return grad_output"),
    ("gradient_descent", "x.grad = None  # (1)!", "pass"),
    ("gradient_descent", "optimizer.zero_grad()  # x.grad = None", "pass"),
    ("gradient_descent", "velocity = MOMENTUM * velocity + x.grad", "velocity = x.grad"),
    ("scalar_backward", "out = z.mean()  # (1)!", "out = z.sum()"),
    (
        "scalar_backward",
        "out.backward(torch.tensor(1.0))  # (1)!",
        "out.backward(torch.tensor(2.0))",
    ),
    ("chain_rule_scalar", "w -= 0.1 * w.grad  # (1)!", "w += 0.1 * w.grad"),
    ("data_vs_detach", "out.data.zero_()  # (1)!", "out.detach().zero_()"),
    ("data_vs_detach", "out.detach().zero_()  # (1)!", "out.data.zero_()"),
    ("data_vs_detach", "w.data *= 0.5", "w.detach().mul_(0.5)"),
    ("data_vs_detach", "    w *= 0.5", "    w.data *= 0.5"),
    ("graph_walk", "lines += describe(child, depth + 1)  # (1)!", "pass"),
    ("graph_walk", "return [node.variable]", "return []"),
    (
        "linear_fit",
        "return (2 * x * (y_pred - y)).mean()  # (1)!",
        "return np.dot(2 * x, y_pred - y)",
    ),
    ("linear_fit", "    w.grad.zero_()", "    pass"),
    ("linear_fit", "w -= LEARNING_RATE * w.grad", "w += LEARNING_RATE * w.grad"),
    (
        "exercise_accumulate",
        "(loss_fn(model(x), y) / STEPS).backward()",
        "loss_fn(model(x), y).backward()",
    ),
    (
        "exercise_straight_through",
        "return t + (t.round() - t).detach()",
        "return t + (t.round() - t)",
    ),
    ("exercise_fit_line", "    a.grad = None", "    pass"),
    ("exercise_logistic_gradient", "@ inputs / N", "@ inputs"),
]


@pytest.mark.parametrize(
    ("topic", "original", "mutated"),
    MUTATIONS,
    ids=[f"{topic}:{original.split('#')[0].strip()[:40]}" for topic, original, _ in MUTATIONS],
)
@pytest.mark.usefixtures("figures_in_tmp")
def test_breaking_the_key_line_fails_the_snippet(topic, original, mutated):
    code = with_line_replaced(CHAPTER / f"{topic}.py", original, mutated)
    # A failed assert, or the error PyTorch raises for the misuse the key line prevents.
    with pytest.raises((AssertionError, RuntimeError, TypeError)):
        exec_quietly(code)
