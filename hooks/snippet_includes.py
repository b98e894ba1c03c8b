"""Expand a page's snippet includes: whole files, single steps and their outputs, in its language.

A page includes the tested files themselves (paths from the repository root):

* ``--8<-- "snippets/<ch>/<topic>.py"``: the whole file (the folded "complete program");
* ``--8<-- "snippets/<ch>/<topic>.py:<step>"``: one step, the ``# %% <step>`` cell
  (``tools/cells.py``);
* ``--8<-- "snippets/<ch>/<topic>.output.txt:<step>"``: what that step printed, captured by
  ``nox -s outputs``; without ``:<step>``, everything the file printed.

On a zh page the code shows Chinese comments and docstrings from
``snippets/<chapter>/comments.zh.yml`` (``tools/comments.py``: only comments and docstrings
differ, ``tests/test_comments.py`` compares the code's AST), and its download links give the
same translated file (``hooks/site_downloads.py`` publishes it under ``snippets/zh/``). A comment
without a translation, or a step that does not exist, is a build warning, so
``mkdocs build --strict`` fails.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import cells, comments  # noqa: E402
from tools.snippets import INCLUDE  # noqa: E402

log = logging.getLogger("mkdocs.hooks.snippet_includes")
# A download link to a snippet: [text](../snippets/<ch>/<file>.py){ download }
DOWNLOAD = re.compile(r"\((?P<up>(?:\.\./)*)snippets/(?P<file>[\w/.-]+\.py)\)\{ download \}")


def chinese(path: Path, where: str = "") -> str:
    """A snippet's source with Chinese comments (a warning for each one without)."""
    chapter = path.relative_to(ROOT / "snippets").parts[0]
    source = path.read_text(encoding="utf-8")
    translated, missing = comments.translate(source, comments.table(chapter))
    for block in missing:
        log.warning(
            "%s: %s has no Chinese in %s (python -m tools.comments stub %s)",
            where or path.name,
            block.where(path),
            comments.table_path(chapter).relative_to(ROOT),
            chapter,
        )
    return translated


def text_of(path: Path, step: str | None, english: bool, where: str) -> str:
    if path.name.endswith(".output.txt"):
        captured = path.read_text(encoding="utf-8")
        if step is None:
            return cells.strip_markers(captured)
        parts = cells.split_output(captured)
        if step not in parts:
            log.warning("%s: %s has no output of step %r", where, path.name, step)
            return ""
        return parts[step]
    source = path.read_text(encoding="utf-8") if english else chinese(path, where)
    if step is None:  # the folded complete program: its steps above carry the annotations
        return cells.strip_annotations(source)
    try:
        return cells.step(source, step).code
    except KeyError:
        log.warning("%s: %s has no step %r (a '# %%%% %s' cell)", where, path.name, step, step)
        return ""


def expand(markdown: str, where: str = "", english: bool = False) -> str:
    """Inline each snippet include of a page in its language."""

    def inline(match: re.Match) -> str:
        if not match["path"].startswith("snippets/") or not match["path"].endswith(
            (".py", ".output.txt")
        ):
            return match.group(0)  # not a snippet: pymdownx.snippets includes it as it is
        path = ROOT / match["path"]
        if not path.is_file():
            log.warning("%s: includes %s, which does not exist", where, match["path"])
            return match.group(0)
        text = text_of(path, match["step"], english, where)
        indent = match["indent"]
        return "\n".join(indent + line if line else "" for line in text.splitlines())

    expanded = INCLUDE.sub(inline, markdown)
    if english:
        return expanded
    # The zh reader downloads the file the page shows: Chinese comments, same code.
    return DOWNLOAD.sub(
        lambda m: f"({m['up']}snippets/zh/{m['file']}){{ download }}",
        expanded,
    )


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    return expand(markdown, page.file.src_uri, english=config.theme["language"] == "en")
