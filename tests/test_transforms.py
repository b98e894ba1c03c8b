"""Checks specific to the image-transforms chapter (snippets/transforms, docs/transforms)."""

from __future__ import annotations

import pytest

from tools.snippets import DOCS, SNIPPETS, Snippet, run_env, run_script

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


# Every snippet of the chapter, marked as a check of that snippet (tools/mutants.py reruns it).
EACH_SNIPPET = [
    pytest.param(path, id=path.name, marks=pytest.mark.snippet(Snippet(path).id))
    for path in CHAPTER_SNIPPETS
]
# A matplotlib without its sample data: get_sample_data still answers with a path, of a file
# that does not exist. Whether the snippet asked for the photo is recorded beside it.
WITHOUT_THE_PHOTO = """\
import pathlib, runpy, sys
from matplotlib import cbook

def missing_photo(name, *args, **kwargs):
    pathlib.Path("asked-for-the-photo").touch()
    return str(pathlib.Path.cwd() / "no-such-folder" / name)

cbook.get_sample_data = missing_photo
script = sys.argv.pop(1)
runpy.run_path(script, run_name="__main__")
"""


@pytest.mark.parametrize("snippet", EACH_SNIPPET)
def test_a_missing_photo_gives_one_clear_line(snippet, tmp_path):
    """A snippet that loads the photo says in one line that it cannot, with no traceback."""
    wrapper = tmp_path / "without_the_photo.py"
    wrapper.write_text(WITHOUT_THE_PHOTO, encoding="utf-8")
    env = run_env() | {"PYTORCH_NOTES_FIGURES": str(tmp_path / "figures")}
    result = run_script([wrapper, snippet], tmp_path, env, timeout=300)
    if not (tmp_path / "asked-for-the-photo").exists():
        assert result.returncode == 0, result.stderr  # no photo needed: it just runs
        return
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().count("\n") == 0 and "grace_hopper.jpg" in result.stderr
