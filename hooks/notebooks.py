"""Walkthrough notebook pages: each site renders its own language's notebook of the one source.

A walkthrough has one source for both languages (``tensor/walkthrough.py``, tools/notebooks.py),
which both sites' mkdocs-jupyter wraps as the page ``tensor/walkthrough/`` (under ``en/`` on the
English site, whose ``site_dir`` that is). The page renders the site's language's notebook: the
executed copy when nox asks for it, else a copy of that language which mkdocs-jupyter
executes. The file remembers its source (``notes_source``) for the download
(hooks/site_downloads.py). Code cells become focusable, so that a keyboard can scroll the wide
ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import notebooks  # noqa: E402


@event_priority(-50)  # after mkdocs-jupyter has wrapped the notebooks
def on_files(files, config):
    lang = config.theme["language"]
    for notebook in [f for f in files if isinstance(f, NotebookFile)]:
        notebook.inclusion = notebook.file.inclusion  # a class default the wrapper does not pass on
        notebook.notes_source = notebook.abs_src_path
        notebook.abs_src_path = str(_rendered_copy(Path(notebook.abs_src_path), lang))
    return files


def _rendered_copy(source: Path, lang: str) -> Path:
    """The ``lang`` notebook of ``source`` that the page renders: the run tools/notebooks.py
    made, when nox asks for one ("1", `nox -s docs`: it must exist and be up to date;
    "prefer", `nox -s serve`: if it is), else that language's copy for mkdocs-jupyter to
    execute (a bare build, or a notebook edited while serving)."""
    mode = os.environ.get("PYTORCH_NOTES_EXECUTED_NOTEBOOKS")
    if mode in {"1", "prefer"}:
        if executed := notebooks.fresh_executed(source, lang):
            return executed
        if mode == "1":
            raise SystemExit(
                f"{source} ({lang}): no up-to-date executed copy; run `python -m tools.notebooks`"
            )
    return notebooks.write_unexecuted(source, lang)


def on_post_page(output, page, config):
    """A notebook's code cells scroll sideways when a line is long: keyboard users can only
    scroll a region they can focus (axe-core: scrollable-region-focusable)."""
    if not getattr(page, "nb_url", None):
        return output
    return output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
