"""Finetune chapter: the key lines of its snippets really are load-bearing.

Each mutation deletes (or neuters) one line that a page explains; the snippet must then fail
its own assertions. A snippet that still passed would be asserting less than its page claims.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.snippets import SNIPPETS, Snippet, run, run_env

CHAPTER = SNIPPETS / "finetune"

MUTATIONS = [
    # (snippet, line as written, replacement, why the snippet must notice)
    ("freeze.py", "            module.eval()", "            pass", "BatchNorm statistics move"),
    ("freeze.py", "model.requires_grad_(False)  # (1)!", "pass", "the backbone trains too"),
    (
        "checkpoint.py",
        '        optimizer.load_state_dict(checkpoint["optimizer"])',
        "        pass",
        "momentum and lr are lost on resume",
    ),
    (
        "checkpoint.py",
        '    shuffler.set_state(checkpoint["shuffler"])',
        "    pass",
        "the resumed batch order changes",
    ),
    (
        "partial_load.py",
        'k.removeprefix("module.")',
        "k",
        "the wrapped keys do not match",
    ),
    (
        "map_location.py",
        "restored.load_state_dict(state)",
        "pass",
        "the restored layer keeps its fresh initialisation",
    ),
    ("inference.py", "model.eval()  # (1)!", "pass", "BatchNorm still uses the batch's statistics"),
    (
        "param_groups.py",
        '{"params": backbone, "lr": 1e-4},  # (1)!',
        '{"params": backbone},',
        "the backbone gets the head's lr",
    ),
    ("trainable_only.py", "model.requires_grad_(False)", "pass", "nothing is frozen"),
    (
        "trainable_only.py",
        "optimizer.step()",
        "pass",
        "the trainable parameters do not move",
    ),
    (
        "stages.py",
        "            x = getattr(self, name)(x)  # (1)!",
        "            pass",
        "every stage returns the stem's features",
    ),
    ("mobilenet_blocks.py", "groups=in_channels, ", "", "the depthwise conv mixes channels"),
    (
        "exercise_partial_backbone.py",
        "model.load_state_dict(fits, strict=False)",
        "model.load_state_dict({}, strict=False)",
        "nothing is loaded",
    ),
]


@pytest.mark.cpu_only
@pytest.mark.parametrize(
    ("name", "line", "replacement", "why"),
    MUTATIONS,
    ids=[f"{m[0]}: {m[3]}" for m in MUTATIONS],
)
def test_deleting_a_key_line_makes_the_snippet_fail(tmp_path, name, line, replacement, why):
    source = (CHAPTER / name).read_text(encoding="utf-8")
    assert source.count(line) == 1, f"{name} no longer contains exactly one {line.strip()!r}"
    mutant = tmp_path / name
    mutant.write_text(source.replace(line, replacement), encoding="utf-8")
    result = run(Snippet(mutant))
    assert result.returncode != 0, f"{name} still passes when {why}"
    assert "AssertionError" in result.stderr or "RuntimeError" in result.stderr, result.stderr


@pytest.mark.cpu_only
def test_pretrained_weights_are_one_switch_away():
    """The download line is real code behind --pretrained, off by default (CI is offline)."""
    script = CHAPTER / "replace_head.py"
    source = script.read_text(encoding="utf-8")
    assert "ResNet18_Weights.DEFAULT if args.pretrained else None" in source
    assert "MobileNet_V3_Small_Weights.DEFAULT if args.pretrained else None" in source
    assert '"--pretrained", action="store_true"' in source  # store_true: off unless asked for
    result = subprocess.run(
        [sys.executable, str(script), "--help"], env=run_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--pretrained" in result.stdout and "ImageNet" in result.stdout
