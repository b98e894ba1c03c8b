"""Show the Chinese pages' code with Chinese comments and docstrings.

A snippet is one file for both languages (the tests run exactly that file), so its comments are
English. On a zh page, each ``--8<-- "snippets/….py"`` include is expanded here instead of by
pymdownx.snippets, with every comment block and docstring replaced by its translation from
``snippets/<chapter>/comments.zh.yml`` (``tools/comments.py``). Only comments and docstrings
differ (``tests/test_comments.py`` compares the code's AST); the downloadable file stays the
original. A block without a translation is a build warning, so ``mkdocs build --strict`` fails.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import comments  # noqa: E402

log = logging.getLogger("mkdocs.hooks.zh_comments")
INCLUDE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>snippets/[^"]+\.py)"[ \t]*$', re.M)


def is_english(page) -> bool:
    return page.file.src_uri.endswith(".en.md")


def expand(markdown: str, where: str = "") -> str:
    """Inline each snippet include of a zh page, its comments in Chinese."""

    def inline(match: re.Match) -> str:
        path = ROOT / match["path"]
        chapter = path.parent.name
        source = path.read_text(encoding="utf-8")
        translated, missing = comments.translate(source, comments.table(chapter))
        for block in missing:
            log.warning(
                "%s: %s has no Chinese in %s (python -m tools.comments stub %s)",
                where,
                block.where(path),
                comments.table_path(chapter).relative_to(ROOT),
                chapter,
            )
        indent = match["indent"]
        return "\n".join(indent + line if line else "" for line in translated.splitlines())

    return INCLUDE.sub(inline, markdown)


def on_page_markdown(markdown, page, config, files):
    if is_english(page) or not page.file.src_uri.endswith(".md"):
        return markdown
    return expand(markdown, page.file.src_uri)
