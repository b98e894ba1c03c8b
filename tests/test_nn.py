"""Neural-network chapter: the identities hold beyond the one example each snippet prints. (That
each key line matters is tools/mutations.yml's job: `nox -s mutation`.)

Snippets are executed in this process (torch is imported once), not as fresh subprocesses:
tests/test_snippets.py already runs each one exactly as a reader would.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from tools.snippets import SNIPPETS, run_quietly

CHAPTER = SNIPPETS / "nn"


@pytest.fixture
def figures_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("PYTORCH_NOTES_DEVICE", "cpu")
    monkeypatch.setenv("MPLBACKEND", "Agg")


@pytest.mark.snippet("nn/conv_net")
def test_digit_net_takes_other_image_sizes():
    namespace = run_quietly(CHAPTER / "conv_net.py")
    model = namespace["DigitNet"]().eval()
    for side in (20, 28, 64):
        assert model(torch.randn(2, 1, side, side)).shape == (2, 10)
    block = namespace["ConvBlock"](3, 8, stride=2)
    assert [type(layer) for layer in block] == [nn.Conv2d, nn.BatchNorm2d, nn.ReLU]
    assert block[0].bias is None
    assert block(torch.randn(2, 3, 16, 16)).shape == (2, 8, 8, 8)


@pytest.mark.snippet("nn/lenet")
def test_lenet_parameter_count_matches_torch_count():
    namespace = run_quietly(CHAPTER / "lenet.py")
    net = namespace["LeNet"]()
    assert sum(p.numel() for p in net.parameters() if p.requires_grad) == 61_706


@pytest.mark.snippet("nn/conv_arithmetic")
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
