"""Serve the files readers download from the site itself (no GitHub needed).

* every ``snippets/**/*.py`` is published at ``/snippets/...`` so a page can link
  a download of exactly the code the tests run (GitHub is not reliably reachable
  behind the GFW), and with Chinese comments at ``/snippets/zh/...``, which the zh pages
  link (``hooks/snippet_includes.py``; the code is the same, tests/test_comments.py);
* every walkthrough notebook page gets a ``<name>.ipynb`` beside it, for the "download
  notebook" button (see overrides/main.html): the page's language notebook made from the
  jupytext source (tools/notebooks.py), unexecuted; on a zh page its prose and its code
  comments are Chinese, as the page shows them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import notebooks  # noqa: E402


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    if str(root / "hooks") not in sys.path:
        sys.path.insert(0, str(root / "hooks"))
    from snippet_includes import text_of

    for path in sorted((root / "snippets").rglob("*.py")):
        # What the folded complete program shows: no "# (1)!" annotation markers, which mean
        # nothing in an editor; the code is the tested file's (tests/test_comments.py).
        uri = path.relative_to(root).as_posix()
        english = text_of(path, None, english=True, where=uri)
        files.append(File.generated(config, uri, content=english))
        if config.theme["language"] != "zh":
            continue  # the English site (en/) needs no Chinese copies
        zh_uri = "snippets/zh/" + uri.removeprefix("snippets/")
        chinese = text_of(path, None, english=False, where=uri)
        files.append(File.generated(config, zh_uri, content=chinese))
    return files


def on_post_page(output, page, config):
    if getattr(page, "nb_url", None):
        # The source hooks/notebooks.py recorded (the page renders a copy), in the site's language.
        notebook = notebooks.read(Path(page.file.notes_source), config.theme["language"])
        dest = Path(page.file.abs_dest_path)
        # tensor/walkthrough/walkthrough.ipynb, or tensor/walkthrough.ipynb in the offline
        # copy (file URLs: tensor/walkthrough.html): beside the page, named like it.
        stem = dest.parent.name if dest.name == "index.html" else dest.stem
        target = dest.parent / f"{stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")
    return output
