"""Chinese comments and docstrings for the code on the Chinese pages.

A snippet is one file for both languages, so its comments and docstrings are English. A Chinese
reader should not need English to get an explanation, so the zh pages show the same code with
every comment block and docstring replaced by its translation (``hooks/snippet_includes.py``). The
translations live beside the snippets, one file per chapter: ``snippets/<chapter>/comments.zh.yml``,
a list of ``{en: <English text>, zh: <Chinese text>}`` entries. Only comments and docstrings
change; ``tests/test_comments.py`` proves the code itself (its AST) stays identical, and that every
block has a translation and every translation a block.

    python -m tools.comments stub <chapter> ...   append an empty entry for each untranslated block
    python -m tools.comments check [<chapter> ...] list what is missing, empty or no longer used
    python -m tools.comments prune <chapter> ...  drop the entries no code uses any more

The walkthrough notebooks' code cells are covered the same way (their translations live in the
same file); tools/notebooks.py makes the zh notebook (page, executed copy, download) with them.

A comment block is a run of full-line comments at the same indentation (one English sentence may
span several lines; the Chinese is re-wrapped), or one comment after code on its line. Code
annotation markers (``# (1)!``), step markers (``# %% name``, tools/cells.py) and tool
directives (``# noqa``, ``# fmt: skip``) are not prose and stay as they are.
"""

from __future__ import annotations

import ast
import functools
import inspect
import io
import re
import sys
import tokenize
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
WIDTH = 88  # the project's line length (ruff); the Chinese is wrapped to it

MARKER = re.compile(r"#\s*\(\d+\)!?")  # a Material code annotation: kept verbatim
DIRECTIVE = re.compile(r"#\s*(?:noqa|fmt:|type:|pragma|nosec)|#!|# %%")


@dataclass(frozen=True)
class Block:
    kind: str  # "comment" (full lines), "trailing" (after code) or "docstring"
    first: int  # 1-based line numbers, inclusive
    last: int
    col: int  # where the comment's "#" or the docstring's quote starts
    text: str  # the English, as the translation file keys it

    def where(self, path: Path) -> str:
        return f"{path.relative_to(ROOT).as_posix()}:{self.first}"


def _comment_text(token: str) -> str:
    return token[1:].strip()


def blocks(source: str) -> list[Block]:
    """Every comment block and docstring of ``source``, in order."""
    return list(_blocks(source))


@functools.lru_cache(maxsize=512)
def _blocks(source: str) -> tuple[Block, ...]:
    lines = source.splitlines()
    found: list[Block] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        text = token.string
        if MARKER.fullmatch(text.strip()) or DIRECTIVE.match(text):
            continue
        row, col = token.start
        full_line = not lines[row - 1][:col].strip()
        previous = found[-1] if found else None
        if (
            full_line
            and previous is not None
            and previous.kind == "comment"
            and previous.last == row - 1
            and previous.col == col
        ):
            joined = f"{previous.text} {_comment_text(text)}".strip()
            found[-1] = Block("comment", previous.first, row, col, joined)
            continue
        kind = "comment" if full_line else "trailing"
        found.append(Block(kind, row, row, col, _comment_text(text)))
    # A notebook cell may hold IPython magics (%matplotlib inline): not Python, no docstrings.
    python = "\n".join("pass" if line.lstrip()[:1] in "%!" and line.strip() else line
                        for line in lines)  # fmt: skip
    for doc in docstrings(ast.parse(python)):
        text = inspect.cleandoc(doc.value)
        found.append(Block("docstring", doc.lineno, doc.end_lineno, doc.col_offset, text))
    return tuple(sorted(found, key=lambda b: b.first))


def docstrings(tree: ast.AST) -> list[ast.Constant]:
    """The docstring constants of a module and of its functions and classes."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.append(first.value)
    return found


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_PIECES = re.compile(r"`[^`]*`|[!-~]+|\s+|.")  # inline code, an ASCII word, a space, one char
_NO_LINE_START = set("，。；：、！？）》」』%,.;:!?)")


def wrap(text: str, width: int) -> list[str]:
    """Wrap mixed Chinese/English text by display width, never inside an ASCII word."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for piece in _PIECES.findall(paragraph.strip()):
            if piece.isspace():
                piece = " "
            if line and _width(line + piece) > width and piece[0] not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = "" if piece == " " else piece
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


def translate(source: str, table: dict[str, str]) -> tuple[str, list[Block]]:
    """``source`` with each block replaced by its Chinese; also the blocks that had none."""
    lines = source.splitlines()
    missing: list[Block] = []
    for block in reversed(blocks(source)):  # bottom up: earlier line numbers stay valid
        zh = (table.get(block.text) or "").strip()
        if not zh:
            missing.append(block)
            continue
        indent = " " * block.col
        if block.kind == "trailing":
            code = lines[block.first - 1][: block.col]
            new = [code + "# " + " ".join(zh.split())]
        elif block.kind == "comment":
            new = [indent + ("# " + part).rstrip() for part in wrap(zh, WIDTH - block.col - 2)]
        else:
            opening = lines[block.first - 1][block.col :]
            quote = '"""' if opening.lstrip("rRuU").startswith('"""') else "'''"
            body = [
                part
                for line in zh.splitlines()
                for part in ([line] if line[:1].isspace() else wrap(line, WIDTH - block.col - 3))
            ]  # prose re-wrapped; indented lines (commands, code) kept as written
            if len(body) == 1 and _width(indent + quote * 2 + body[0]) <= WIDTH:
                new = [indent + quote + body[0] + quote]
            else:
                new = [indent + quote + body[0]]
                new += [indent + part if part else "" for part in body[1:]]
                new += [indent + quote]
        lines[block.first - 1 : block.last] = new
    trailing_newline = "\n" if source.endswith("\n") else ""
    return "\n".join(lines) + trailing_newline, missing[::-1]


def table_path(chapter: str) -> Path:
    return SNIPPETS / chapter / "comments.zh.yml"


def load(chapter: str) -> list[dict]:
    path = table_path(chapter)
    if not path.exists():
        return []
    stat = path.stat()
    return [dict(e) for e in _parsed(path, stat.st_mtime_ns, stat.st_size)]


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int) -> tuple[dict, ...]:
    """A translation file parsed once per version of it: a site build asks for each chapter's
    table hundreds of times (measured: 1,282 parses, most of the build's time)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    return tuple(e for e in entries if isinstance(e, dict))


def table(chapter: str) -> dict[str, str]:
    return {str(e.get("en", "")).strip(): str(e.get("zh") or "") for e in load(chapter)}


def chapters() -> list[str]:
    return sorted(p.name for p in SNIPPETS.iterdir() if p.is_dir() and any(p.glob("*.py")))


def snippet_files(chapter: str) -> list[Path]:
    """The chapter's snippets and its exercise starters (both are downloaded from zh pages)."""
    found = [*(SNIPPETS / chapter).glob("*.py"), *(SNIPPETS / chapter).glob("starters/*.py")]
    return sorted(p for p in found if not p.name.startswith("_"))


def notebook_cells(chapter: str) -> list[str]:
    """The code cells of the chapter's walkthrough notebook, shared by both languages (the zh
    notebook shows them with Chinese comments: tools/notebooks.py)."""
    import jupytext

    path = ROOT / "docs" / chapter / "walkthrough.py"
    if not path.exists():
        return []
    return [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]


def sources(chapter: str) -> list[tuple[Path, str]]:
    """Every code text of a chapter whose comments a zh reader sees: snippets and notebook."""
    found = [(p, p.read_text(encoding="utf-8")) for p in snippet_files(chapter)]
    notebook = ROOT / "docs" / chapter / "walkthrough.py"
    return found + [(notebook, cell) for cell in notebook_cells(chapter)]


def check(chapter: str) -> list[str]:
    """Problems with a chapter's translations: blocks without one, empty ones, unused ones."""
    problems: list[str] = []
    known = table(chapter)
    used: set[str] = set()
    for path, source in sources(chapter):
        for block in blocks(source):
            used.add(block.text)
            if block.text not in known:
                problems.append(f"{block.where(path)}: no translation for {block.text[:60]!r}")
            elif not known[block.text].strip():
                problems.append(f"{block.where(path)}: empty translation for {block.text[:60]!r}")
    for en in sorted(set(known) - used):
        problems.append(f"{table_path(chapter).relative_to(ROOT)}: unused entry {en[:60]!r}")
    return problems


class _Dumper(yaml.SafeDumper):
    """Multi-line text (docstrings) as literal blocks, readable and editable as written."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def stub(chapter: str) -> int:
    """Append ``zh: ""`` entries for the chapter's untranslated blocks; return how many."""
    known = table(chapter)
    added: list[str] = []
    seen: set[str] = set()
    last = None
    for path, source in sources(chapter):
        new = [b.text for b in blocks(source) if b.text not in known and b.text not in seen]
        if not new:
            continue
        seen.update(new)
        if path != last:  # one heading per file (a notebook gives one source per cell)
            added.append(f"# {path.name}\n")
            last = path
        for text in new:
            added.append(
                yaml.dump(
                    [{"en": text, "zh": ""}],
                    Dumper=_Dumper,
                    allow_unicode=True,
                    sort_keys=False,
                    width=10_000,
                )
            )
    if added:
        path = table_path(chapter)
        head = (
            ""
            if path.exists()
            else f"# Chinese comments and docstrings for snippets/{chapter}/*.py, shown on the "
            "zh pages.\n# Keys are the English text exactly; see tools/comments.py.\n"
        )
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        path.write_text(head + existing + "".join(added), encoding="utf-8")
    return len(seen)


def prune(chapter: str) -> int:
    """Rewrite the chapter's table without unused entries, grouped by the file that uses each
    first; return how many were dropped."""
    entries = load(chapter)
    by_text = {str(e.get("en", "")).strip(): e for e in entries}
    kept: list[str] = []
    seen: set[str] = set()
    last = None
    for path, source in sources(chapter):
        for block in blocks(source):
            if block.text in by_text and block.text not in seen:
                seen.add(block.text)
                if path != last:
                    kept.append(f"# {path.name}\n")
                    last = path
                kept.append(
                    yaml.dump([by_text[block.text]], Dumper=_Dumper, allow_unicode=True,
                              sort_keys=False, width=10_000)
                )  # fmt: skip
    head = (
        f"# Chinese comments and docstrings for snippets/{chapter}/*.py, shown on the "
        "zh pages.\n# Keys are the English text exactly; see tools/comments.py.\n"
    )
    table_path(chapter).write_text(head + "".join(kept), encoding="utf-8")
    return len(entries) - len(seen)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"stub", "check", "prune"}:
        print(__doc__)
        return 2
    command, selected = argv[0], argv[1:] or chapters()
    unknown = set(selected) - set(chapters())
    if unknown:
        print(f"unknown chapter(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if command == "prune":
        for chapter in selected:
            print(f"{chapter}: dropped {prune(chapter)} unused entr(ies)")
        return 0
    if command == "stub":
        for chapter in selected:
            print(f"{chapter}: {stub(chapter)} entr(ies) to translate in {table_path(chapter)}")
        return 0
    problems = [p for chapter in selected for p in check(chapter)]
    print("\n".join(problems) if problems else "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
