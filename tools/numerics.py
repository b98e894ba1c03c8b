"""Reference CPU numerics: the one place that decides which SIMD kernels a check runs on.

Float reductions (matmul, conv, softmax sums) give different last digits on AVX2 and on
AVX-512 kernels, so a training run captured on one x86 CPU drifts on another. Three
variables together make every x86-64 CPU with AVX2 compute exactly what the captured outputs
show (measured on an AVX-512 EPYC: any one of them alone is not enough):

* ``ATEN_CPU_CAPABILITY=avx2``: PyTorch's own vectorised kernels;
* ``ONEDNN_MAX_CPU_ISA=AVX2``: oneDNN (convolutions, some matmuls);
* ``MKL_CBWR=COMPATIBLE``: MKL's vendor-neutral code path, for BLAS (matmul, linear layers)
  and VML (``torch.exp`` and friends).

Why COMPATIBLE and not AVX2: MKL picks its code by CPU *vendor* as well as by ISA. With
``MKL_CBWR=AVX2`` an Intel CPU multiplies matrices differently from an AMD one (CI drew an
Intel machine and five training outputs drifted), and ``AVX2,STRICT`` fixes matmul but not
``exp``. Under ``COMPATIBLE`` matmul, addmm, exp, sums, softmax and convolutions hash the same
on EPYC Rome, EPYC Milan and Xeon Cascade Lake (emulated with ``qemu-x86_64 -cpu ...``) and on
an AVX-512 EPYC natively, at no measurable cost (MNIST epoch 24.3 s vs 24.0 s); see
``tests/test_numerics.py``, which repeats the check under emulation.

Everything that runs a snippet or a notebook for a check or a capture takes its environment
from here: nox (tests, docs build, outputs, mutation, gpu), ``tools.snippets.run_env`` (and so
torchrun's children) and the root ``conftest.py``. Stdlib only: ``noxfile.py`` imports it.

Where the pins cannot take effect (arm64, Apple silicon, an x86 CPU without AVX2), shown
outputs are compared with :func:`outputs_agree`'s tolerance instead of byte for byte; set
``PYTORCH_NOTES_NUMERICS=native`` to simulate such a machine on x86.
"""

from __future__ import annotations

import math
import os
import platform
import re
import subprocess
import sys
from functools import cache

REFERENCE_NUMERICS = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "MKL_CBWR": "COMPATIBLE",
}
REFERENCE_CAPABILITY = "AVX2"  # what torch.backends.cpu.get_cpu_capability() reports when pinned
SWITCH = "PYTORCH_NOTES_NUMERICS"  # "native": no pins (what an unpinnable machine gets)

# On a machine that cannot be pinned, a shown number and the printed one agree when
# * a percentage (99.29%) is within PERCENT_POINTS;
# * any other number is within REL_TOL of it, or within ABS_TOL (decimals: noise-level values
#   such as 2.4e-07) / INT_TOL (counts such as "6 times", which a different run shifts).
# x86 CI stays exact: this only keeps correct code green on arm64 / Apple silicon.
PERCENT_POINTS = 1.0
REL_TOL = 0.10
ABS_TOL = 1e-3
INT_TOL = 2
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(%?)")
_DIGEST = re.compile(r"\b[0-9a-f]{16,}\b")  # model hashes: any change of kernels changes them


def _has_avx2() -> bool:
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        return False  # ATEN_CPU_CAPABILITY=avx2 is an invalid value (and a warning) elsewhere
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            return " avx2" in cpuinfo.read()
    except OSError:  # not Linux: every x86-64 Mac and Windows PC of the last decade has AVX2
        return True


def pins(environ: os._Environ | dict | None = None) -> dict[str, str]:
    """The variables to set for reference numerics here; empty where they cannot apply."""
    environ = os.environ if environ is None else environ
    if environ.get(SWITCH) == "native" or not _has_avx2():
        return {}
    return dict(REFERENCE_NUMERICS)


def apply(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the pins set, or with them removed where they cannot apply."""
    env = dict(env)
    wanted = pins(env)
    for name in REFERENCE_NUMERICS:
        env.pop(name, None)
    return env | wanted


@cache
def pinned(python: str = sys.executable) -> bool:
    """Does a fresh process started with ``apply(os.environ)`` run PyTorch on the reference
    kernels? Probed rather than assumed: it is what the snippets will really get."""
    if not pins():
        return False  # nothing to pin here (or PYTORCH_NOTES_NUMERICS=native simulates that)
    probe = subprocess.run(
        [python, "-c", "import torch; print(torch.backends.cpu.get_cpu_capability())"],
        env=apply(dict(os.environ)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return probe.returncode == 0 and probe.stdout.strip() == REFERENCE_CAPABILITY


def _skeleton(text: str) -> tuple[str, list[str]]:
    text = _DIGEST.sub("<digest>", text)
    return _NUMBER.sub("<n>", text), [m[0] for m in _NUMBER.finditer(text)]


def _close(shown: str, printed: str) -> bool:
    a, b = float(shown.rstrip("%")), float(printed.rstrip("%"))
    if shown.endswith("%"):
        return abs(a - b) <= PERCENT_POINTS
    is_integer = not any(c in shown + printed for c in ".eE")
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=INT_TOL if is_integer else ABS_TOL)


def outputs_agree(shown: str, printed: str) -> list[str]:
    """Compare two outputs as an unpinnable machine must: the words, units, shapes and line
    structure exactly, every number within the tolerance above. Returns the disagreements."""
    shown_text, shown_numbers = _skeleton(shown)
    printed_text, printed_numbers = _skeleton(printed)
    if shown_text != printed_text:
        return ["the text around the numbers differs (not a last-digit drift)"]
    return [
        f"{expected} shown, {got} printed"
        for expected, got in zip(shown_numbers, printed_numbers, strict=True)
        if not _close(expected, got)
    ]
