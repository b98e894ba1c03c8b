"""Mixed precision and torch.compile (docs/nn/mixed-precision.md, docs/nn/compile.md):
the mixed-precision benchmark still runs (each snippet's key lines: tools/mutations.yml).

tests/test_snippets.py already runs both snippets as a reader would. Timings are never
asserted anywhere: they live in benchmarks/*.report.txt. The compile benchmark has no smoke
run here: its first call builds C++ from an empty cache, minutes on two busy cores.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.snippets import ROOT, SNIPPETS, run_env

CHAPTER = SNIPPETS / "nn"
pytestmark = pytest.mark.cpu_only  # the bf16 branch and the CPU op lists are what is checked


def test_mixed_precision_benchmark_smoke(tmp_path):
    report = tmp_path / "report.txt"
    args = ["--seeds", "1", "--steps", "40", "--block", "20", "--report", str(report)]
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "mixed_precision.py"), *args],
        cwd=tmp_path,
        env=run_env("cpu"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    text = report.read_text(encoding="utf-8")
    assert "step time bf16 / float32:" in text and "test accuracy, mean over seeds" in text
    assert list(tmp_path.iterdir()) == [report]  # nothing else left in its folder
