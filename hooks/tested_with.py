"""Which torch releases each page's code is tested on, from the lanes' real results.

* Under every page's title: the releases its code passed on ("本页代码在 torch 2.6 – 2.14 上测试
  通过"), and for a release where it fails, which file failed and why, in one line. The locked
  release comes from the CPU lane, which CI runs on every change; the older ones from the version
  lane's record, ``lanes/versions.json`` (tools/versions.py), and only for files whose content
  is still the one that was run (tools.versions.results): a page whose code changed since the
  last version run shows the locked release only.
* On getting started (the ``<!-- tested-releases -->`` marker): a table chapter x release, and
  the pages an older torch cannot run.
* In the footer: the site's range.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import snippets, versions  # noqa: E402

MARKER = "<!-- tested-releases -->"
TEXT = {
    "zh": {
        "range": "本页代码在 torch {r} 上测试通过",
        "only": "本页代码只在 torch {r} 上测试过",
        "fails": "在 torch {r} 上失败：{why}（{file}）",
        "warns": "在 torch {r} 上能运行，但会发出警告：{why}（{file}）",
        "untested": "本页现在的代码还没有在 torch {r} 上测试过",
        "sep": "；",
        "and": "、",
        "site": "torch {r}（每页注明它的代码在哪些版本上通过）",
        "chapter": "章",
        "pages": "带代码的页面",
        "need": "在较早的 torch 上不能运行的页面：",
        "need_row": "- [{title}]({link})：需要 torch {newer} 或更高版本（{detail}）",
        "fails_row": "- [{title}]({link})：{detail}",
        "detail_one": "在 torch {older} 上失败：{why}",
        "detail_many": "在 torch {older} 上失败；{last} 上：{why}",
        "not_run": "{n} 页未测",
        "notebook": "笔记本",
        "all_pass": "所有带代码的页面在表中每个版本上都测试通过。",
    },
    "en": {
        "range": "Tested on torch {r}",
        "only": "Tested on torch {r} only",
        "fails": "fails on torch {r}: {why} ({file})",
        "warns": "runs on torch {r} but warns: {why} ({file})",
        "untested": "torch {r} has not run this page's current code yet",
        "sep": "; ",
        "and": ", ",
        "site": "torch {r} (each page says which releases its code passes on)",
        "chapter": "Chapter",
        "pages": "Pages with code",
        "need": "Pages that do not run on an older torch:",
        "need_row": "- [{title}]({link}): needs torch {newer} or newer ({detail})",
        "fails_row": "- [{title}]({link}): {detail}",
        "detail_one": "fails on torch {older}: {why}",
        "detail_many": "fails on torch {older}; on {last}: {why}",
        "not_run": "{n} not run",
        "notebook": "Notebook",
        "all_pass": "Every page with code passed on every release in the table.",
    },
}


def minor(release: str) -> str:
    return ".".join(release.split(".")[:2])


def page_files(src: Path, root: Path = ROOT) -> list[str]:
    """The lane files a page runs: its included snippets (not starters), or itself (a
    walkthrough notebook)."""
    if src.suffix == ".py":
        return [src.relative_to(root).as_posix()]
    found = snippets.includes(src) if src.is_file() else []
    wanted = [f for f in found if f.startswith("snippets/") and f.endswith(".py")]
    return list(dict.fromkeys(f for f in wanted if "/starters/" not in f))


def page_releases(files: list[str], record: dict, locked: str, root: Path = ROOT) -> dict:
    """Per release: "passed", ("failed" or "warned", file, why), or None (not run on the current
    code). A failure outweighs a warning, and either outweighs a pass."""
    if not files:
        return {}
    outcome: dict = {}
    for release in sorted(record["releases"], key=versions.release_key):
        if release == locked:
            continue
        state = "passed"
        for rel in files:
            result = versions.results(record, rel, root).get(release)
            if result is None:
                state = None
            elif result.startswith(versions.WARNED):
                if state == "passed":
                    state = ("warned", rel, result.removeprefix(versions.WARNED))
            elif result != "passed":
                state = ("failed", rel, result)
                break
        outcome[release] = state
    outcome[locked] = "passed"  # the CPU lane: CI fails on any snippet that does not pass
    return outcome


def runs(state) -> bool:
    """The page's code runs to the end with its claims holding (perhaps printing a warning)."""
    return state == "passed" or (isinstance(state, tuple) and state[0] == "warned")


def span(releases: list[str], ordered: list[str], lang: str) -> str:
    """'2.6 – 2.14' when the releases are a run of consecutive ones in ``ordered``."""
    names = [minor(r) for r in releases]
    at = [ordered.index(r) for r in releases]
    if len(releases) > 1 and at == list(range(at[0], at[0] + len(at))):
        return f"{names[0]} – {names[-1]}"
    return TEXT[lang]["and"].join(names)


def first_sentence(why: str, limit: int = 140) -> str:
    """A recorded reason as a page shows it: its first sentence, at most ``limit`` characters."""
    sentence = re.split(r"(?<=[.!?])\s", why, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def page_line(outcome: dict, lang: str) -> str:
    text = TEXT[lang]
    ordered = sorted(outcome, key=versions.release_key)
    passed = [r for r in ordered if outcome[r] == "passed"]
    known = [r for r in ordered if outcome[r] is not None]
    # "only" when no other release ran this code; a release where it failed was tested too.
    parts = [text["range" if len(known) > 1 else "only"].format(r=span(passed, ordered, lang))]
    failures: dict[tuple[str, str, str], list[str]] = {}
    for r in ordered:
        if isinstance(outcome[r], tuple):
            failures.setdefault(outcome[r], []).append(r)
    for (kind, rel, why), releases in failures.items():
        parts.append(
            text["fails" if kind == "failed" else "warns"].format(
                r=span(releases, ordered, lang),
                why=f"<code>{html.escape(first_sentence(why))}</code>",
                file=f"<code>{html.escape(rel)}</code>",
            )
        )
    untested = [r for r in ordered if outcome[r] is None]
    if untested:
        parts.append(text["untested"].format(r=span(untested, ordered, lang)))
    return f'<p class="tested-range">{text["sep"].join(parts)}</p>'


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    record = versions.load(root / "lanes" / "versions.json")
    locked = versions.locked_release()
    older = [r for r, meta in record["releases"].items() if meta.get("passed") and r != locked]
    tested = sorted([*older, locked], key=versions.release_key)
    config.extra["tested_with"] = {
        "record": record,
        "locked": locked,
        "range": {lang: TEXT[lang]["site"].format(r=span(tested, tested, lang)) for lang in TEXT},
    }
    return config


def on_page_content(html_text, page, config, files):
    stamp = config.extra["tested_with"]
    src = snippets.DOCS / page.file.src_uri  # (a notebook's abs_src_path is its executed copy)
    outcome = page_releases(page_files(src, ROOT), stamp["record"], stamp["locked"])
    if not outcome:
        return html_text
    line = page_line(outcome, config.theme["language"])
    end = html_text.find("</h1>")
    if end < 0:
        return line + html_text
    return html_text[: end + 5] + line + html_text[end + 5 :]


# --- getting started: the chapter x release table ------------------------------------------


def title(path: Path) -> str:
    match = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match[1].strip() if match else path.stem


def localised(uri: str, lang: str, docs: Path) -> Path:
    path = docs / uri
    english = path.with_name(path.name.replace(".md", ".en.md"))  # a notebook has one source
    return english if lang == "en" and english.exists() else path


def nav_groups(nav: list, lang: str, docs: Path = snippets.DOCS) -> list[tuple[str, list[Path]]]:
    """The site's pages in nav order, one group per chapter (a page outside chapters is its
    own group), in the reader's language."""
    groups = []
    for entry in nav:
        ((_, target),) = entry.items()
        uris = [target] if isinstance(target, str) else [
            uri for item in target for uri in item.values() if isinstance(uri, str)
        ]  # fmt: skip
        pages = [localised(uri, lang, docs) for uri in uris]
        index = next((p for p in pages if p.name.startswith("index.")), pages[0])
        groups.append((title(index), pages))
    return groups


def releases_table(record: dict, locked: str, lang: str, groups: list, docs: Path) -> str:
    text = TEXT[lang]
    releases = sorted({*record["releases"], locked}, key=versions.release_key)
    head = f"| {text['chapter']} | {text['pages']} | " + " | ".join(map(minor, releases)) + " |"
    rows = [head, "|---" * (len(releases) + 2) + "|"]
    blocked = []
    for name, group in groups:
        pages = {}
        for page in group:
            outcome = page_releases(page_files(page, docs.parent), record, locked, docs.parent)
            if outcome:
                pages[page] = outcome
        if not pages:
            continue
        cells = []
        for r in releases:
            ok = sum(1 for o in pages.values() if runs(o.get(r)))
            not_run = sum(1 for o in pages.values() if o.get(r) is None)
            cell = "✓" if ok == len(pages) else f"{ok}/{len(pages)}"
            cells.append(cell + (f" ({text['not_run'].format(n=not_run)})" if not_run else ""))
        rows.append(f"| {name} | {len(pages)} | " + " | ".join(cells) + " |")
        for page, outcome in pages.items():
            failed = [
                r for r in releases if isinstance(outcome.get(r), tuple) and not runs(outcome[r])
            ]
            if not failed:
                continue
            later = [
                r for r in releases if versions.release_key(r) > versions.release_key(failed[-1])
            ]
            newer = next((r for r in later if runs(outcome.get(r))), None)
            why = html.escape(first_sentence(outcome[failed[-1]][2]))
            detail = text["detail_one" if len(failed) == 1 else "detail_many"].format(
                older=span(failed, releases, lang),
                last=minor(failed[-1]),
                why=f"<code>{why}</code>",
            )
            row = text["need_row" if newer else "fails_row"]
            blocked.append(
                row.format(
                    title=title(page) if page.suffix == ".md" else f"{name} · {text['notebook']}",
                    link=page.relative_to(docs).as_posix().replace(".en.", "."),
                    newer=minor(newer) if newer else "",
                    detail=detail,
                )
            )
    listing = "\n".join([text["need"], "", *blocked]) if blocked else text["all_pass"]
    return "\n".join(rows) + "\n\n" + listing


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    stamp = config.extra["tested_with"]
    lang = config.theme["language"]
    groups = nav_groups(config["nav"], lang)
    table = releases_table(stamp["record"], stamp["locked"], lang, groups, snippets.DOCS)
    return markdown.replace(MARKER, table)
