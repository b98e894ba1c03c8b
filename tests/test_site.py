"""The site's structure: both languages, same code, every snippet shown, every include real.

Each language is its own MkDocs site (mkdocs.yml, mkdocs.en.yml) and `mkdocs build` only sees
what the nav and includes point at, so these checks are what keep the two languages and the
tested code in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest
import yaml

from tools import comments, notebooks, prose_numbers
from tools.snippets import DOCS, FENCE, INCLUDE, ROOT, discover, includes

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")

ZH_PAGES = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))
EN_PAGES = sorted(DOCS.rglob("*.en.md"))
NOTEBOOKS = notebooks.sources()  # one source per chapter, holding both languages' prose
HAN = re.compile(r"[\u3400-\u9fff]")  # Chinese characters
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # and CJK/full-width punctuation


def en_twin(zh: Path) -> Path:
    return zh.with_name(zh.name.removesuffix(zh.suffix) + ".en" + zh.suffix)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_pages_exist():
    assert len(ZH_PAGES) >= 3 and NOTEBOOKS, "docs/ looks empty"


@pytest.mark.parametrize("zh", ZH_PAGES, ids=rel)
def test_every_chinese_page_has_an_english_twin(zh: Path):
    assert en_twin(zh).exists(), f"{rel(zh)} has no English translation {rel(en_twin(zh))}"


@pytest.mark.parametrize("en", EN_PAGES, ids=rel)
def test_every_english_page_has_a_chinese_twin(en: Path):
    zh = en.with_name(en.name.replace(".en.md", ".md"))
    assert zh.exists(), f"{rel(en)} has no Chinese original {rel(zh)}"


@pytest.mark.parametrize("zh", [p for p in ZH_PAGES if en_twin(p).exists()], ids=rel)
def test_both_languages_show_the_same_code(zh: Path):
    """Same snippets and outputs in the same order; a shared prose fragment (includes/) is
    included in its own language: includes/x.md on the zh page, includes/x.en.md on the en one."""
    en = [inc.replace(".en.md", ".md") if inc.startswith("includes/") else inc
          for inc in includes(en_twin(zh), steps=True)]  # fmt: skip
    zh_fragments = [inc for inc in includes(zh) if inc.startswith("includes/")]
    assert not [inc for inc in zh_fragments if inc.endswith(".en.md")], "English prose on a zh page"
    assert includes(zh, steps=True) == en, (
        f"{rel(zh)} and its English twin include different files or steps (or in another order)"
    )


def _headings_and_formulas(markdown: str) -> tuple[list[str], list[str]]:
    return re.findall(r"^#+ ", markdown, re.M), re.findall(r"\$\$.*?\$\$", markdown, re.S)


def _prose_in(cell, lang: str) -> bool:
    return cell is not None and cell.cell_type == "markdown" and cell.metadata.get("lang") == lang


@pytest.mark.parametrize("source", NOTEBOOKS, ids=rel)
def test_every_prose_cell_has_its_counterpart_in_the_other_language(source: Path):
    """A walkthrough tells each step in both languages (tools/notebooks.py): a lang="zh" Markdown
    cell directly followed by its lang="en" counterpart, with the same heading levels and
    formulas, so that both notebooks put the same steps around the same code cells."""
    cells = jupytext.read(source).cells
    assert any(c.cell_type == "code" for c in cells), f"{rel(source)} has no code cells"
    problems = []
    for n, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        lang = cell.metadata.get("lang")
        before = cells[n - 1] if n else None
        after = cells[n + 1] if n + 1 < len(cells) else None
        if lang == "zh":
            if not _prose_in(after, "en"):
                problems.append(f"cell {n + 1} (zh) is not followed by its en counterpart")
            elif _headings_and_formulas(cell.source) != _headings_and_formulas(after.source):
                problems.append(f"cells {n + 1}-{n + 2}: headings or formulas differ")
        elif lang == "en":
            if not _prose_in(before, "zh"):
                problems.append(f"cell {n + 1} (en) does not follow its zh counterpart")
        else:
            problems.append(f'cell {n + 1}: Markdown without lang="zh" or lang="en"')
    assert not problems, f"{rel(source)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", notebooks.LANGUAGES)
@pytest.mark.parametrize("source", NOTEBOOKS, ids=rel)
def test_a_language_notebook_holds_no_text_of_the_other(source: Path, lang: str):
    """The notebook a reader gets (page, executed copy, download: tools/notebooks.for_language)
    is in one language: the en one has no Chinese anywhere; in the zh one every prose cell is
    Chinese and every code comment too, unless its translation keeps it as is ("(3, 1)")."""
    cells = notebooks.read(source, lang).cells
    prose = [c.source for c in cells if c.cell_type == "markdown"]
    code = [c.source for c in cells if c.cell_type == "code"]
    assert prose and code, f"{rel(source)} ({lang}): no prose or no code"
    if lang == "en":
        chinese = [text[:60] for text in prose + code if CJK.search(text)]
        assert not chinese, f"{rel(source)} (en) shows Chinese: {chinese}"
        return
    english = [text[:60] for text in prose if not HAN.search(text)]
    assert not english, f"{rel(source)} (zh) shows prose cells with no Chinese: {english}"
    table = comments.table(source.parent.name)
    untranslated = [
        block.text[:60]
        for cell in code
        for block in comments.blocks(cell)
        if not HAN.search(block.text) and table.get(block.text) != block.text
    ]
    assert not untranslated, f"{rel(source)} (zh) shows English comments: {untranslated}"


@pytest.mark.parametrize("page", ZH_PAGES + EN_PAGES, ids=rel)
def test_every_include_resolves(page: Path):
    missing = [inc for inc in includes(page) if not (ROOT / inc).is_file()]
    assert not missing, f"{rel(page)} includes missing files: {missing}"


@pytest.mark.parametrize("page", ZH_PAGES + EN_PAGES, ids=rel)
def test_fences_are_either_tested_inline_code_or_includes(page: Path):
    """A ```python fence with attributes escapes pytest-codeblocks, and a hand-typed
    "output" fence could drift: both must be includes of tested files."""
    for fence in FENCE.finditer(page.read_text(encoding="utf-8")):
        info, body = fence["info"].strip(), fence["body"]
        lang = info.split(" ")[0]
        if lang == "python" and info != "python":
            assert "--8<--" in body, f"{rel(page)}: ```{info} is not run by any test"
        if lang == "text" and "title=" in info:
            assert INCLUDE.search(body) and len(body.strip().splitlines()) == 1, (
                f"{rel(page)}: an output fence must only include a captured .output.txt"
            )


def test_every_snippet_and_its_output_is_on_a_page():
    shown = {inc for page in ZH_PAGES for inc in includes(page)}
    orphans = []
    for snippet in discover():
        output = snippet.output_path
        if snippet.rel not in shown:
            orphans.append(snippet.rel)
        if output.exists() and output.read_text().strip() and rel(output) not in shown:
            orphans.append(rel(output))
    assert not orphans, f"not included by any page: {orphans}"


@pytest.mark.parametrize("page", ZH_PAGES + EN_PAGES, ids=rel)
def test_figures_come_from_snippets(page: Path):
    """Figures under assets/figures/ are written by snippets (never committed by hand)."""
    code = "\n".join(s.path.read_text() for s in discover())
    for src in IMAGE.findall(page.read_text(encoding="utf-8")):
        if "assets/figures/" in src:
            name = src.rsplit("/", 1)[-1]
            assert f'"{name}"' in code, f"{rel(page)} shows {name}, which no snippet writes"


def prose(text: str) -> str:
    """A page's text without code: fences, `inline code`, link targets and HTML comments."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


LINE_NUMBER_REFERENCES = re.compile(
    r"第\s*[0-9一二三四五六七八九十两]+\s*行|最后一行|倒数第"
    r"|\blines?\s+\d+|\b(?:first|second|third|fourth|fifth|sixth|last|next)\s+"
    r"(?:two\s+|three\s+)?(?:output\s+)?lines?\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("page", ZH_PAGES + EN_PAGES, ids=rel)
def test_pages_quote_output_labels_not_line_numbers(page: Path):
    """ "Line 3 of the output" silently points at the wrong line once a print is added: every
    printed line carries a label, and the prose quotes the label."""
    found = [
        f"{rel(page)}:{n}: {m.group()!r}"
        for n, line in enumerate(prose(page.read_text(encoding="utf-8")).splitlines(), 1)
        for m in LINE_NUMBER_REFERENCES.finditer(line)
    ]
    assert not found, "quote the printed label instead:\n" + "\n".join(found)


ALLOWED_NUMBERS = prose_numbers.allowed_entries()


@pytest.mark.parametrize("page", ZH_PAGES + EN_PAGES, ids=rel)
def test_numbers_in_prose_are_printed_by_the_code(page: Path):
    """A re-capture changes what an output prints, and a sentence quoting the old value is then
    false: every decimal, timing, ratio, percentage, size and count of three or more digits in
    the prose, annotations and admonitions must be printed by an output, report or snippet the
    page (or a page it links to) includes, or be on tools/prose_numbers.yml with its reason."""
    stale = prose_numbers.unprinted(page, ALLOWED_NUMBERS)
    assert not stale, "no included output prints these (re-captured?):\n" + "\n".join(
        q.where() for q in stale
    )


def test_the_number_check_catches_a_stale_number(tmp_path):
    """Not vacuous: a page quoting the training log's numbers passes; the same page with one
    digit of a loss changed, a timing, a ratio or a count that nothing prints fails."""
    log = (ROOT / "snippets" / "mnist" / "train.output.txt").read_text(encoding="utf-8")
    loss = re.search(r"val loss (\d\.\d{4})", log)[1]
    wrong = f"{float(loss) + 0.0005:.4f}"
    fake = tmp_path / "number-check.md"  # includes are paths from the root: they resolve here
    for quoted, caught in [(loss, False), (wrong, True), (loss[:4], False),
                           ("7.77 s", True), ("3.33×", True), ("54 321", True)]:  # fmt: skip
        fake.write_text(
            f'```text title="输出"\n--8<-- "snippets/mnist/train.output.txt"\n```\n\n'
            f"验证损失是 {quoted}。\n",
            encoding="utf-8",
        )
        found = [q.text for q in prose_numbers.unprinted(fake, [])]
        assert found == ([quoted] if caught else []), (quoted, found)


def test_the_number_check_reads_what_pages_quote():
    """The pages quote hundreds of numbers; the check sees them (not an empty match)."""
    quoted = [q for page in ZH_PAGES for q in prose_numbers.quoted_numbers(page)]
    assert len(quoted) > 300
    assert {"99.15 %", "3 496 074", "0.5003"} <= {q.text for q in quoted}


def test_every_allowed_number_has_a_reason_and_is_still_quoted():
    """The allow-list stays short and true: each entry says why, and an entry no page quotes
    any more is removed."""
    quoted = [q for page in ZH_PAGES + EN_PAGES for q in prose_numbers.quoted_numbers(page)]
    for entry in ALLOWED_NUMBERS:
        assert entry.get("reason", "").strip(), entry
        assert any(prose_numbers.is_allowed(q, [entry]) for q in quoted), (
            f"no page quotes {entry} any more: remove it from tools/prose_numbers.yml"
        )


GLOSSARY = yaml.safe_load((ROOT / "includes" / "glossary.yml").read_text(encoding="utf-8"))


def zh_texts():
    """Every Chinese text a reader sees: zh pages, notebooks' Markdown, comment translations."""
    for page in ZH_PAGES:
        yield rel(page), page.read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        cells = notebooks.read(notebook, "zh").cells
        yield rel(notebook), "\n".join(c.source for c in cells if c.cell_type == "markdown")
    for table in sorted((ROOT / "snippets").glob("*/comments.zh.yml")):
        entries = yaml.safe_load(table.read_text(encoding="utf-8")) or []
        yield rel(table), "\n".join(str(e.get("zh") or "") for e in entries)


def test_glossary_terms_are_complete():
    for term in GLOSSARY:
        assert {"en", "zh", "page", "zh_note", "en_note"} <= set(term), term
        assert (DOCS / term["page"]).is_file(), f"glossary: {term['en']} links to a missing page"
        for pattern in term.get("avoid", []):
            re.compile(pattern)


@pytest.mark.parametrize("where,text", list(zh_texts()), ids=[w for w, _ in zh_texts()])
def test_chinese_prose_uses_the_glossary_terms(where, text):
    """One term per concept (includes/glossary.yml); a gloss in full-width parentheses, like
    轮（epoch）, may still give the English."""
    text = re.sub(r"（[^）\n]*）", "", prose(text))
    found = [
        f"{where}:{n}: {m.group()!r} -> use {term['zh']} ({term['en']})"
        for n, line in enumerate(text.splitlines(), 1)
        for term in GLOSSARY
        for pattern in term.get("avoid", [])
        for m in re.finditer(pattern, line)
    ]
    assert not found, "\n".join(found)


def test_glossary_terms_explain_themselves_where_used():
    """The first prose mention of a glossary term carries its meaning as a tooltip
    (hooks/glossary.py); code, headings and links are left alone, and later mentions too."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import glossary

    html = '<h2>梯度</h2><p><code>张量</code> 张量的梯度，又一个张量</p><p><a href="x">批次</a></p>'
    out = glossary.explain_terms(html, english=False)
    assert out.count("<abbr") == 2 and '<abbr title="存放数值的多维数组' in out
    assert "<h2>梯度</h2>" in out and "<code>张量</code>" in out and ">批次</a>" in out
    out = glossary.explain_terms("<p>A Tensor has a shape; tensors too.</p>", english=True)
    assert '">Tensor</abbr>' in out and '">shape</abbr>' in out and out.count("<abbr") == 2


def test_the_english_nav_lists_the_chinese_nav_in_english():
    """mkdocs.en.yml's nav: the same pages in the same places as mkdocs.yml's, titled in English."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

    def shape(entries):
        return [shape(v) if isinstance(v, list) else v for e in entries for v in e.values()]

    def titles(entries):
        return [t for e in entries for k, v in e.items()
                for t in [k, *(titles(v) if isinstance(v, list) else [])]]  # fmt: skip

    zh, en = (yaml.load((ROOT / name).read_text("utf-8"), Loader=Loader)["nav"]
              for name in ("mkdocs.yml", "mkdocs.en.yml"))  # fmt: skip
    assert shape(en) == shape(zh)
    assert not [t for t in titles(en) if HAN.search(t)]
