"""A snippet's steps: the ``# %%`` cells a page shows one at a time, each with its own output.

A snippet stays one runnable file. ``# %% <name>`` lines (the percent format that VS Code,
PyCharm, Spyder and jupytext run as cells) cut it into steps; a page includes one step as
``--8<-- "snippets/<chapter>/<topic>.py:<name>"`` and that step's output, directly below it, as
``--8<-- "snippets/<chapter>/<topic>.output.txt:<name>"`` (``hooks/snippet_includes.py``).

* A **step** is a cell named in kebab case (``# %% from-data``): what the reader sees.
* A **check** is a cell named ``check`` (``# %% check`` or ``# %% check: why``): the asserts and
  scaffolding that prove the steps above it. Pages fold them away with the complete file; they
  run in CI every time, and they never print.
* Lines before the first cell are the file's docstring (the page's prose says it).

When the tests and ``nox -s outputs`` run a snippet (``tools.snippets.run``), every stdout write
is credited to the cell of the snippet line that made it: the outermost frame of the snippet
file on the stack, so a function defined in one step and called in another prints under the
caller. A ``# %% <name>`` line in the captured ``.output.txt`` opens that cell's output; a file
without cells is captured exactly as it prints. This module uses only the standard library:
``tools/cells_site/sitecustomize.py`` loads it inside the snippet's own process.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

MARKER = re.compile(r"^# %%(?P<title>[^\n]*)$", re.MULTILINE)
STEP_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CHECK = re.compile(r"check(?::.*)?")
HEADER = ""  # the name of the lines before the first cell
# Material's code-annotation marker ending a line, ``x = 1  # (1)!``: its numbered list sits under
# the step a page shows, so the complete program and the downloads drop the marker.
ANNOTATION = re.compile(r"[ \t]*# \(\d+\)!$", re.MULTILINE)


@dataclass(frozen=True)
class Cell:
    name: str  # a step's name, "check", or HEADER
    first: int  # 1-based line numbers of its code, inclusive (the marker line excluded)
    last: int
    lines: tuple[str, ...]

    @property
    def is_step(self) -> bool:
        return self.name not in (HEADER, "check")

    @property
    def code(self) -> str:
        """What a page shows: the cell's lines without the blank lines around them."""
        lines = list(self.lines)
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)


def cell_name(title: str) -> str:
    """``# %% from-data`` -> "from-data"; ``# %% check: labels`` -> "check"."""
    title = title.strip()
    if CHECK.fullmatch(title):
        return "check"
    return title


def parse(source: str) -> list[Cell]:
    """The file's cells in order; the header first (it may be empty)."""
    lines = source.splitlines()
    cells, name, start = [], HEADER, 1
    for number, line in enumerate(lines, start=1):
        match = MARKER.fullmatch(line)
        if match:
            cells.append(Cell(name, start, number - 1, tuple(lines[start - 1 : number - 1])))
            name, start = cell_name(match["title"]), number + 1
    cells.append(Cell(name, start, len(lines), tuple(lines[start - 1 :])))
    return cells


def has_cells(source: str) -> bool:
    return bool(MARKER.search(source))


def problems(source: str) -> list[str]:
    """What makes a file's cells unusable as steps (an empty list when they are fine)."""
    found, seen = [], set()
    for cell in parse(source)[1:]:
        if cell.name == "check":
            continue
        if not STEP_NAME.fullmatch(cell.name):
            found.append(f"line {cell.first - 1}: step name {cell.name!r} is not kebab-case")
        elif cell.name in seen:
            found.append(f"line {cell.first - 1}: two steps are named {cell.name!r}")
        seen.add(cell.name)
    return found


def step(source: str, name: str) -> Cell:
    for cell in parse(source):
        if cell.name == name and cell.is_step:
            return cell
    raise KeyError(name)


def cell_of_lines(source: str) -> list[str]:
    """For each line number (index 0 unused), the name of the cell holding it."""
    names = [HEADER]
    for cell in parse(source):
        names.extend([cell.name] * (cell.last - cell.first + 1))
        if len(names) <= cell.last + 1:
            names.append(cell.name)  # the next cell's marker line: counted with this cell
    return names


# --- captured output ------------------------------------------------------------------------


def split_output(text: str) -> dict[str, str]:
    """A captured output by cell: {name: what it printed}; a file without cells is under ""."""
    parts: dict[str, list[str]] = {}
    name = HEADER
    for line in text.splitlines(keepends=True):
        match = MARKER.fullmatch(line.rstrip("\n"))
        if match:
            name = cell_name(match["title"])
            parts.setdefault(name, [])
            continue
        parts.setdefault(name, []).append(line)
    return {k: "".join(v) for k, v in parts.items() if "".join(v) or k != HEADER}


def strip_markers(text: str) -> str:
    """What the file prints when a reader runs it: the captured output without cell markers."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not MARKER.fullmatch(line.rstrip("\n"))
    )


class CellStdout:
    """A stdout that writes ``# %% <name>`` before the first output of each cell."""

    def __init__(self, stream, path: str, source: str):
        self._stream, self._path = stream, path
        self._cells = cell_of_lines(source)
        self._pid = os.getpid()  # a forked DataLoader worker writes plainly
        self._current = HEADER
        self._line_open = False

    def _cell_of_caller(self) -> str | None:
        frame, outermost = sys._getframe(2), None
        while frame is not None:
            if frame.f_code.co_filename == self._path:
                outermost = frame
            frame = frame.f_back
        if outermost is None:
            return None
        line = outermost.f_lineno
        return self._cells[line] if line < len(self._cells) else self._cells[-1]

    def write(self, text: str) -> int:
        if text and os.getpid() == self._pid:
            name = self._cell_of_caller()
            if name is not None and name != self._current:
                if self._line_open:
                    raise RuntimeError(
                        f"cell {name!r} prints on a line that cell {self._current!r} left "
                        "unfinished: end the earlier print with a newline"
                    )
                self._stream.write(f"# %% {name}\n")
                self._current = name
            self._line_open = not text.endswith("\n")
        return self._stream.write(text)

    def __getattr__(self, attribute):
        return getattr(self._stream, attribute)


def install(path: str) -> None:
    """Credit this process's stdout to the cells of ``path`` (a file without cells: no-op)."""
    with open(path, encoding="utf-8") as file:
        source = file.read()
    if has_cells(source):
        sys.stdout = CellStdout(sys.stdout, path, source)


def strip_annotations(source: str) -> str:
    """``source`` without its ``# (1)!`` annotation markers (the code is unchanged)."""
    return ANNOTATION.sub("", source)
