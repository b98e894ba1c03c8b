"""Checks specific to the image-transforms chapter (snippets/transforms, docs/transforms)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.snippets import DOCS, ROOT, SNIPPETS, Snippet, run_env

CHAPTER = SNIPPETS / "transforms"
CHAPTER_SNIPPETS = sorted(p for p in CHAPTER.glob("*.py") if not p.name.startswith("_"))


def figures_of(path):
    return Snippet(path).figure_names


def test_chapter_has_enough_snippets_and_figures():
    assert len(CHAPTER_SNIPPETS) >= 8
    figures = [name for path in CHAPTER_SNIPPETS for name in figures_of(path)]
    assert len(figures) >= 8 and len(figures) == len(set(figures)), figures
    assert all(name.startswith("transforms_") for name in figures)  # no clash with other chapters


@pytest.mark.parametrize("snippet", CHAPTER_SNIPPETS, ids=lambda p: p.name)
def test_every_figure_is_shown_in_both_languages(snippet):
    for name in figures_of(snippet):
        for suffix in (".md", ".en.md"):
            pages = [
                p
                for p in (DOCS / "transforms").glob(f"*{suffix}")
                if suffix == ".en.md" or not p.name.endswith(".en.md")
            ]
            shown = [p for p in pages if f"../assets/figures/{name}" in p.read_text("utf-8")]
            assert shown, f"{name} (from {snippet.name}) is on no {suffix} page of the chapter"


@pytest.mark.parametrize("snippet", CHAPTER_SNIPPETS, ids=lambda p: p.name)
def test_photo_is_loaded_behind_a_one_line_error(snippet):
    source = snippet.read_text(encoding="utf-8")
    if "get_sample_data" in source:
        assert "except OSError" in source and "sys.exit(" in source, snippet.name


def test_missing_photo_gives_one_clear_line(tmp_path):
    """Simulate a matplotlib without its sample data: one line on stderr, no traceback."""
    snippet = CHAPTER / "resize_crop.py"
    missing = tmp_path / "no-such-photo.jpg"
    patch_and_run = (
        "import runpy, sys\n"
        "from matplotlib import cbook\n"
        f"cbook.get_sample_data = lambda *args, **kwargs: {str(missing)!r}\n"
        f"runpy.run_path({str(snippet)!r}, run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", patch_and_run],
        cwd=tmp_path,
        env=run_env() | {"PYTORCH_NOTES_FIGURES": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "grace_hopper.jpg" in result.stderr


def test_notebook_writes_no_files():
    """The walkthrough runs from the repository root at every build: it must only show figures."""
    notebook = DOCS / "transforms" / "walkthrough.py"
    source = notebook.read_text(encoding="utf-8")
    assert "savefig" not in source and "open(" not in source, notebook.relative_to(ROOT)
