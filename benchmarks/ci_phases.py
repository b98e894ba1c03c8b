"""Where CI's minutes go, measured: the install (uv vs pip), each phase of `.ci/run`, and how
long `nox -s serve` takes to serve a page again after its Markdown is saved.

Runs on a fresh clone of this repository (the working tree's committed state), so it measures
what CI measures. Prints a table and writes it to benchmarks/ci_phases.report.txt.

    python benchmarks/ci_phases.py              # everything (~20 min on a 2-core machine)
    python benchmarks/ci_phases.py --no-ci      # install + serve only
    python benchmarks/ci_phases.py --compare BEFORE.log AFTER.log   # two .ci/run logs, per phase
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).with_name("ci_phases.report.txt")
EDITED_PAGE = "docs/tensor/creation.md"


def sh(command: list[str], cwd: Path, env: dict | None = None, **kwargs):
    return subprocess.run(command, cwd=cwd, env=(env or os.environ), check=True, **kwargs)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.monotonic()
    sh(command, cwd, env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def install_times(clone: Path) -> list[tuple[str, float]]:
    """The same lock into an empty venv, twice: uv with a cold cache, then pip."""
    sys.path.insert(0, str(clone))
    from noxfile import pip_indexes, uv  # the exact commands nox uses

    lock = str(clone / "requirements.lock")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        venv, cache = Path(tmp) / "uv-venv", Path(tmp) / "uv-cache"
        env = os.environ | pip_indexes() | {"UV_CACHE_DIR": str(cache)}
        tool = uv()
        seconds = timed([*tool, "venv", "--python", sys.executable, str(venv)], clone, env)
        seconds += timed(
            [*tool, "pip", "sync", "--require-hashes", "--compile-bytecode",
             "--python", str(venv / "bin" / "python"), lock], clone, env,
        )  # fmt: skip
        rows.append(("install: uv venv + uv pip sync (cold uv cache)", seconds))
        shutil.rmtree(venv)
        venv = Path(tmp) / "pip-venv"
        seconds = timed([sys.executable, "-m", "venv", str(venv)], clone)
        seconds += timed(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-cache-dir",
             "--require-hashes", "--no-deps", "-r", lock], clone,
        )  # fmt: skip
        rows.append(("install: python -m venv + pip install (no pip cache)", seconds))
    return rows


def ci_times(clone: Path) -> list[tuple[str, float]]:
    """`bash .ci/run` as CI runs it; it prints when each phase finished (the mutation gate runs
    beside e2e, so its row is only how long it outlasted e2e)."""
    log = subprocess.run(
        ["bash", ".ci/run"], cwd=clone, env=os.environ | {"CI": "true"},
        capture_output=True, text=True,
    )  # fmt: skip
    (clone / "ci.log").write_text(log.stdout + log.stderr, encoding="utf-8")
    if log.returncode:
        sys.exit(f".ci/run failed (log: {clone / 'ci.log'})")
    rows, previous = [], 0
    for name, at in re.findall(r"^ci: (.+?) finished after (\d+) s$", log.stdout, re.MULTILINE):
        rows.append((f"ci: {name}", int(at) - previous))
        previous = int(at)
    total = int(re.search(r"^ci: all green after (\d+) s$", log.stdout, re.MULTILINE)[1])
    rows.append(("ci: .ci/run end to end", total))
    return rows


def phases(log: str) -> dict[str, float]:
    """What one `.ci/run` log says about where its minutes went: each phase as .ci/run timed it,
    and inside them pytest's, the site build's and the browser tests' own totals."""
    found: dict[str, float] = {}
    previous = 0
    for name, at in re.findall(r"^ci: (.+?) finished after (\d+) s$", log, re.MULTILINE):
        found[f"ci: {name}"] = int(at) - previous
        previous = int(at)
    if total := re.search(r"^ci: all green after (\d+) s$", log, re.MULTILINE):
        found["ci: .ci/run end to end"] = int(total[1])
    inner = {
        "  venv install": r"installed with \w+ in ([\d.]+) s",
        "  pytest, CPU lane": r"^=+ \d+ passed.* in ([\d.]+)s \(\d+:\d+:\d+\) =+$",
        "  site build (mkdocs), each": r"Documentation built in ([\d.]+) seconds",
        "  notebooks + strict build": r"docs: notebooks \+ strict build took ([\d.]+) s",
    }
    for name, pattern in inner.items():
        if hit := re.search(pattern, log, re.MULTILINE):
            found[name] = float(hit[1])
    passes = re.findall(r"^=+ \d+ passed.* in ([\d.]+)s \(\d+:\d+:\d+\) =+$", log, re.MULTILINE)
    if len(passes) > 1:
        found["  pytest, browser tests"] = float(passes[-1])
    return found


def compare(before: Path, after: Path) -> str:
    a, b = (phases(p.read_text(encoding="utf-8", errors="replace")) for p in (before, after))
    names = list(dict.fromkeys([*a, *b]))
    width = max(map(len, names))
    lines = [f"{'phase':<{width}}  {'before':>8}  {'after':>8}"]
    for name in names:
        cells = [f"{d[name]:7.0f}s" if name in d else "       -" for d in (a, b)]
        lines.append(f"{name:<{width}}  {cells[0]}  {cells[1]}")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def serve_times(clone: Path, edits: int = 3) -> list[tuple[str, float]]:
    """Start `nox -s serve`, wait for the first page, then save a page and time until the
    server answers with the edit in it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/pytorch-notes/tensor/creation/"
    start = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "serve", "--", "-a", f"127.0.0.1:{port}"],
        cwd=clone, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    rows = []
    try:
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() - start > 900:
                sys.exit("nox -s serve did not come up")
            time.sleep(0.5)
        rows.append(("serve: first page served (venv ready, notebooks cached?)",
                     time.monotonic() - start))  # fmt: skip
        page = clone / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        for edit in range(edits):
            marker = f"benchmark-edit-{edit}-{time.time_ns()}"
            saved = time.monotonic()
            page.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in (fetch(url) or ""):
                if time.monotonic() - saved > 600:
                    sys.exit("the edit never showed up")
                time.sleep(0.2)
            rows.append((f"serve: edit {edit + 1} saved -> served", time.monotonic() - saved))
        page.write_text(original, encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-ci", action="store_true", help="skip the full .ci/run")
    parser.add_argument("--no-install", action="store_true", help="skip uv vs pip")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("BEFORE", "AFTER"),
        help="print two .ci/run logs side by side, per phase (runs nothing)",
    )
    args = parser.parse_args()
    if args.compare:
        print(compare(*args.compare), end="")
        return 0
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    flags = Path("/proc/cpuinfo").read_text()
    kind = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="pytorch-notes-phases-") as tmp:
        clone = Path(tmp) / "pytorch-notes"
        sh(["git", "clone", "--quiet", str(ROOT), str(clone)], ROOT)
        shared = ROOT.parent / "shared"
        if shared.is_dir() and not (clone.parent / "shared").exists():
            (clone.parent / "shared").symlink_to(shared)  # CI's layout: ../shared beside it
        if not args.no_install:
            rows += install_times(clone)
        if not args.no_ci:
            rows += ci_times(clone)
        rows += serve_times(clone)
    width = max(len(name) for name, _ in rows)
    lines = [f"{os.cpu_count()} cores, {cpu} ({kind}), {time.strftime('%Y-%m-%d')}"]
    lines += [f"{name:<{width}}  {seconds:8.1f} s" for name, seconds in rows]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    args.report.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
