"""Finetune chapter: the pretrained weights are one switch away. (That each key line of its
snippets matters is tools/mutations.yml's job: `nox -s mutation`.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.snippets import SNIPPETS, run_env

CHAPTER = SNIPPETS / "finetune"


@pytest.mark.snippet("finetune/replace_head")
@pytest.mark.cpu_only
def test_pretrained_weights_are_one_switch_away():
    """The download line is real code behind --pretrained, off by default (CI is offline)."""
    script = CHAPTER / "replace_head.py"
    result = subprocess.run(
        [sys.executable, str(script), "--help"], env=run_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--pretrained" in result.stdout and "ImageNet" in result.stdout
