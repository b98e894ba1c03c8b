"""Every chapter ends with exercises, and each has a reference solution that CI runs.

* ``docs/<chapter>/exercises.md`` (+ ``.en.md``) holds 3-5 exercises; each solution is shown
  collapsed (``??? success "参考答案"`` / ``"Solution"``) by including a snippet
  ``snippets/<chapter>/exercise_<name>.py``. That snippet is an ordinary one: it runs, asserts
  what the exercise asks and has its output captured (tests/test_snippets.py).
* A starter ``snippets/<chapter>/starters/exercise_<name>.py`` (where one helps) is the
  solution with ``TODO`` in place of the answer and the same checks. Here it must fail, and
  fail *on one of those checks*: an ``AssertionError`` raised by an ``assert`` that the solution
  has too. A starter that crashes on a typo, or passes as handed out, is a broken exercise.
"""

from __future__ import annotations

import ast
import re
import traceback
from pathlib import Path

import pytest

from tools import comments
from tools.snippets import DOCS, ROOT, SNIPPETS, exec_quietly, includes

CHAPTERS = [c for c in comments.chapters() if c != "quickstart"]  # every chapter but the tour
SOLUTION_BOX = {"zh": '??? success "参考答案"', "en": '??? success "Solution"'}
STARTERS = sorted(SNIPPETS.glob("*/starters/exercise_*.py"))


def page(chapter: str, language: str) -> Path:
    return DOCS / chapter / ("exercises.md" if language == "zh" else "exercises.en.md")


def asserts(path: Path) -> dict[str, range]:
    """Each assert statement of a file (normalised source) -> the lines it spans."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        ast.unparse(n): range(n.lineno, n.end_lineno + 1)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assert)
    }


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_ends_with_exercises(chapter: str, language: str):
    exercises = page(chapter, language)
    assert exercises.is_file(), f"{chapter} has no exercises page {exercises.relative_to(ROOT)}"
    text = exercises.read_text(encoding="utf-8")
    boxes = text.count(SOLUTION_BOX[language])
    assert 3 <= boxes <= 5, f"{exercises.name}: {boxes} solutions, a chapter has 3-5 exercises"
    shown = [f for f in includes(exercises) if re.fullmatch(r"snippets/[^/]+/exercise_\w+\.py", f)]
    solutions = sorted(
        p.relative_to(ROOT).as_posix() for p in SNIPPETS.glob(f"{chapter}/exercise_*.py")
    )
    assert sorted(set(shown)) == solutions, (
        f"{exercises.name} shows {sorted(set(shown))}; the chapter's solutions are {solutions}"
    )
    assert len(shown) == boxes, f"{exercises.name}: each solution box shows one solution snippet"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("starter", STARTERS, ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_a_starter_is_offered_for_download(starter: Path, language: str):
    chapter = starter.parent.parent.name
    link = f"../snippets/{chapter}/starters/{starter.name}"
    assert link in page(chapter, language).read_text(encoding="utf-8"), (
        f"{page(chapter, language).name} does not link its starter ({link})"
    )


def test_some_exercises_have_starters():
    assert len(STARTERS) >= len(CHAPTERS), [p.name for p in STARTERS]


@pytest.mark.parametrize("starter", STARTERS, ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_the_starter_fails_the_checks_the_solution_passes(starter: Path, monkeypatch, tmp_path):
    solution = starter.parent.parent / starter.name
    assert solution.is_file(), f"{starter.name} has no solution {solution.relative_to(ROOT)}"
    source = starter.read_text(encoding="utf-8")
    assert "TODO" in source, f"{starter.name}: mark what the reader writes with TODO"
    checks, solved = asserts(starter), asserts(solution)
    assert checks, f"{starter.name} checks nothing"
    assert not set(checks) - set(solved), (
        f"{starter.name} checks what its solution does not: {sorted(set(checks) - set(solved))}"
    )
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [str(starter)])  # a script's argparse sees no pytest options
    with pytest.raises(AssertionError) as failed:  # the solution passing is test_snippets' job
        exec_quietly(compile(source, str(starter), "exec"))
    frames = [f for f in traceback.extract_tb(failed.tb) if f.filename == str(starter)]
    failing_line = frames[-1].lineno if frames else None
    assert any(failing_line in lines for lines in checks.values()), (
        f"{starter.name} fails at line {failing_line}, which is not one of its checks"
    )
