"""The start-here route: every chapter page says whether it is core or advanced, and how long.

Each chapter page's front matter holds ``status: core`` or ``status: advanced`` (Material shows
it as an icon in the nav, with the tooltip from ``extra.status``) and ``minutes:`` (reading and
running time). This hook puts the same label under the page's title, and builds the home page's
route (the ``<!-- route -->`` marker) from the nav and those front matters, so the route, the
labels and the times cannot disagree. ``tests/test_lessons.py`` checks every page has both.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = "<!-- route -->"
H1 = re.compile(r"^# .+$", re.MULTILINE)

TEXT = {
    "zh": {
        "core": "核心路线 · 约 {m} 分钟",
        "advanced_title": "进阶 · 约 {m} 分钟",
        "advanced_body": "第一次学可以跳过这一页：核心路线不依赖它，用到时再回来。",
        "head": "| 章 | 核心页面（约需分钟） | 合计（含练习） |\n| --- | --- | --- |",
        "total": "核心路线共 {n} 页（不算练习），约 {h} 小时；每章最后的练习另计。",
        "minutes": "{m} 分钟",
        "start": "起步",
        "notebook_title": "进阶 · 笔记本",
        "notebook_body": "这个笔记本把本章的内容串成一个可以下载、逐格运行的 Jupyter 笔记本，"
        "用来复习；第一次学可以跳过。",
    },
    "en": {
        "core": "Core route · about {m} minutes",
        "advanced_title": "Advanced · about {m} minutes",
        "advanced_body": "You can skip this page on a first read: the core route does not depend "
        "on it. Come back when you need it.",
        "head": "| Chapter | Core pages (minutes) | Total (with exercises) |\n| --- | --- | --- |",
        "total": "The core route is {n} pages (exercises aside), about {h} hours; each chapter's "
        "exercises come on top.",
        "minutes": "{m} min",
        "start": "Start",
        "notebook_title": "Advanced · notebook",
        "notebook_body": "This notebook strings the chapter together as a Jupyter notebook you can "
        "download and run cell by cell, for review; skip it on a first read.",
    },
}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def title(path: Path) -> str:
    match = H1.search(path.read_text(encoding="utf-8"))
    return match.group(0)[2:].strip() if match else path.stem


def localised(uri: str, lang: str) -> Path:
    path = DOCS / uri
    if lang == "en":
        english = path.with_name(path.stem + ".en.md")
        if english.exists():
            return english
    return path


def label(meta: dict, lang: str) -> str:
    """The line under a page's title, or '' for a page without a status."""
    status, minutes = meta.get("status"), meta.get("minutes")
    text = TEXT[lang]
    if status == "core":
        return f'<p class="route-label">{text["core"].format(m=minutes)}</p>'
    if status == "advanced":
        return f'!!! note "{text["advanced_title"].format(m=minutes)}"\n    {text["advanced_body"]}'
    return ""


def route(nav: list, lang: str) -> str:
    """The home page's route: one row per chapter, its core pages in nav order."""
    text = TEXT[lang]
    rows, lessons, total = [text["head"]], 0, 0
    for entry in nav:
        ((name, target),) = entry.items()
        pages = [target] if isinstance(target, str) else [
            uri for item in target for uri in item.values() if isinstance(uri, str)
        ]  # fmt: skip
        core = [(u, front_matter(DOCS / u)) for u in pages if u.endswith(".md")]
        core = [(u, m) for u, m in core if m.get("status") == "core"]
        if not core:
            continue
        chapter = text["start"] if isinstance(target, str) else name
        if lang == "en" and not isinstance(target, str):
            index = next((u for u in pages if u.endswith("index.md")), None)
            chapter = title(localised(index, lang)) if index else name
        links = " · ".join(f"[{title(localised(u, lang))}]({u}) {m['minutes']}" for u, m in core)
        minutes = sum(m["minutes"] for _, m in core)
        lessons += sum(1 for u, _ in core if not u.endswith("exercises.md"))
        total += sum(m["minutes"] for u, m in core if not u.endswith("exercises.md"))
        rows.append(f"| {chapter} | {links} | {text['minutes'].format(m=minutes)} |")
    hours = f"{total / 60:.0f}"
    return "\n".join(rows) + "\n\n" + text["total"].format(n=lessons, h=hours)


def is_notebook(page) -> bool:
    return page.file.src_uri.rsplit("/", 1)[-1].startswith("walkthrough") and not (
        page.file.src_uri.endswith(".md")
    )


def notebook_label(lang: str) -> str:
    text = TEXT[lang]
    return (
        f'<div class="admonition note"><p class="admonition-title">{text["notebook_title"]}</p>'
        f"<p>{text['notebook_body']}</p></div>"
    )


def on_page_content(html, page, config, files):
    """A walkthrough notebook has no front matter: it is labelled advanced here, before any
    page's nav is rendered (MkDocs renders templates after every page's content)."""
    if not is_notebook(page):
        return html
    page.meta["status"] = "advanced"
    return notebook_label(config.theme["language"]) + html


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, route(config["nav"], lang))
    line = label(page.meta, lang)
    if line:
        match = H1.search(markdown)
        if match:
            markdown = markdown[: match.end()] + "\n\n" + line + "\n" + markdown[match.end() :]
    return markdown
