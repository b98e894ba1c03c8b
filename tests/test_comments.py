"""Chinese readers get every comment and docstring in Chinese (tools/comments.py,
hooks/snippet_includes.py), and the translated code is the tested code."""

from __future__ import annotations

import ast
import re

import pytest

from tools import comments
from tools.snippets import DOCS, ROOT


def code_only(source: str) -> str:
    """The AST with docstrings blanked: equal for two sources that differ only in prose."""
    tree = ast.parse(source)
    for docstring in comments.docstrings(tree):
        docstring.value = ""
    return ast.dump(tree)


@pytest.mark.parametrize("chapter", comments.chapters())
def test_every_comment_has_chinese(chapter):
    problems = comments.check(chapter)
    assert not problems, (
        f"{len(problems)} problem(s); run `python -m tools.comments stub {chapter}` and fill in "
        "every zh:\n" + "\n".join(problems[:20])
    )


# The snippets and the exercise starters: a zh reader downloads both with Chinese comments.
DOWNLOADS = [path for chapter in comments.chapters() for path in comments.snippet_files(chapter)]


@pytest.mark.parametrize("path", DOWNLOADS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translated_code_is_the_tested_code(path):
    source = path.read_text(encoding="utf-8")
    chapter = path.relative_to(ROOT / "snippets").parts[0]
    translated, _ = comments.translate(source, comments.table(chapter))
    assert code_only(translated) == code_only(source)
    # Code annotations are what the page's numbered notes attach to: all of them survive.
    markers = [m.group() for m in comments.MARKER.finditer(source)]
    assert [m.group() for m in comments.MARKER.finditer(translated)] == markers


def test_translation_replaces_comments_and_docstrings():
    source = (
        '"""Says why.\n\nLonger."""\n\n'
        "# keeps a sentence\n# over two lines\nx = 1  # after code\ny = 2  # (1)!\n"
    )
    table = {
        "Says why.\n\nLonger.": "说明原因。\n\n更长。",
        "keeps a sentence over two lines": "一句话",
        "after code": "代码后",
    }
    translated, missing = comments.translate(source, table)
    assert not missing
    assert translated == (
        '"""说明原因。\n\n更长。\n"""\n\n# 一句话\nx = 1  # 代码后\ny = 2  # (1)!\n'
    )
    _, missing = comments.translate(source, {})
    assert [b.text for b in missing] == list(table)


def test_long_chinese_wraps_within_the_line_length():
    zh = "这是一句很长的中文注释，" * 12 + "里面有 `torch.no_grad()` 这样的代码。"
    lines = comments.wrap(zh, 80)
    assert len(lines) > 1 and "".join(lines) == zh
    assert all(comments._width(line) <= 80 for line in lines[:-1])
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_zh_pages_show_chinese_comments_and_en_pages_do_not():
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import snippet_includes

    pages = {
        english: snippet_includes.expand(
            (DOCS / "mnist" / f"train{'.en' if english else ''}.md").read_text(encoding="utf-8"),
            english=english,
        )
        for english in (False, True)
    }
    assert all('--8<-- "snippets/mnist/train.py"' not in page for page in pages.values())
    source = (ROOT / "snippets" / "mnist" / "train.py").read_text(encoding="utf-8")
    zh = comments.table("mnist")
    translated = [block for block in comments.blocks(source) if zh.get(block.text)]
    assert len(translated) >= 5, "the MNIST training script has hardly any translated comments"
    for block in translated:
        first_zh_line = comments.wrap(zh[block.text].splitlines()[0], 40)[0][:8]
        assert first_zh_line in pages[False], block
        assert block.text[:24] in pages[True], block  # the English comment, as written
    chinese = re.findall(r"[\u4e00-\u9fff]+", pages[True])
    assert not chinese, f"the English page shows Chinese: {chinese[:5]}"
