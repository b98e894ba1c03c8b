"""The getting-started page's commands work: every shell block that can run on a Linux CI machine
runs here, and each one that cannot is listed below with the reason.

The install commands really create and activate the virtual environment; ``pip install`` runs
with ``--dry-run --no-deps``: pip resolves each named package and pinned version for this Python
and platform (a typo, or a version that does not exist, fails) without downloading several GB.
The page's ```python check block is run by pytest-codeblocks like every inline fence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.snippets import DOCS, SNIPPETS, run_env

PAGES = {"zh": DOCS / "getting-started.md", "en": DOCS / "getting-started.en.md"}
SHELL_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>bash|powershell|bat)[ \t]*\n(?P<body>.*?)^(?P=indent)```",
    re.MULTILINE | re.DOTALL,
)
COMMENT = re.compile(r"\s+# .*")
# A block that cannot run on the CI machine, found by a fragment of it -> why.
NOT_RUN = {
    "conda create": "conda is not installed on the CI machine",
    "pypi.tuna.tsinghua.edu.cn": "the CI machine reaches no mirror in mainland China",
    "jupyter lab walkthrough.ipynb": "starts a server and opens a browser",
    "python3 -m nox": "this is CI's own command (.ci/run runs it)",
}
NOT_RUN_LANGUAGES = {"powershell": "a Windows shell", "bat": "a Windows shell"}
# pip as the page types it, but resolving only: see the module docstring.
PIP_DRY_RUN = (
    'pip() { if [ "$1" = install ]; then shift; '
    'command pip install --dry-run --no-deps --quiet "$@"; else command pip "$@"; fi; }\n'
)


def blocks(language: str) -> list[tuple[str, str]]:
    """Each shell block as (language, commands); comments, which are translated, dropped."""
    text = PAGES[language].read_text(encoding="utf-8")
    return [
        (m["lang"], "\n".join(COMMENT.sub("", line.strip()) for line in m["body"].splitlines()))
        for m in SHELL_FENCE.finditer(text)
    ]


def why_not_run(lang: str, body: str) -> str | None:
    if lang in NOT_RUN_LANGUAGES:
        return NOT_RUN_LANGUAGES[lang]
    return next((why for fragment, why in NOT_RUN.items() if fragment in body), None)


RUNNABLE = [body for lang, body in blocks("zh") if why_not_run(lang, body) is None]


def test_both_languages_give_the_same_commands():
    assert blocks("zh") == blocks("en")


def test_the_page_covers_every_system_and_each_exception_still_applies():
    bodies = "\n".join(body for _, body in blocks("zh"))
    for needed in [
        "source .venv/bin/activate", r".venv\Scripts\Activate.ps1", r".venv\Scripts\activate.bat",
        "conda activate", "$env:PYTORCH_NOTES_DEVICE", "set PYTORCH_NOTES_DEVICE=cpu",
        "-i https://", "pip install jupyterlab",
    ]:  # fmt: skip
        assert needed in bodies, f"getting-started no longer shows {needed!r}"
    stale = [fragment for fragment in NOT_RUN if fragment not in bodies]
    assert not stale, f"NOT_RUN lists commands the page no longer has: {stale}"
    assert len(RUNNABLE) >= 4, RUNNABLE


def test_linux_wheels_from_pypi_are_cuda_builds():
    """The tip's claim: PyPI's Linux torch pulls in NVIDIA's libraries (the lock resolves it)."""
    lock = (DOCS.parent / "requirements.lock").read_text(encoding="utf-8")
    nvidia = re.findall(r"^(nvidia-[\w-]+)==\S+ ; sys_platform == 'linux'", lock, re.MULTILINE)
    assert len(nvidia) >= 5, nvidia


@pytest.mark.parametrize("body", RUNNABLE, ids=lambda body: body.splitlines()[-1][:50])
def test_command_block_runs(body: str, tmp_path: Path):
    for example in ("tensor/creation.py", "tensor/devices.py"):  # the files the page runs
        shutil.copy(SNIPPETS / example, tmp_path)
    script = "set -euo pipefail\n" + PIP_DRY_RUN + body + "\n"
    env = run_env("cpu")
    env.pop("PYTORCH_NOTES_DEVICE")  # the block sets it itself where it means to
    env.pop("PYTHONWARNINGS")  # pip's own deprecations are not the page's (snippets run strict)
    # `python` is a reader's Python with torch installed: the one running these tests.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    r = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, f"{body}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
