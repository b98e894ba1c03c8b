"""Neural-network chapter: the identities hold beyond the one example each snippet prints, and
every snippet's key line really matters (with it broken, the snippet's own asserts fail).

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from tools.snippets import SNIPPETS, exec_quietly, run_quietly, with_line_replaced

CHAPTER = SNIPPETS / "nn"


@pytest.fixture
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("PYTORCH_NOTES_DEVICE", "cpu")
    monkeypatch.setenv("MPLBACKEND", "Agg")


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


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.usefixtures("figures_in_tmp")  # the snippet saves its figure: not into the repository
def test_conv_output_size_holds_for_other_layers_and_random_settings(seed):
    """The formula of conv_arithmetic.py is per dimension: 1-d, 3-d and average pooling too."""
    conv_output_size = run_quietly(CHAPTER / "conv_arithmetic.py")["conv_output_size"]
    generator = torch.Generator().manual_seed(seed)
    for _ in range(20):
        n, k, s, d = (int(torch.randint(1, top, (), generator=generator)) for top in (20, 6, 4, 3))
        p = int(torch.randint(0, k // 2 + 1, (), generator=generator))
        if n + 2 * p < d * (k - 1) + 1:
            continue
        expected = conv_output_size(n, k, p, s, d)
        assert nn.Conv1d(1, 1, k, s, p, d)(torch.zeros(1, 1, n)).shape[-1] == expected
        assert nn.Conv3d(1, 1, k, s, p, d)(torch.zeros(1, 1, n, n, n)).shape[2:] == (expected,) * 3
        pool = nn.AvgPool2d(k, s, p)(torch.zeros(1, 1, n, n))
        assert pool.shape[-1] == conv_output_size(n, k, p, s)


# (snippet, the line as written, what it becomes): each change must make the snippet fail.
MUTATIONS = [
    ("progression", "optimizer.step()  # (1)!", "pass"),
    ("progression", "for _ in range(depth):  # (1)!", "for _ in range(1):"),
    ("progression", "super().__init__()  # (1)!", "pass"),
    ("module_anatomy", "model.eval()  # (1)!", "pass"),
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
    (
        "lenet",
        "x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (2)!",
        "x = F.relu(self.conv1(x))",
    ),
    ("lenet", "optimizer.zero_grad()  # (1)!", "pass"),
    ("lenet", "x = torch.flatten(x, 1)  # (3)!", "x = torch.flatten(x)"),
    ("conv_net", "model.eval()\n", "pass\n"),
    ("conv_net", "padding=1, bias=False),  # (1)!", "padding=1, bias=True),"),
    (
        "design_tips",
        "bn_first = nn.Sequential(conv, nn.BatchNorm2d(32), nn.ReLU())",
        "bn_first = nn.Sequential(conv, nn.ReLU(), nn.BatchNorm2d(32))",
    ),
    ("design_tips", "channels, size = channels * 2, size // 2", "size = size // 2"),
    ("design_tips", "nn.AdaptiveAvgPool2d(1),  # (1)!", "nn.Identity(),"),
    ("weight_init", 'nonlinearity="relu")  # (1)!', 'nonlinearity="linear")'),
    (
        "weight_init",
        'ax.semilogy(range(1, DEPTH + 1), stds, style, marker="o", markersize=3, label=name)',
        "pass",
    ),
    ("activations", '"GELU": nn.GELU(),', '"GELU": nn.SiLU(),'),
    (
        "losses",
        "label_smoothing=EPSILON)(logits, classes)  # (1)!",
        "label_smoothing=0.0)(logits, classes)",
    ),
    ("optimizers", "momentum=0.9)  # (1)!", "momentum=0.0)"),
    ("lr_schedule", "scheduler.step()  # (1)!", "pass"),
    (
        "lr_schedule",
        "total_steps=STEPS)  # (2)!",
        "total_steps=STEPS, cycle_momentum=False)",
    ),
    (
        "conv_arithmetic",
        "return (n + 2 * p - d * (k - 1) - 1) // s + 1  # (1)!",
        "return (n + 2 * p - k) // s + 1",
    ),
    ("conv_arithmetic", "stride=S, padding=P)[0, 0]  # (1)!", "stride=S)[0, 0]"),
    (
        "grad_clipping",
        "returned = nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM)  # (1)!",
        "returned = total_norm(before)",
    ),
    (
        "grad_clipping",
        "norms.append(nn.utils.clip_grad_norm_(model.parameters(), max_norm=MAX_NORM).item())",
        "norms.append(total_norm([p.grad for p in model.parameters()]).item())",
    ),
    ("grad_clipping", "clip_value=0.1)  # (1)!", "clip_value=1.0)"),
    ("exercise_residual_mlp", "x = x + self.block(x)", "x = self.block(x)"),
    ("exercise_tiny_mlp", "        loss.backward()\n", "        pass\n"),
    ("exercise_pick_loss", "nn.BCEWithLogitsLoss(),", "nn.CrossEntropyLoss(),"),
    ("exercise_pick_loss", "nn.HuberLoss(delta=1.0),", "nn.MSELoss(),"),
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
