"""Does a page read as a lesson? Short steps, each with its own output, the proof folded away.

A chapter page teaches in steps: prose, a short code step (a ``# %%`` cell of a snippet,
``tools/cells.py``), that step's output directly below it, prose, the next step. The complete
file, with the checks that prove each step, is one click away in a collapsed ``???`` block.
This module measures that for every chapter page (``tests/test_lessons.py`` holds the targets):

* the longest code block a reader sees without unfolding anything (target: LONGEST lines);
* the share of those shown lines that are proof scaffolding (``assert``, ``assert_*(...)``,
  ``raise AssertionError`` and the ``else:`` that holds it; target: SCAFFOLD), and none at all
  inside a shown step (checks belong in ``# %% check`` cells);
* steps that print, and how many have their own output directly below them (only blank lines
  or the step's numbered annotations in between).

    python -m tools.lessons [chapter/ ...]     the table, one row per page and language
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tools import cells
from tools.snippets import DOCS, FENCE, INCLUDE, ROOT

LONGEST = 25  # lines in the longest code block shown by default
SCAFFOLD = 0.05  # share of shown code lines that are proof scaffolding
OPENER = re.compile(r"^(?P<indent>[ \t]*)(?P<kind>\?\?\?\+?|!!!|===)[ \t]")
ANNOTATION = re.compile(r"^\d+\.\s")
OUTPUT_CAPTION = {"zh": "运行结果", "en": "Output"}


def chapter_pages(selected: list[str] | None = None) -> list[Path]:
    """Every chapter page in both languages (chapter overviews excluded)."""
    pages = sorted(p for p in DOCS.glob("*/*.md") if p.stem.removesuffix(".en") != "index")
    if selected:
        pages = [p for p in pages if any(p.relative_to(DOCS).as_posix().startswith(s)
                                         for s in selected)]  # fmt: skip
    return pages


def language(page: Path) -> str:
    return "en" if page.name.endswith(".en.md") else "zh"


@dataclass
class Fence:
    start: int  # character offsets in the page
    end: int
    info: str
    body: str
    folded: bool  # inside a collapsed ??? block: the reader unfolds it to see it
    include: tuple[str, str | None] | None  # (path, step) when the body is one include


def fences(text: str) -> list[Fence]:
    found = []
    lines_before = text.splitlines(keepends=True)
    offsets, total = [], 0
    for line in lines_before:
        offsets.append(total)
        total += len(line)
    for match in FENCE.finditer(text):
        row = text.count("\n", 0, match.start())
        body = match["body"].strip()
        include = INCLUDE.fullmatch(body)
        found.append(
            Fence(
                match.start(),
                match.end(),
                match["info"].strip(),
                match["body"],
                _is_folded(lines_before, row, len(match["indent"])),
                (include["path"], include["step"]) if include else None,
            )
        )
    return found


def _is_folded(lines: list[str], row: int, indent: int) -> bool:
    """Whether line ``row`` (indented by ``indent``) sits inside a collapsed ``???`` block."""
    for above in range(row - 1, -1, -1):
        line = lines[above]
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip())
        if width < indent:
            opener = OPENER.match(line)
            if opener is None:
                return False  # a less indented paragraph or list item: not an admonition body
            if opener["kind"] == "???":
                return True
            indent = width  # inside a shown box or tab: look further out
            if indent == 0:
                return False
    return False


def code_of(fence: Fence, lang: str) -> str:
    """The code a fence shows, its includes expanded as the site expands them."""
    if str(ROOT / "hooks") not in sys.path:
        sys.path.insert(0, str(ROOT / "hooks"))
    import snippet_includes

    if fence.include is None:
        return fence.body
    path, step = fence.include
    if not (ROOT / path).is_file():
        return ""
    return snippet_includes.text_of(ROOT / path, step, lang == "en", "")


def scaffold_lines(code: str) -> int:
    """Lines of proof scaffolding in shown code: asserts, assert_* calls, raise AssertionError
    (with its ``else:``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # a fragment: count by eye
        return sum(
            1 for line in code.splitlines()
            if re.match(r"\s*(assert\b|raise AssertionError|\w+(\.\w+)*\.assert_\w*\()", line)
        )  # fmt: skip
    rows: set[int] = set()
    for node in ast.walk(tree):
        proof = isinstance(node, ast.Assert)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            proof = name.startswith("assert")
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            proof = getattr(exc, "id", "") == "AssertionError"
        if proof:
            rows.update(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, ast.Try) and node.orelse:
            body_rows = {r for n in node.orelse for r in range(n.lineno, n.end_lineno + 1)}
            if all(isinstance(n, ast.Raise) for n in node.orelse):
                rows.update(body_rows | {min(body_rows) - 1})  # the else: line
    return len(rows)


@dataclass
class Row:
    page: str
    shown_blocks: int
    longest: int
    shown_lines: int
    scaffold: int
    printing_steps: int
    output_below: int
    step_scaffold: int = 0  # scaffold lines inside shown steps: none allowed

    @property
    def scaffold_share(self) -> float:
        return self.scaffold / self.shown_lines if self.shown_lines else 0.0

    def problems(self) -> list[str]:
        found = []
        if self.longest > LONGEST:
            found.append(f"a code block of {self.longest} lines is shown (at most {LONGEST})")
        if self.scaffold_share > SCAFFOLD:
            found.append(
                f"{self.scaffold} of {self.shown_lines} shown code lines are checks "
                f"({self.scaffold_share:.0%}, at most {SCAFFOLD:.0%}): fold them (# %% check)"
            )
        if self.step_scaffold:
            found.append(
                f"shown steps hold {self.step_scaffold} line(s) of checks: move them into a "
                "'# %% check' cell"
            )
        if self.output_below < self.printing_steps:
            found.append(
                f"{self.printing_steps - self.output_below} of {self.printing_steps} steps that "
                "print lack their own output directly below them"
            )
        return found


def _printed(path: str, step: str | None) -> bool:
    """Whether the snippet (or one step of it) prints anything."""
    output = (ROOT / path).with_suffix("").with_suffix(".output.txt")
    if not output.exists():
        return False
    captured = output.read_text(encoding="utf-8")
    if step is None:
        return bool(cells.strip_markers(captured).strip())
    return bool(cells.split_output(captured).get(step, "").strip())


def measure(page: Path) -> Row:
    lang = language(page)
    text = page.read_text(encoding="utf-8")
    found = fences(text)
    shown = [f for f in found if not f.folded and f.info.split(" ")[0] in ("python", "py")]
    lengths, total, scaffold, step_scaffold = [], 0, 0, 0
    for fence in shown:
        code = code_of(fence, lang)
        lines = [line for line in code.splitlines() if line.strip()]
        lengths.append(len(code.strip("\n").splitlines()))
        total += len(lines)
        scaffold += scaffold_lines(code)
        if fence.include and fence.include[1]:
            step_scaffold += scaffold_lines(code)
    printing = below = 0
    for index, fence in enumerate(found):
        if fence.folded or fence.include is None or not fence.include[0].endswith(".py"):
            continue
        path, step = fence.include
        if not _printed(path, step):
            continue
        printing += 1
        if index + 1 < len(found):
            following = found[index + 1]
            between = text[fence.end : following.start]
            expected = (path.removesuffix(".py") + ".output.txt", step)
            if following.include == expected and _only_annotations(between):
                below += 1
    return Row(
        page.relative_to(DOCS).as_posix() if page.is_relative_to(DOCS) else page.name,
        len(shown),
        max(lengths, default=0),
        total,
        scaffold,
        printing,
        below,
        step_scaffold,
    )


def _only_annotations(between: str) -> bool:
    """Blank lines and the numbered annotations of the code block above (and their bodies)."""
    for line in between.splitlines():
        if line.strip() and not ANNOTATION.match(line) and not line.startswith("    "):
            return False
    return True


def main(selected: list[str]) -> int:
    rows = [measure(p) for p in chapter_pages(selected)]
    print(f"{'page':<40} {'blocks':>6} {'longest':>7} {'scaffold':>8} {'output below':>12}")
    for r in rows:
        print(
            f"{r.page:<40} {r.shown_blocks:>6} {r.longest:>7} {r.scaffold_share:>8.0%} "
            f"{r.output_below:>5}/{r.printing_steps:<6}"
        )
    meeting = sum(1 for r in rows if not r.problems())
    longest = sorted(r.longest for r in rows)
    shown = sum(r.shown_lines for r in rows)
    print(
        f"\n{len(rows)} pages; meeting all three targets: {meeting}; longest shown block: "
        f"median {longest[len(longest) // 2] if longest else 0}, max {max(longest, default=0)}; "
        f"scaffold share of shown lines: {sum(r.scaffold for r in rows) / max(shown, 1):.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
