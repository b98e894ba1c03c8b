"""Render the glossary pages from ``includes/glossary.yml``, the one list of the site's terms,
and explain each term where it is used: its first mention in a page's prose becomes
``<abbr title="what it means">term</abbr>``, which Material shows as a tooltip
(``content.tooltips``). Code, links, headings and the glossary page itself are left alone.

The same file drives ``tests/test_site.py::test_chinese_prose_uses_the_glossary_terms``, so the
page readers consult and the check that keeps the pages consistent cannot disagree.
"""

from __future__ import annotations

import functools
import html
import re
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
    return markdown.replace(MARKER, table(config.theme["language"] == "en"))


# Text inside these elements is not prose: no tooltip there.
SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "kbd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "script",
    "style",
    "button",
    "label",
    "summary",
    "svg",
    "title",
    "textarea",
    "select",
    "nav",
}
TAG = re.compile(r"(<[^>]+>)")


def tooltips(english: bool) -> list[tuple[re.Pattern, str]]:
    """(how the term appears in prose, its one-line meaning), longest terms first."""
    stat = TERMS.stat()
    return list(_tooltips(english, stat.st_mtime_ns, stat.st_size))  # a copy: callers consume it


@functools.lru_cache(maxsize=8)
def _tooltips(english: bool, mtime_ns: int, size: int) -> tuple[tuple[re.Pattern, str], ...]:
    """Built once per version of the glossary, not once per page (11 s of a build)."""
    found = []
    for t in yaml.safe_load(TERMS.read_text(encoding="utf-8")):
        if t.get("tooltip") is False:  # an everyday word too: a tooltip would mislabel it
            continue
        note = re.sub(r"`([^`]*)`", r"\1", t["en_note" if english else "zh_note"])
        if english:
            pattern = re.compile(rf"(?<![\w-])({re.escape(t['en'])})(?![\w-])", re.IGNORECASE)
            size = len(t["en"])
        else:
            term = re.sub(r"（.*?）", "", t["zh"])
            pattern = re.compile(f"({re.escape(term)})")
            size = len(term)
        found.append((size, pattern, note))
    return tuple((p, n) for _, p, n in sorted(found, key=lambda f: -f[0]))


def explain_terms(content: str, english: bool) -> str:
    """Wrap the first prose mention of each glossary term in an <abbr> with its meaning."""
    pending = tooltips(english)
    parts, skipping = TAG.split(content), []
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name[1].lower() in SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping and skipping[-1] == name[1].lower():
                        skipping.pop()
                else:
                    skipping.append(name[1].lower())
            continue
        if skipping or not part.strip():
            continue
        # Each pending term's first mention in this text, earliest first, never overlapping.
        found = []
        for j, (pattern, _) in enumerate(pending):
            match = pattern.search(part) if pattern is not None else None
            if match:
                found.append((match.start(), -len(match[1]), j, match))
        pieces, cursor = [], 0
        for start, _, j, match in sorted(found):
            if start < cursor:
                continue
            title = html.escape(pending[j][1], quote=True)
            pieces += [part[cursor:start], f'<abbr title="{title}">{match[1]}</abbr>']
            cursor = match.end()
            pending[j] = (None, pending[j][1])
        part = "".join(pieces) + part[cursor:]
        parts[i] = part
    return "".join(parts)


def on_page_content(content, page, config, files):
    uri = page.file.src_uri
    if uri.startswith("glossary") or not uri.endswith(".md"):
        return content
    return explain_terms(content, config.theme["language"] == "en")
