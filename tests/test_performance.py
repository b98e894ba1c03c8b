"""Mixed precision and torch.compile (docs/nn/mixed-precision.md, docs/nn/compile.md): each
snippet's key lines really matter, and the mixed-precision benchmark still runs.

tests/test_snippets.py already runs both snippets as a reader would. Timings are never
asserted anywhere: they live in benchmarks/*.report.txt. The compile benchmark has no smoke
run here: its first call builds C++ from an empty cache, minutes on two busy cores.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.snippets import ROOT, SNIPPETS, exec_quietly, run_env, with_line_replaced

CHAPTER = SNIPPETS / "nn"
pytestmark = pytest.mark.cpu_only  # the bf16 branch and the CPU op lists are what is checked

# (snippet, the line as written, what it becomes): each change must make the snippet fail.
MUTATIONS = [
    (
        "mixed_precision",
        'with torch.autocast("cpu", dtype=torch.bfloat16):  # (1)!',
        'with torch.autocast("cpu", dtype=torch.bfloat16, enabled=False):',
    ),
    ("mixed_precision", "loss.backward()  # (3)!", "pass"),
    (
        "mixed_precision",
        "with torch.autocast(DEVICE_TYPE, dtype=AMP_DTYPE, enabled=amp):\n            output",
        "with torch.autocast(DEVICE_TYPE, dtype=AMP_DTYPE, enabled=False):\n            output",
    ),
    ("mixed_precision", "scaler.step(optimizer)", "pass"),
    ("compile", "compiled = torch.compile(model)  # (1)!", "compiled = model"),
    ("compile", "    torch.compiler.reset()  # (1)!", "    pass"),
    ("compile", "backend=eager_counted, dynamic=dynamic)", "backend=eager_counted)"),
    ("compile", '    print("graph break here: print() runs in Python")', "    pass"),
]


@pytest.mark.parametrize(
    ("topic", "original", "mutated"),
    MUTATIONS,
    ids=[f"{topic}:{original.split('#')[0].strip()[:40]}" for topic, original, _ in MUTATIONS],
)
def test_breaking_the_key_line_fails_the_snippet(topic, original, mutated, monkeypatch):
    import torch

    monkeypatch.setenv("PYTORCH_NOTES_DEVICE", "cpu")
    # The compile snippet reads Dynamo's process-wide counters: start them from zero here.
    torch._dynamo.utils.counters.clear()
    torch.compiler.reset()
    code = with_line_replaced(CHAPTER / f"{topic}.py", original, mutated)
    with pytest.raises((AssertionError, AttributeError)):
        exec_quietly(code)


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
