"""Mutation gate: prove that the guards catch what they claim to catch.

Copies the tree (tracked + untracked-but-not-ignored files) to a temp dir, checks
that each relevant check passes there untouched, then applies one mutation at a
time and runs that check again: the mutation is *caught* when the check fails.
Prints a caught/total table and exits non-zero unless every mutation is caught.
Run with `nox -s mutation` (or `python -m tools.mutation [name ...]`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools.snippets import ROOT, tree_files

PYTEST = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly"]


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str | None  # None: delete the file
    new: str
    check: tuple[str, ...]


def snippet_check(snippet_id: str) -> tuple[str, ...]:
    return (*PYTEST, f"tests/test_snippets.py::test_snippet[{snippet_id}]")


MUTATIONS = [
    Mutation(
        "change an asserted number in a snippet",
        "snippets/tensor/creation.py",
        "assert steps.tolist() == [0, 3, 6, 9]",
        "assert steps.tolist() == [0, 3, 6, 8]",
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "delete the seed a page relies on",
        "snippets/tensor/creation.py",
        "torch.manual_seed(0)",
        "pass",
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "delete optimizer.zero_grad() in the MNIST training loop",
        "snippets/mnist/train.py",
        "optimizer.zero_grad(",
        "(lambda *a, **k: None)(",
        snippet_check("mnist/train"),
    ),
    Mutation(
        "delete one English page",
        "docs/tensor/creation.en.md",
        None,
        "",
        (*PYTEST, "tests/test_site.py"),
    ),
    Mutation(
        "hand-edit one captured output",
        "snippets/tensor/creation.output.txt",
        "tensor([0, 3, 6, 9])",
        "tensor([0, 3, 6, 10])",
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "break one include path",
        "docs/tensor/creation.md",
        '--8<-- "snippets/tensor/creation.output.txt:ranges"',
        '--8<-- "snippets/tensor/creation.outptu.txt:ranges"',
        (*PYTEST, "tests/test_site.py"),
    ),
    Mutation(
        "add a code comment with no Chinese translation",
        "snippets/tensor/creation.py",
        "torch.manual_seed(0)",
        "torch.manual_seed(0)  # a remark only English readers would get",
        (*PYTEST, "tests/test_comments.py::test_every_comment_has_chinese[tensor]"),
    ),
    Mutation(
        "use a discouraged term on a Chinese page",
        "docs/autograd/by-hand.md",
        "这一页先**亲手**把反向传播写出来",
        "这一页先**亲手**把反传写出来",
        (*PYTEST, "tests/test_site.py", "-k", "glossary_terms and autograd/by-hand.md"),
    ),
    Mutation(
        "point at a line of the output by its number",
        "docs/tensor/creation.en.md",
        '!!! abstract "What you will learn"',
        'Line 2 of the output is the one to read.\n\n!!! abstract "What you will learn"',
        (*PYTEST, "tests/test_site.py", "-k", "line_numbers and tensor/creation.en.md"),
    ),
    Mutation(
        "quote a number in prose that no output prints",
        "docs/tensor/creation.en.md",
        '!!! abstract "What you will learn"',
        'Here the loss falls to 0.4321 in 1.25 s.\n\n!!! abstract "What you will learn"',
        (*PYTEST, "tests/test_site.py", "-k", "numbers_in_prose and tensor/creation.en.md"),
    ),
    Mutation(
        "show a step without its output below it",
        "docs/tensor/creation.md",
        '```text title="运行结果"\n--8<-- "snippets/tensor/creation.output.txt:ranges"\n```',
        "",
        (*PYTEST, "tests/test_lessons.py", "-k", "reads_as_a_lesson and tensor/creation.md"),
    ),
    Mutation(
        "move a check into a shown step",
        "snippets/tensor/creation.py",
        "\n# %% check\nassert steps.tolist() == [0, 3, 6, 9]",
        "\nassert steps.tolist() == [0, 3, 6, 9]\n# %% check",
        (*PYTEST, "tests/test_lessons.py", "-k", "reads_as_a_lesson and tensor/creation.md"),
    ),
    Mutation(
        "credit a step's output to another step",
        "snippets/tensor/creation.output.txt",
        "# %% ranges\n",
        "",
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "change what a figure shows",
        "snippets/nn/lr_schedule.py",
        'bbox_inches="tight", facecolor="white")',
        'bbox_inches="tight", facecolor="black")',
        snippet_check("nn/lr_schedule"),
    ),
    Mutation(
        "leave a file in the reader's folder",
        "snippets/tensor/creation.py",
        "torch.manual_seed(0)",
        'torch.manual_seed(0)\nopen("scratch.txt", "w").close()',
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "call a deprecated API",
        "snippets/tensor/creation.py",
        "torch.manual_seed(0)",
        'torch.manual_seed(0)\n__import__("warnings").warn("old API", DeprecationWarning)',
        snippet_check("tensor/creation"),
    ),
    Mutation(
        "make a troubleshooting snippet stop raising",
        "snippets/troubleshooting/python_mistakes.py",
        "super.__init__()",
        "super().__init__()",
        (*PYTEST, "tests/test_troubleshooting.py"),
    ),
]


def copy_tree(dest: Path) -> None:
    for rel in tree_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)


def passes(check: tuple[str, ...], cwd: Path) -> bool:
    return subprocess.run(check, cwd=cwd, capture_output=True, text=True).returncode == 0


def run_in_copy(
    check: tuple[str, ...], mutation: Mutation | None, parent: Path
) -> tuple[bool, float]:
    """Run one check in a fresh copy of the tree, with ``mutation`` applied (None: untouched).
    Every job has its own copy, so jobs run side by side (two cores: the MNIST training check
    and its mutant overlap instead of queueing) and never see each other's edits."""
    start = time.monotonic()
    work = Path(tempfile.mkdtemp(dir=parent))
    copy_tree(work)
    if mutation is not None:
        target = work / mutation.path
        if mutation.old is None:
            target.unlink()
        else:
            text = target.read_text(encoding="utf-8")
            target.write_text(text.replace(mutation.old, mutation.new, 1), encoding="utf-8")
    ok = passes(check, work)
    shutil.rmtree(work, ignore_errors=True)
    return ok, time.monotonic() - start


def main(selected: list[str]) -> int:
    # --baselines-passed: the caller has just run the full CPU lane on this very checkout and it
    # passed (.ci/run runs the gate after `nox`), so every baseline check below, a subset of that
    # lane, is known to pass untouched; re-running the MNIST training as a baseline costs minutes.
    trusted = "--baselines-passed" in selected
    selected = [s for s in selected if s != "--baselines-passed"]
    mutations = [m for m in MUTATIONS if not selected or any(s in m.name for s in selected)]
    missing = [
        m
        for m in mutations
        if m.old is not None and m.old not in (ROOT / m.path).read_text(encoding="utf-8")
    ]
    baselines = list(dict.fromkeys(m.check for m in mutations))
    if trusted:
        print("baselines: passed in the CPU lane that ran just before on this checkout")
        baselines = []
    jobs = [(check, None) for check in baselines] + [
        (m.check, m) for m in mutations if m not in missing
    ]
    jobs.sort(key=lambda job: "mnist" not in " ".join(job[0]))  # the long ones first
    with tempfile.TemporaryDirectory(prefix="pytorch-notes-mutation-") as tmp, \
            ThreadPoolExecutor(max_workers=2) as pool:  # fmt: skip
        results = dict(
            zip(jobs, pool.map(lambda job: run_in_copy(*job, Path(tmp)), jobs), strict=True)
        )
    broken = [check for check in baselines if not results[(check, None)][0]]
    for check in broken:  # a check that fails untouched proves nothing about a mutation
        print(f"baseline check fails before any mutation: {' '.join(check[3:])}")
    if broken:
        return 2
    rows, caught = [], 0
    for m in mutations:
        if m in missing:
            rows.append((m.name, "TARGET MISSING", 0.0))
            continue
        ok, seconds = results[(m.check, m)]
        caught += not ok
        rows.append((m.name, "MISSED" if ok else "caught", seconds))
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'mutation':<{width}}  result          seconds")
    for name, result, seconds in rows:
        print(f"{name:<{width}}  {result:<14}  {seconds:7.1f}")
    print(f"\nmutation gate: {caught}/{len(rows)} caught")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
