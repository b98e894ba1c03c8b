"""Make mkdocs-jupyter notebooks render as pages in every language.

Works around mkdocs-static-i18n issue #198
(https://github.com/ultrabug/mkdocs-static-i18n/issues/198): i18n's ``on_files``
(priority -100) rebuilds every File as a plain ``File``, so the ``NotebookFile``
wrappers that mkdocs-jupyter put in place are lost and the notebooks are copied
as raw ``.py`` files instead of being rendered. Running after i18n, we wrap them
again. The destination i18n computed (``en/tensor/walkthrough/index.html`` for
``tensor/walkthrough.en.py``) is already the page's, so it is kept as is.
i18n also records language alternates for documentation pages only, so the
language switcher on a notebook page would fall back to the home page; we give
each notebook its alternates (the same path under each language's prefix;
tests/test_site.py guarantees every notebook exists in every language). Code cells become
focusable, so that a keyboard can scroll the wide ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile


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
        notebook = NotebookFile(file, config.use_directory_urls, config.site_dir)
        # NotebookFile recomputes dest/url from the source name; keep i18n's instead.
        notebook.dest_path, notebook.abs_dest_path, notebook.url = (
            file.dest_path,
            file.abs_dest_path,
            file.url,
        )
        if executed := _executed_copy(file.abs_src_path):
            # `nox -s docs` ran this notebook already (tools/notebooks.py): render that run.
            # Readers still download the source as written (hooks/site_downloads.py).
            notebook.notes_source = file.abs_src_path
            notebook.abs_src_path = str(executed)
        neutral_url = file.url.removeprefix(prefix[i18n.current_language])
        file.alternates = {lang: SimpleNamespace(url=p + neutral_url) for lang, p in prefix.items()}
        files.remove(file)
        files.append(notebook)
    return files


def _executed_copy(source: str) -> Path | None:
    """The run of ``source`` that tools/notebooks.py made, when nox asks for one:
    "1" (`nox -s docs`): it must exist and be up to date; "prefer" (`nox -s serve`): use it
    if it is, else let mkdocs-jupyter execute the source (a notebook edited while serving)."""
    mode = os.environ.get("PYTORCH_NOTES_EXECUTED_NOTEBOOKS")
    if mode not in {"1", "prefer"}:
        return None
    from tools.notebooks import fresh_executed  # on the path: nox sets PYTHONPATH to the root

    executed = fresh_executed(Path(source))
    if executed is None and mode == "1":
        raise SystemExit(f"{source}: no up-to-date executed copy; run `python -m tools.notebooks`")
    return executed


def on_post_page(output, page, config):
    """A notebook's code cells scroll sideways when a line is long: keyboard users can only
    scroll a region they can focus (axe-core: scrollable-region-focusable)."""
    if not getattr(page, "nb_url", None):
        return output
    return output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
