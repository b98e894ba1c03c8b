"""Render the glossary pages from ``includes/glossary.yml``, the one list of the site's terms.

The same file drives ``tests/test_site.py::test_chinese_prose_uses_the_glossary_terms``, so the
page readers consult and the check that keeps the pages consistent cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "includes" / "glossary.yml"
MARKER = "<!-- glossary -->"


def table(english: bool) -> str:
    terms = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    if english:
        rows = ["| English | 中文 | Meaning |", "| --- | --- | --- |"]
        for t in terms:
            rows.append(f"| [{t['en']}]({t['page']}) | {t['zh']} | {t['en_note']} |")
    else:
        rows = ["| 中文 | English | 说明 |", "| --- | --- | --- |"]
        for t in terms:
            rows.append(f"| [{t['zh']}]({t['page']}) | {t['en']} | {t['zh_note']} |")
    return "\n".join(rows)


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, table(page.file.src_uri.endswith(".en.md")))
