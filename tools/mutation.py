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
from dataclasses import dataclass
from pathlib import Path

from tools.snippets import ROOT

PYTEST = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly"]


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str | None  # None: delete the file
    new: str
    check: tuple[str, ...]


def snippet_check(snippet_id: str, test: str = "test_snippet_passes") -> tuple[str, ...]:
    return (*PYTEST, f"tests/test_snippets.py::{test}[{snippet_id}]")


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
        snippet_check("tensor/creation", "test_shown_output_matches_real_output"),
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
        snippet_check("tensor/creation", "test_shown_output_matches_real_output"),
    ),
    Mutation(
        "break one include path",
        "docs/tensor/creation.md",
        '--8<-- "snippets/tensor/creation.output.txt"',
        '--8<-- "snippets/tensor/creation.outptu.txt"',
        (*PYTEST, "tests/test_site.py"),
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
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)


def passes(check: tuple[str, ...], cwd: Path) -> bool:
    return subprocess.run(check, cwd=cwd, capture_output=True, text=True).returncode == 0


def main(selected: list[str]) -> int:
    mutations = [m for m in MUTATIONS if not selected or any(s in m.name for s in selected)]
    rows, caught = [], 0
    with tempfile.TemporaryDirectory(prefix="pytorch-notes-mutation-") as tmp:
        work = Path(tmp)
        copy_tree(work)
        for check in dict.fromkeys(m.check for m in mutations):  # unmutated baseline
            if not passes(check, work):
                print(f"baseline check fails before any mutation: {' '.join(check[3:])}")
                return 2
        for m in mutations:
            target = work / m.path
            original = target.read_bytes()
            text = original.decode("utf-8")
            if m.old is not None and m.old not in text:
                rows.append((m.name, "TARGET MISSING", 0.0))
                continue
            start = time.monotonic()
            if m.old is None:
                target.unlink()
            else:
                target.write_text(text.replace(m.old, m.new, 1), encoding="utf-8")
            hit = not passes(m.check, work)
            target.write_bytes(original)
            caught += hit
            rows.append((m.name, "caught" if hit else "MISSED", time.monotonic() - start))
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'mutation':<{width}}  result          seconds")
    for name, result, seconds in rows:
        print(f"{name:<{width}}  {result:<14}  {seconds:7.1f}")
    print(f"\nmutation gate: {caught}/{len(rows)} caught")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
