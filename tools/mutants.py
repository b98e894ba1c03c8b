"""Statement deletion over every snippet: would CI notice if any one line of code went missing?

For each snippet, each statement is replaced by ``pass``, one at a time, and the mutant is
judged by the checks CI applies to that snippet (tests/test_snippets.py): it must still exit 0,
print exactly the captured output, draw figures that look like their baselines and leave its
folder empty. A mutant that passes all of those is then given the rest of CI's checks that can
see it: the one-line error when CUDA is asked for and absent (device pickers), the offline
message (MNIST readers) and the chapter's own tests that name the snippet. A mutant that
survives everything is *alive*: a line whose loss nothing would notice.

Not mutated, with the reason: checks (``assert``, ``assert_close(...)``-style calls, ``raise
AssertionError``, and loops or ``if`` blocks holding only checks: they are the checks, not the
behaviour),
docstrings and ``pass``, imports (a deleted import is a NameError, or a lint error when unused),
and the long training snippets (each run is a minute or more; the curated mutations of
tools/mutations.yml, run by the CI gate, cover their key lines). Mutants that are alive for a reason
that makes them harmless (the line only matters off CPU, or is equivalent) are listed with that
reason in
``tools/mutants_equivalent.yml``, reviewed like code; the score leaves them out.

Each mutant runs as the tests run a snippet and meets the same checks (``tools.snippets.run``
and ``check``: forked from a warm process that has imported torch, tools/warm.py), two at a
time. A snippet that fails unmutated is skipped and named.

    python -m tools.mutants [chapter/topic ...] [--report benchmarks/statement_mutants.report.txt]
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools import numerics
from tools.snippets import (
    CHECKS,
    LONG_TRAINING,
    OFFLINE,
    ROOT,
    Snippet,
    check_copy,
    discover,
    is_one_clear_line,
    run,
)

EQUIVALENT = ROOT / "tools" / "mutants_equivalent.yml"
REPORT = ROOT / "benchmarks" / "statement_mutants.report.txt"
PARALLEL = 2


@dataclass(frozen=True)
class Mutant:
    snippet: Snippet
    first: int  # 1-based, inclusive
    last: int
    statement: str  # the statement's first line, stripped: how the equivalence list names it
    text: str  # the whole statement on one line (an equivalence may name a prefix of it)

    @property
    def where(self) -> str:
        return f"{self.snippet.rel}:{self.first}"

    def source(self) -> str:
        lines = self.snippet.path.read_text(encoding="utf-8").splitlines()
        line = lines[self.first - 1]
        indent = line[: len(line) - len(line.lstrip())]
        lines[self.first - 1 : self.last] = [indent + "pass"]
        return "\n".join(lines) + "\n"


def _is_check(node: ast.stmt) -> bool:
    """An assert, in any of its forms: ``assert``, ``assert_close(...)``, ``raise
    AssertionError(...)``, or a loop / ``if`` / ``with`` that holds nothing but checks."""
    if isinstance(node, ast.Assert | ast.Pass):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):  # assert_close(...)
        func = node.value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name.startswith("assert")
    if isinstance(node, ast.Raise) and node.exc is not None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        return getattr(exc, "id", "") == "AssertionError"
    if isinstance(node, ast.For | ast.While | ast.If | ast.With):
        inner = [*node.body, *getattr(node, "orelse", [])]
        return all(_is_check(child) for child in inner)
    return False


def _skipped(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import | ast.ImportFrom) or _is_check(node):
        return True
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def mutants(snippet: Snippet) -> list[Mutant]:
    """One mutant per statement (at any depth) that starts its own line."""
    source = snippet.path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.stmt) or _skipped(node):
            continue
        decorators = getattr(node, "decorator_list", [])
        first = min([node.lineno] + [d.lineno for d in decorators])
        if lines[first - 1][: node.col_offset].strip():
            continue  # shares its line with other code (`if x: y`): not deletable alone
        whole = " ".join(line.strip() for line in lines[first - 1 : node.end_lineno])
        found.append(Mutant(snippet, first, node.end_lineno, lines[first - 1].strip(), whole))
    return sorted(set(found), key=lambda m: (m.first, -m.last))


def equivalent() -> dict[tuple[str, str], str]:
    """(snippet id or "*" for every snippet, statement's first line) -> the reviewed reason."""
    if not EQUIVALENT.exists():
        return {}
    entries = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or []
    return {(e["snippet"], e["statement"]): e["reason"] for e in entries}


def reason_for(known: dict, mutant: Mutant) -> str | None:
    """The reviewed reason that covers this mutant: same snippet (or "*"), and the statement's
    first line, or the start of the whole statement on one line (for multi-line calls)."""
    for (snippet, statement), reason in known.items():
        if snippet in (mutant.snippet.id, "*") and (
            statement == mutant.statement or mutant.text.startswith(statement)
        ):
            return reason
    return None


# --- judging --------------------------------------------------------------------------------


def judge(snippet: Snippet, source: str | None, work: Path) -> str:
    """Run a (mutated) copy of the snippet as the tests run it (tools.snippets.run: its own
    process, forked warm) and apply the same checks: '' when all hold, else the first that
    fails."""
    found = check_copy(snippet, source, work)
    return next((name for name in CHECKS if found[name]), "")


# --- the rest of CI's checks, for mutants that survived the snippet-level ones --------------


def survives_the_rest(mutant: Mutant, work: Path) -> str:
    """'' when the mutant also passes CI's other checks of this snippet; else what caught it."""
    source = mutant.source()
    text = mutant.snippet.path.read_text(encoding="utf-8")
    copy_path = work / mutant.snippet.path.relative_to(ROOT)
    copy = Snippet(copy_path)
    copy_path.write_text(source, encoding="utf-8")
    try:
        # As tests/test_snippets.py checks them: one line, no traceback, the right words.
        if "PYTORCH_NOTES_DEVICE" in text:
            r = run(copy, device="cuda")
            if r.returncode == 0 or not is_one_clear_line(r.stderr) or "CUDA" not in r.stderr:
                return "missing-CUDA check"
        if "PYTORCH_NOTES_DATA" in text:
            with tempfile.TemporaryDirectory() as empty:
                r = run(copy, extra_env={"PYTORCH_NOTES_DATA": empty} | OFFLINE)
                words = "MNIST is not in" in r.stderr and "*-ubyte" in r.stderr
                if r.returncode == 0 or not is_one_clear_line(r.stderr) or not words:
                    return "offline check"
        # The chapter's tests that say they check this snippet (@pytest.mark.snippet); pytest
        # exits 5 when there are none.
        pytest = [sys.executable, "-m", "pytest", "-qx", "-n0", "-p", "no:cacheprovider"]
        chapter = f"tests/test_{mutant.snippet.path.parent.name}.py"
        if (work / chapter).exists():
            r = subprocess.run([*pytest, "--snippet", mutant.snippet.id, chapter], cwd=work,
                               capture_output=True, text=True)  # fmt: skip
            if r.returncode not in (0, 5):
                return "chapter test"
        return ""
    finally:
        copy_path.write_text(text, encoding="utf-8")


# --- the run --------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    report = REPORT
    if "--report" in argv:
        i = argv.index("--report")
        report, argv = Path(argv[i + 1]), argv[:i] + argv[i + 2 :]
    if not numerics.pinned():
        print("refusing: outputs are compared byte for byte, which needs the reference kernels")
        return 2
    snippets = [s for s in discover() if (not argv or s.id in argv) and s.id not in LONG_TRAINING]
    known = equivalent()
    start = time.monotonic()
    from tools.mutation import copy_tree

    with tempfile.TemporaryDirectory(prefix="pytorch-notes-mutants-") as tmp, \
            ThreadPoolExecutor(max_workers=PARALLEL) as pool:  # fmt: skip
        work = Path(tmp) / "tree"
        copy_tree(work)
        rows = []
        for snippet in snippets:
            t0 = time.monotonic()
            candidates = mutants(snippet)
            if judge(snippet, None, Path(tmp) / "unmutated"):
                print(f"SKIP {snippet.id}: fails unmutated", flush=True)
                continue
            folders = [Path(tmp) / f"mutant{i}" for i in range(len(candidates))]
            sources = [m.source() for m in candidates]
            verdicts = list(pool.map(judge, [snippet] * len(candidates), sources, folders))
            for mutant, caught in zip(candidates, verdicts, strict=True):
                if not caught:
                    caught = survives_the_rest(mutant, work)
                reason = reason_for(known, mutant)
                rows.append((mutant, caught, reason))
            alive = [m for m, c, r in rows if m.snippet == snippet and not c and not r]
            print(
                f"{snippet.id:40} {len(candidates):3} mutants, {len(alive)} alive "
                f"({time.monotonic() - t0:.0f} s)",
                flush=True,
            )
            for mutant in alive:
                print(f"    alive {mutant.where}: {mutant.statement}", flush=True)
    return write_report(rows, report, time.monotonic() - start, len(snippets))


def write_report(rows, report: Path, seconds: float, n_snippets: int) -> int:
    judged = [(m, c) for m, c, r in rows if r is None]
    killed = sum(1 for _, c in judged if c)
    marked = [(m, r) for m, c, r in rows if r is not None]
    score = 100 * killed / len(judged) if judged else 100.0
    lines = [
        "Statement deletion over every snippet (python -m tools.mutants)",
        f"snippets: {n_snippets} (the {len(LONG_TRAINING)} long training snippets excluded: "
        "see LONG_TRAINING in tools/snippets.py)",
        f"mutants: {len(rows)}; marked equivalent (tools/mutants_equivalent.yml): {len(marked)}",
        f"killed: {killed}/{len(judged)} = {score:.1f} %",
        f"wall time: {seconds:.0f} s",
        "",
        "caught by:",
    ]
    by: dict[str, int] = {}
    for _, c in judged:
        if c:
            key = c.split(" ")[0] if c.startswith("exit") else c
            by[key] = by.get(key, 0) + 1
    lines += [f"  {k}: {v}" for k, v in sorted(by.items(), key=lambda kv: -kv[1])]
    lines += ["", "alive (nothing in CI notices the deletion):"]
    lines += [f"  {m.where}: {m.statement}" for m, c in judged if not c] or ["  none"]
    lines += ["", "marked equivalent:"]
    lines += [f"  {m.where}: {m.statement}  -- {r}" for m, r in marked] or ["  none"]
    text = "\n".join(lines) + "\n"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(text, encoding="utf-8")
    print(text)
    return 1 if killed < len(judged) else 0  # a deletion nothing notices fails the weekly run


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
