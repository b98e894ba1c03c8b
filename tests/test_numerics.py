"""Reference CPU numerics (tools/numerics.py): in effect wherever a snippet runs for a check or a
capture, and a tolerant comparison where a machine cannot be pinned."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tools import capture_outputs, numerics
from tools.snippets import ROOT, SNIPPETS, Snippet, check, normalise, run, run_env

PROBE = """\
import os
import torch
print("capability", torch.backends.cpu.get_cpu_capability())
for name in ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_CBWR"):
    print(name, os.environ.get(name))
"""
PINNED_OUTPUT = (
    "capability AVX2\nATEN_CPU_CAPABILITY avx2\nONEDNN_MAX_CPU_ISA AVX2\nMKL_CBWR COMPATIBLE\n"
)

needs_x86_avx2 = pytest.mark.skipif(
    not numerics.pins(), reason="the pins apply to x86-64 CPUs with AVX2 only"
)


@pytest.fixture
def probe(tmp_path) -> Snippet:
    path = tmp_path / "snippets" / "numerics" / "probe.py"
    path.parent.mkdir(parents=True)
    path.write_text(PROBE, encoding="utf-8")
    return Snippet(path)


@needs_x86_avx2
@pytest.mark.cpu_only
def test_a_snippet_process_runs_on_the_reference_kernels(probe):
    r = run(probe)
    assert r.returncode == 0, r.stderr
    assert r.stdout == PINNED_OUTPUT
    assert numerics.pinned()


@needs_x86_avx2
@pytest.mark.cpu_only
def test_torchrun_workers_inherit_the_pins(probe, tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=1",
         str(probe.path)],
        cwd=tmp_path, env=run_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout == PINNED_OUTPUT


@needs_x86_avx2
@pytest.mark.cpu_only
def test_outputs_are_captured_under_the_pins(probe, capsys):
    assert capture_outputs.capture([probe]) == 0
    assert probe.output_path.read_text(encoding="utf-8") == PINNED_OUTPUT


@needs_x86_avx2
def test_nox_runs_everything_under_the_pins():
    """nox's environment reaches pytest, the docs build's notebook kernels, `outputs`,
    the mutation gate and the GPU lane: all of them run through noxfile.ENV."""
    noxfile = pytest.importorskip("noxfile")
    assert noxfile.ENV.items() >= numerics.REFERENCE_NUMERICS.items()


def test_native_switch_removes_the_pins():
    env = {"PATH": "/bin", "ATEN_CPU_CAPABILITY": "avx2", numerics.SWITCH: "native"}
    assert numerics.pins(env) == {}
    assert "ATEN_CPU_CAPABILITY" not in numerics.apply(env)


# ----- machines that cannot be pinned: numbers within the tolerance, everything else exact ----

SHOWN = normalise((SNIPPETS / "mnist" / "compare_models.output.txt").read_text(encoding="utf-8"))


def nudge_last_digits(text: str) -> str:
    """What another CPU's kernels do to a training log: the last digit of every decimal moves."""
    import re

    return re.sub(r"(\d+\.\d*)(\d)\b", lambda m: m[1] + str((int(m[2]) + 3) % 10), text)


def test_last_digit_drift_is_within_the_tolerance():
    drifted = nudge_last_digits(SHOWN)
    assert drifted != SHOWN
    assert numerics.outputs_agree(SHOWN, drifted) == []


def test_a_changed_word_is_not_drift():
    assert numerics.outputs_agree(SHOWN, SHOWN.replace("our CNN", "my CNN", 1))
    assert numerics.outputs_agree(SHOWN, SHOWN + "one more line\n")


def test_a_number_beyond_the_tolerance_is_not_drift():
    assert numerics.outputs_agree("accuracy 99.05%\n", "accuracy 97.90%\n")
    assert numerics.outputs_agree("loss 0.0500\n", "loss 0.0700\n")
    assert numerics.outputs_agree("29,178 parameters\n", "61,706 parameters\n")


def test_model_digests_may_differ_there():
    shown = "rank 0 model sha256 " + "a" * 64 + "\n"
    assert numerics.outputs_agree(shown, shown.replace("a" * 64, "b" * 64)) == []


@pytest.mark.parametrize("pinned", [True, False], ids=["x86 pinned", "unpinnable"])
def test_the_drift_check_is_exact_only_where_the_pins_work(monkeypatch, pinned):
    """The drift check itself, fed a capture whose last digits moved (what other kernels do):
    exact where the reference kernels run, within the tolerance elsewhere; a changed word
    fails on both."""
    snippet = Snippet(SNIPPETS / "mnist" / "compare_models.py")
    monkeypatch.setattr(numerics, "pinned", lambda: pinned)

    def drift(stdout: str) -> str:
        run = subprocess.CompletedProcess([], 0, stdout=stdout, stderr="")
        run.leftovers, run.figures = [], {}
        return check(snippet, run)["output"]

    assert ("no longer prints" in drift(nudge_last_digits(SHOWN))) == pinned
    assert "no longer prints" in drift(SHOWN.replace("our CNN", "my CNN"))


@pytest.mark.cpu_only
def test_an_unpinnable_machine_runs_the_suite(tmp_path):
    """PYTORCH_NOTES_NUMERICS=native end to end: conftest drops the pins, the probe says
    "not pinned", snippets run on the machine's own kernels and the drift check passes."""
    test = "tests/test_snippets.py::test_snippet[tensor/creation]"
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test,
         "tests/test_numerics.py::test_native_probe"],
        cwd=ROOT, env=run_env() | {numerics.SWITCH: "native"},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-4000:]
    assert "2 passed" in r.stdout, r.stdout[-2000:]


def test_native_probe():
    """Inside the run above (and harmless elsewhere): no pin is left in the environment."""
    import os

    if os.environ.get(numerics.SWITCH) != "native":
        pytest.skip("only meaningful inside test_an_unpinnable_machine_runs_the_suite")
    assert not numerics.pinned()
    assert not numerics.REFERENCE_NUMERICS.keys() & os.environ.keys()


# ----- the pins hold across CPU vendors: MKL chooses its code by vendor as well as by ISA -----

FINGERPRINT = """\
import hashlib
import torch
import torch.nn.functional as F

torch.manual_seed(0)
a, b = torch.randn(300, 500), torch.randn(500, 200)
x, w = torch.randn(16, 32, 26, 26), torch.randn(64, 32, 3, 3)
parts = {
    "matmul": a @ b,  # MKL BLAS
    "addmm": torch.addmm(torch.randn(200), torch.randn(64, 2304), torch.randn(2304, 200)),
    "exp": a.exp(),  # MKL VML
    "log_softmax": torch.log_softmax(a, dim=1),  # ATen's own vectorised kernels
    "conv2d": F.conv2d(x, w),  # oneDNN
}
x.requires_grad_(True)
F.conv2d(x, w).square().sum().backward()
parts["conv2d backward"] = x.grad
for name, t in parts.items():
    print(name, hashlib.sha256(t.detach().numpy().tobytes()).hexdigest()[:16])
"""


def _vendor() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        return "intel" if "GenuineIntel" in cpuinfo.read() else "amd"


@needs_x86_avx2
@pytest.mark.cpu_only
@pytest.mark.skipif(not shutil.which("qemu-x86_64"), reason="needs qemu-user (.ci/run installs it)")
def test_a_cpu_of_the_other_vendor_computes_the_same_bytes(tmp_path):
    """CI draws Intel and AMD machines. With MKL_CBWR=AVX2 an emulated Xeon multiplied
    matrices differently from an EPYC (and five training outputs drifted on a real one);
    under the pins every part of a training step must hash the same on both."""
    script = tmp_path / "fingerprint.py"
    script.write_text(FINGERPRINT, encoding="utf-8")
    other = "EPYC-Rome" if _vendor() == "intel" else "Cascadelake-Server"
    runs = {}
    for where, prefix in (("native", []), (other, ["qemu-x86_64", "-cpu", other])):
        r = subprocess.run(
            [*prefix, sys.executable, str(script)],
            env=run_env(), capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr[-2000:]
        runs[where] = r.stdout
    assert len(runs["native"].splitlines()) == 6
    assert runs[other] == runs["native"], f"{other} (emulated) computes different bytes"
