"""Make mkdocs-jupyter notebooks render as pages in every language, from one source.

Works around mkdocs-static-i18n issue #198
(https://github.com/ultrabug/mkdocs-static-i18n/issues/198): i18n's ``on_files``
(priority -100) rebuilds every File as a plain ``File``, so the ``NotebookFile``
wrappers that mkdocs-jupyter put in place are lost and the notebooks are copied
as raw ``.py`` files instead of being rendered. Running after i18n, we wrap them
again. A walkthrough has one source for both languages (``tensor/walkthrough.py``), which
i18n's ``fallback_to_default`` hands to the en build too; we place each build's page in its
language's folder (``en/tensor/walkthrough/``), and the page renders the build language's
notebook (tools/notebooks.py): the executed copy when nox asks for it, else a copy of that
language which mkdocs-jupyter executes. The file remembers its language (``notes_language``, for the
hooks that speak to the reader) and its source (``notes_source``, for the download).
i18n also records language alternates for documentation pages only, so the
language switcher on a notebook page would fall back to the home page; we give
each notebook its alternates (the same path under each language's prefix: one source makes
every language's page). Code cells become focusable, so that a keyboard can scroll the wide
ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import notebooks  # noqa: E402


@event_priority(-200)  # after mkdocs-static-i18n's on_files (-100)
def on_files(files, config):
    jupyter = config.plugins["mkdocs-jupyter"]
    i18n = config.plugins["i18n"]
    prefix = {
        lang: "" if lang == i18n.default_language else f"{lang}/" for lang in i18n.build_languages
    }
    for file in list(files):
        if isinstance(file, NotebookFile) or not jupyter.should_include(file):
            continue
        # mkdocs-jupyter places the page by the source's name (tensor/walkthrough/); each
        # language's build puts it in that language's folder (en/tensor/walkthrough/). i18n's
        # own place is no good: it takes a .py for an asset, and places the en build's fallback
        # copy of an asset at the default language's path, where it would overwrite the zh page.
        notebook = NotebookFile(file, config.use_directory_urls, config.site_dir)
        lang = i18n.current_language
        neutral_url = notebook.url
        notebook.dest_path = prefix[lang] + notebook.dest_uri
        notebook.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, notebook.dest_path))
        notebook.url = prefix[lang] + neutral_url
        notebook.notes_source, notebook.notes_language = file.abs_src_path, lang
        notebook.abs_src_path = str(_rendered_copy(Path(file.abs_src_path), lang))
        file.alternates = {code: SimpleNamespace(url=p + neutral_url) for code, p in prefix.items()}
        files.remove(file)
        files.append(notebook)
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
