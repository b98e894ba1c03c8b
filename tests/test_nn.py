"""Neural-network chapter: the identities hold beyond the one example each snippet prints, and
every snippet's key line really matters (with it broken, the snippet's own asserts fail).

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

from tools.snippets import SNIPPETS, exec_quietly, run_quietly, with_line_replaced

CHAPTER = SNIPPETS / "nn"


@pytest.fixture
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("PYTORCH_NOTES_DEVICE", "cpu")
    monkeypatch.setenv("MPLBACKEND", "Agg")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cross_entropy_is_nll_of_log_softmax_for_any_shape(seed):
    generator = torch.Generator().manual_seed(seed)
    for logits_shape, target_shape in [((7, 4), (7,)), ((2, 5, 3, 3), (2, 3, 3))]:
        logits = torch.randn(logits_shape, generator=generator) * 5
        classes = torch.randint(0, logits_shape[1], target_shape, generator=generator)
        expected = F.nll_loss(F.log_softmax(logits, dim=1), classes)
        assert_close(nn.CrossEntropyLoss()(logits, classes), expected)


def test_digit_net_takes_other_image_sizes():
    namespace = run_quietly(CHAPTER / "conv_net.py")
    model = namespace["DigitNet"]().eval()
    for side in (20, 28, 64):
        assert model(torch.randn(2, 1, side, side)).shape == (2, 10)
    block = namespace["ConvBlock"](3, 8, stride=2)
    assert [type(layer) for layer in block] == [nn.Conv2d, nn.BatchNorm2d, nn.ReLU]
    assert block[0].bias is None
    assert block(torch.randn(2, 3, 16, 16)).shape == (2, 8, 8, 8)


def test_lenet_parameter_count_matches_torch_count():
    namespace = run_quietly(CHAPTER / "lenet.py")
    net = namespace["LeNet"]()
    assert sum(p.numel() for p in net.parameters() if p.requires_grad) == 61_706


# (snippet, the line as written, what it becomes): each change must make the snippet fail.
MUTATIONS = [
    ("progression", "optimizer.step()  # (3)!", "pass"),
    ("progression", "for _ in range(depth):  # (5)!", "for _ in range(1):"),
    ("progression", "super().__init__()  # (4)!", "pass"),
    ("module_anatomy", "model.eval()  # (4)!", "pass"),
    (
        "module_anatomy",
        'self.register_buffer("calls", torch.zeros((), dtype=torch.long))',
        "self.calls = torch.zeros((), dtype=torch.long)",
    ),
    ("containers", "self.layers = nn.ModuleList(", "self.layers = list("),
    ("linear_regression", "    loss.backward()\n", "    pass\n"),
    ("logistic_regression", "loss_fn = nn.BCEWithLogitsLoss()  # (1)!", "loss_fn = nn.BCELoss()"),
    ("logistic_regression", "(logits > 0).float()", "(logits > 0.5).float()"),
    ("mlp_classifier", "nn.NLLLoss()(log_probabilities, labels)", "nn.NLLLoss()(logits, labels)"),
    ("lenet", "x = F.max_pool2d(x, 2)  # (2)!", "x = x"),
    ("lenet", "optimizer.zero_grad()  # (4)!", "pass"),
    ("lenet", "x = torch.flatten(x, 1)  # (3)!", "x = torch.flatten(x)"),
    ("conv_net", "model.eval()\n", "pass\n"),
    ("conv_net", "padding=1, bias=False),  # (1)!", "padding=1, bias=True),"),
    (
        "design_tips",
        "bn_first = nn.Sequential(conv, nn.BatchNorm2d(32), nn.ReLU())",
        "bn_first = nn.Sequential(conv, nn.ReLU(), nn.BatchNorm2d(32))",
    ),
    ("design_tips", "channels, size = channels * 2, size // 2", "size = size // 2"),
    ("design_tips", "nn.AdaptiveAvgPool2d(1),  # (4)!", "nn.Identity(),"),
    ("weight_init", 'nonlinearity="relu")  # (1)!', 'nonlinearity="linear")'),
    (
        "weight_init",
        'ax.semilogy(range(1, DEPTH + 1), stds, style, marker="o", markersize=3, label=name)',
        "pass",
    ),
    ("activations", '"GELU": nn.GELU(),', '"GELU": nn.SiLU(),'),
    (
        "losses",
        "label_smoothing=EPSILON)(logits, classes)  # (4)!",
        "label_smoothing=0.0)(logits, classes)",
    ),
    ("optimizers", "momentum=0.9)  # (1)!", "momentum=0.0)"),
    ("lr_schedule", "scheduler.step()  # (1)!", "pass"),
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
    with pytest.raises((AssertionError, RuntimeError, ValueError, AttributeError)):
        exec_quietly(code)
