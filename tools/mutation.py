"""Mutation gate: prove that the guards catch what they claim to catch.

Each curated mutation of ``tools/mutations.yml`` changes one thing on a copy, and the gate
expects CI to notice:

* a change to a snippet, with no ``check`` named, is judged as the tests judge every snippet
  (``tools.snippets.run`` and ``check``: exit, output per step, figures, leftovers);
* any other change runs its ``check`` (pytest arguments) in a fresh copy of the tree.

Each check must pass untouched first (a check that fails anyway proves nothing), unless the
caller says ``--baselines-passed``: `.ci/run` runs the gate right after the full CPU lane passed
on the same checkout. Prints a caught/total table; exits non-zero unless every mutation is
caught. Statement deletion over every snippet is ``tools/mutants.py`` (weekly).

    python -m tools.mutation [--baselines-passed] [words of the names to run ...]
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

import yaml

from tools.snippets import CHECKS, ROOT, Snippet, check_copy, tree_files

CURATED = ROOT / "tools" / "mutations.yml"
PYTEST = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly"]


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str | None  # None: delete the file
    new: str = ""
    check: tuple[str, ...] = ()  # pytest arguments; empty: the snippet's own run and checks
    needs: str | None = None  # "cuda": only where torch sees a GPU
    expect: str | None = None  # what the failing check prints when the right guard caught it

    def apply(self, root: Path) -> None:
        target = root / self.file
        if self.old is None:
            target.unlink()
        else:
            target.write_text(self.mutated(), encoding="utf-8")

    def mutated(self) -> str:
        text = (ROOT / self.file).read_text(encoding="utf-8")
        return text.replace(self.old, self.new, 1)

    @property
    def on_a_snippet(self) -> bool:
        return not self.check and self.file.startswith("snippets/") and self.file.endswith(".py")


def load() -> list[Mutation]:
    entries = yaml.safe_load(CURATED.read_text(encoding="utf-8")) or []
    return [Mutation(**(e | {"check": tuple(e.get("check", ()))})) for e in entries]


def copy_tree(dest: Path) -> None:
    for rel in tree_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)


def snippet_outcome(mutation: Mutation, source: str | None, parent: Path) -> str:
    """Run the (changed) snippet from a folder of its own, as the tests run every snippet: on
    CPU every check; on CUDA (``needs: cuda``) the checks of the GPU lane, exit and leftovers."""
    work = Path(tempfile.mkdtemp(dir=parent))
    device = mutation.needs or "cpu"
    found = check_copy(Snippet(ROOT / mutation.file), source, work, device)
    shutil.rmtree(work, ignore_errors=True)
    lane = CHECKS if device == "cpu" else ("exit", "leftovers")
    return "fails" if any(found[name] for name in lane) else "passes"


def check_outcome(mutation: Mutation, changed: bool, parent: Path) -> str:
    """Run the mutation's check in a fresh copy of the tree (changed or untouched). Only a
    failing test counts: pytest's other exit codes (no test selected, a collection error) mean
    the check itself is broken."""
    work = Path(tempfile.mkdtemp(dir=parent))
    copy_tree(work)
    if changed:
        mutation.apply(work)
    done = subprocess.run([*PYTEST, *mutation.check], cwd=work, capture_output=True, text=True)
    shutil.rmtree(work, ignore_errors=True)
    if done.returncode == 1 and changed and mutation.expect and mutation.expect not in done.stdout:
        return f"fails, but not with {mutation.expect!r}: {done.stdout[-300:]}"
    codes = {0: "passes", 1: "fails"}
    return codes.get(done.returncode, f"error: pytest exit {done.returncode}: {done.stdout[-300:]}")


def outcome(job: tuple[Mutation, bool], parent: Path) -> tuple[str, float]:
    mutation, changed = job
    start = time.monotonic()
    try:
        if mutation.on_a_snippet:
            said = snippet_outcome(mutation, mutation.mutated() if changed else None, parent)
        else:
            said = check_outcome(mutation, changed, parent)
    except Exception as error:
        said = f"error: {type(error).__name__}: {error}"
    return said, time.monotonic() - start


def main(argv: list[str]) -> int:
    trusted = "--baselines-passed" in argv
    words = [a for a in argv if a != "--baselines-passed"]
    mutations = [m for m in load() if not words or any(w in m.name for w in words)]
    if not mutations:
        print(f"no mutation in {CURATED.name} is named by {words}")
        return 2
    import torch

    missing = [
        m for m in mutations
        if m.old is not None and m.old not in (ROOT / m.file).read_text(encoding="utf-8")
    ]  # fmt: skip
    no_gpu = not torch.cuda.is_available()
    skipped = [m for m in mutations if m.needs == "cuda" and no_gpu and m not in missing]
    todo = [m for m in mutations if m not in skipped and m not in missing]
    # A baseline per distinct check: the untouched snippet, or the named tests on the tree.
    distinct = {(m.file, m.needs) if m.on_a_snippet else m.check: m for m in todo}
    baselines = [] if trusted else list(distinct.values())
    if trusted:
        print("baselines: passed in the CPU lane that ran just before on this checkout")
    jobs = [(m, False) for m in baselines] + [(m, True) for m in todo]
    jobs.sort(key=lambda job: "mnist" not in job[0].file + " ".join(job[0].check))  # long first
    with tempfile.TemporaryDirectory(prefix="pytorch-notes-mutation-") as tmp, \
            ThreadPoolExecutor(max_workers=2) as pool:  # fmt: skip
        results = dict(zip(jobs, pool.map(lambda job: outcome(job, Path(tmp)), jobs), strict=True))
    broken = [m for m in baselines if results[(m, False)][0] != "passes"]
    for m in broken:  # a check that fails untouched proves nothing about a mutation
        said = results[(m, False)][0]
        print(f"baseline {m.file if m.on_a_snippet else m.check} before any mutation: {said}")
    if broken:
        return 2
    rows = [(m.name, "TARGET MISSING", 0.0) for m in missing]
    rows += [(m.name, "not run: needs CUDA", 0.0) for m in skipped]
    for m in todo:
        said, seconds = results[(m, True)]
        rows.append((m.name, {"fails": "caught", "passes": "MISSED"}.get(said, said), seconds))
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'mutation':<{width}}  result          seconds")
    for name, result, seconds in rows:
        print(f"{name:<{width}}  {result:<14}  {seconds:7.1f}")
    n_caught = sum(result == "caught" for _, result, _ in rows)
    counted = len(rows) - len(skipped)
    print(f"\nmutation gate: {n_caught}/{counted} caught ({len(skipped)} need a GPU: not run here)")
    return 0 if n_caught == counted else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
