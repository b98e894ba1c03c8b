"""Find, run and capture the site's snippets: one place for the tests and `nox -s outputs`.

A snippet is ``snippets/<chapter>/<topic>.py``. Its captured stdout lives beside it
as ``<topic>.output.txt`` and is what the page shows under the code; the tests run
the snippet again and fail when the two drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from tools import numerics

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
# A page's parts: its code fences, and its include lines (pymdownx.snippets, paths from ROOT).
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})(?P<info>[^\n`]*)\n"  # opening fence and its info
    r"(?P<body>.*?)^(?P=indent)(?P=ticks)[ \t]*$",  # body up to the matching closing fence
    re.MULTILINE | re.DOTALL,
)
# The snippets that train for real, a minute or more each: the test run starts them first
# (conftest.py) and the statement-deletion run leaves them out (tools/mutants.py: deleting
# each of their statements in turn would take hours).
LONG_TRAINING = {
    "quickstart/mnist_in_one_page",
    "mnist/train_basic",
    "mnist/train",
    "mnist/train_ddp",
    "mnist/compare_models",
    "mnist/speedrun",
    "finetune/transfer_mnist",
    "finetune/finetune_pretrained",
    "finetune/your_project",
}
# An include line names a file, or one step of it: "snippets/ch/topic.py:step" (tools/cells.py);
# its indent is kept when the hook inlines it (hooks/snippet_includes.py).
INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^":]+)(?::(?P<step>[\w-]+))?"[ \t]*$', re.MULTILINE
)


def includes(page: Path, steps: bool = False) -> list[str]:
    """The files a page includes, in order (with ``steps``: as written, ``path:step``)."""
    found = INCLUDE.finditer(page.read_text(encoding="utf-8"))
    return [m.group(0).split('"')[1] if steps else m["path"] for m in found]


# CI keeps MNIST beside the checkout; readers' snippets fall back to ./data and download.
CELLS_SITE = ROOT / "tools" / "cells_site"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
TIMEOUT_S = 1200  # the MNIST comparison trains five models: minutes on 2 loaded cores
# Deprecated or misused APIs fail the run instead of scrolling past: a snippet the site teaches
# must not warn. A page that demonstrates a warning catches it and asserts its text.
STRICT_CATEGORIES = ("DeprecationWarning", "FutureWarning", "UserWarning")
STRICT_WARNINGS = ",".join(["default", *(f"error::{c}" for c in STRICT_CATEGORIES)])
STRICT_WARNINGS_CODE = (  # the same filter inside a notebook kernel (tools/notebooks.py)
    "import warnings\n"
    f"for _category in ({', '.join(STRICT_CATEGORIES)}):\n"
    "    warnings.filterwarnings('error', category=_category)\n"
)
# No network: proxies that refuse every connection (the offline checks of the tests and mutants).
OFFLINE = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
OFFLINE |= {k.upper(): v for k, v in OFFLINE.items()} | {"no_proxy": "", "NO_PROXY": ""}


def is_one_clear_line(stderr: str) -> bool:
    """An error message a reader can act on: one line, no traceback."""
    return "Traceback" not in stderr and stderr.strip().count("\n") == 0


# Only what must vary between runs is normalised: object addresses and wall-clock timings.
_VOLATILE = [
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "0x…"),
    (re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|µs|us|it/s|s/it)\b(?! *[=×x])"), "<time>"),
]


FIGURE_NAME = re.compile(r'FIGURES\s*/\s*"([\w.-]+\.png)"')
THUMBNAIL = (64, 64)  # a figure is compared at this size: what a reader sees, not its bytes
# Two renderings agree when no thumbnail pixel moved by more than this (0-255 grey levels) and
# the mean moved less than FIGURE_MEAN. Measured: deleting draw_bounding_boxes in
# transforms/v2_boxes.py moves pixels by up to 59 (mean 0.67); unpinned numerics moved none.
FIGURE_MAX, FIGURE_MEAN = 24, 0.5


def fingerprint(png: Path) -> dict:
    """A figure in small: its size and a 64x64 grey thumbnail (zlib + base64)."""
    import base64
    import zlib

    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        small = grey.resize(THUMBNAIL, Image.Resampling.BOX)
        alpha = image.getchannel("A").getextrema()[0] if "A" in image.getbands() else 255
        return {
            "size": list(grey.size),
            "thumbnail": base64.b64encode(zlib.compress(small.tobytes(), 9)).decode(),
            # A transparent PNG would put black titles on the dark theme's background.
            "opaque": alpha == 255,
        }


def figures_agree(shown: dict, real: dict) -> list[str]:
    """Why two sets of fingerprints differ, or [] when each figure looks the same."""
    import base64
    import zlib

    problems = []
    for name in sorted(set(shown) | set(real)):
        if name not in real or name not in shown:
            problems.append(f"{name}: {'not written' if name not in real else 'no baseline'}")
            continue
        (w0, h0), (w1, h1) = shown[name]["size"], real[name]["size"]
        if abs(w0 - w1) > 0.03 * w0 or abs(h0 - h1) > 0.03 * h0:
            problems.append(f"{name}: size {w1}x{h1}, the baseline is {w0}x{h0}")
            continue
        a, b = (zlib.decompress(base64.b64decode(f[name]["thumbnail"])) for f in (shown, real))
        moved = [abs(x - y) for x, y in zip(a, b, strict=True)]
        worst, mean = max(moved), sum(moved) / len(moved)
        if worst > FIGURE_MAX or mean > FIGURE_MEAN:
            problems.append(
                f"{name}: looks different (a thumbnail pixel moved by {worst} grey levels, "
                f"limit {FIGURE_MAX}; mean {mean:.2f}, limit {FIGURE_MEAN})"
            )
    return problems


@dataclass(frozen=True)
class Snippet:
    path: Path

    @property
    def id(self) -> str:
        return self.path.relative_to(SNIPPETS).with_suffix("").as_posix()

    @property
    def output_path(self) -> Path:
        return self.path.with_suffix(".output.txt")

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def figure_names(self) -> list[str]:
        """The figures the snippet writes: every ``FIGURES / "<name>.png"`` in its source."""
        return sorted(set(FIGURE_NAME.findall(self.path.read_text(encoding="utf-8"))))

    @property
    def figures_path(self) -> Path:
        """What its figures look like, in small: ``<topic>.figures.json`` (see fingerprint)."""
        return self.path.with_suffix(".figures.json")


def discover() -> list[Snippet]:
    return [Snippet(p) for p in sorted(SNIPPETS.glob("*/*.py")) if not p.name.startswith("_")]


def run_env(device: str = "cpu") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTORCH_NOTES_DEVICE=device,
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
        PYTHONUNBUFFERED="1",
        PYTHONWARNINGS=STRICT_WARNINGS,
        # One thread per snippet: the suite runs two snippets at a time on two cores, and
        # oversubscribed OpenMP threads spin-wait (measured: 3.4x slower training). The
        # same count everywhere also keeps float reductions, hence shown outputs, identical.
        OMP_NUM_THREADS=env.get("OMP_NUM_THREADS", "1"),
    )
    env.setdefault("PYTORCH_NOTES_DATA", str(DEFAULT_DATA))
    env.setdefault("PYTORCH_NOTES_FIGURES", str(DOCS / "assets" / "figures"))
    # Each print is credited to the snippet's step (tools/cells.py) by a start-up hook in the
    # snippet's own process; the snippet still runs as `python topic.py`.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CELLS_SITE), env.get("PYTHONPATH")]))
    # Reference SIMD kernels (tools/numerics.py), so shown outputs match on every x86 CPU;
    # inherited by whatever the snippet starts itself (torchrun's workers, DataLoader workers).
    return numerics.apply(env)


# Settings a Python process reads while it starts (the interpreter, the kernels' pins, OpenMP,
# matplotlib's backend, the locale): a run whose values differ from the warm server's own cannot
# be forked from it (tools/warm.py) and gets a fresh interpreter.
STARTUP_SETTINGS = ("PYTHON", "OMP_", "KMP_", "MKL", "OPENBLAS_", "ATEN_", "ONEDNN_", "DNNL_",
                    "LD_", "MPL", "TORCH", "PYTORCH_", "CUDA", "LC_", "LANG", "HOME", "XDG_",
                    "TZ")  # fmt: skip
# PYTORCH_NOTES_FRESH_PYTHON=1: every run in a fresh interpreter, as a reader's `python topic.py`.
FRESH = os.environ.get("PYTORCH_NOTES_FRESH_PYTHON") == "1" or not hasattr(os, "fork")


def _startup(env: dict) -> dict:
    """The settings read at start-up (the project's own PYTORCH_NOTES_* are read at run time)."""
    return {
        k: v
        for k, v in env.items()
        if k.startswith(STARTUP_SETTINGS) and not k.startswith("PYTORCH_NOTES_")
    }


class _WarmServer:
    """One tools/warm.py process (per thread: a thread pool runs two snippets at a time)."""

    def __init__(self, env: dict):
        self.startup = _startup(env)
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "warm.py")],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.buffer = b""
        try:  # a server that cannot start, or that warned while importing, is not used
            self.ready = self._reply(deadline=time.monotonic() + 120) == {"ready": True}
        except (EOFError, ValueError):
            self.ready = False
        if not self.ready:
            self.close()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            pipe.close()

    def _reply(self, deadline: float | None) -> dict | None:
        import select

        while b"\n" not in self.buffer:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([self.proc.stdout], [], [], wait)[0]:
                return None  # no reply in time
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("the warm server stopped")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, argv: list[str], cwd: str, env: dict, timeout: float, give_up=None):
        with tempfile.TemporaryDirectory(prefix="pytorch-notes-streams-") as streams:
            out, err = Path(streams, "stdout"), Path(streams, "stderr")
            request = {"argv": argv, "cwd": cwd, "env": env, "stdout": str(out),
                       "stderr": str(err)}  # fmt: skip
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
            pid = self._reply(deadline=None)["pid"]
            deadline, late, gave_up, reply = time.monotonic() + timeout, False, False, None
            try:
                while (reply := self._reply(min(deadline, time.monotonic() + 1))) is None:
                    late = time.monotonic() >= deadline
                    gave_up = not late and give_up is not None and give_up(_printed_lines(out))
                    if late or gave_up:
                        break
            finally:  # stopped, or an error here: end the child and read its code, so the
                if reply is None:  # next run reads its own reply, not this one's
                    with contextlib.suppress(ProcessLookupError):  # it may have ended just now
                        os.kill(pid, signal.SIGKILL)
                    reply = self._reply(deadline=None)
            if late:
                raise subprocess.TimeoutExpired(argv, timeout)
            # As subprocess.run(text=True) decodes: the locale's encoding, universal newlines.
            text = [_decode(p.read_bytes()) for p in (out, err)]
        result = subprocess.CompletedProcess(argv, reply["returncode"], text[0], text[1])
        # Stopped early: what it printed differs from the page's output (check() says so).
        result.stopped_early = gave_up and reply["returncode"] == -signal.SIGKILL
        return result


def _printed_lines(path: Path) -> str:
    """The complete lines a running child has written so far ("" before it opened the file)."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return _decode(data[: data.rfind(b"\n") + 1])


def _decode(data: bytes) -> str:
    import locale

    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")


_warm = threading.local()


def run_script(argv: list[str], cwd, env: dict, timeout: float = TIMEOUT_S,
               python: str = sys.executable, give_up=None):  # fmt: skip
    """``python *argv`` in ``cwd`` with exactly ``env``: a CompletedProcess with text output.

    A script run with this environment's Python is forked from a warm server that has imported
    torch, torchvision and matplotlib (tools/warm.py): the same program, seconds sooner."""
    argv = [str(a) for a in argv]
    server = getattr(_warm, "server", None)
    warm = not FRESH and python == sys.executable and argv[0].endswith(".py")
    if warm and (
        server is None or server.proc.poll() is not None or server.startup != _startup(env)
    ):
        if server is not None:
            server.close()
        server = _warm.server = _WarmServer(env)
    if warm and server.ready:
        try:
            return server.run(argv, str(cwd), env, timeout, give_up)
        except EOFError:
            server.close()
            _warm.server = None  # it died: this run, and the next server, start fresh
    return subprocess.run([python, *argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def run(snippet: Snippet, device: str = "cpu", extra_env: dict | None = None,
        python: str = sys.executable, give_up=None):  # fmt: skip
    """Run one snippet as a reader would (`python topic.py`), in its own process (by default
    with this environment's Python; the version lane passes another release's), from an empty
    temporary folder."""
    env = run_env(device) | (extra_env or {}) | {"PYTORCH_NOTES_CELLS": str(snippet.path)}
    figures = Path(env["PYTORCH_NOTES_FIGURES"])
    started = time.time() - 1  # file systems round mtimes
    with tempfile.TemporaryDirectory(prefix="pytorch-notes-") as folder:
        result = run_script([snippet.path], folder, env, python=python, give_up=give_up)
        # What the run left in the reader's folder (it should be nothing: tests check).
        result.leftovers = sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*"))
    # The figures this run wrote (an older file of the same name does not count), in small.
    result.figures = {
        name: fingerprint(figures / name)
        for name in snippet.figure_names
        if (figures / name).exists() and (figures / name).stat().st_mtime >= started
    }
    return result


def run_notebook(notebook: Path, device: str = "cpu", extra_env: dict | None = None,
                 python: str = sys.executable):  # fmt: skip
    """A jupytext percent notebook is also a plain script: run it top to bottom."""
    return run_script([notebook], ROOT, run_env(device) | (extra_env or {}), 600, python)


CHECKS = ("exit", "output", "figures", "leftovers")


def check(snippet: Snippet, result, baseline: Snippet | None = None) -> dict[str, str]:
    """CI's checks of one run of a snippet, each "" when it holds, else why not: it exited 0,
    printed what its page shows (step by step), drew figures that look like the page's and left
    its folder empty. ``baseline``: whose captured output and figures to compare with (the
    original, when ``snippet`` is a changed copy of it)."""
    baseline = baseline or snippet
    name = baseline.rel  # a changed copy is told by the file it stands in for
    found = dict.fromkeys(CHECKS, "")
    if getattr(result, "stopped_early", False):  # check_copy: its output went wrong midway
        found["output"] = f"the page shows output that {name} no longer prints (stopped there)"
        return found | {k: "did not run to the end" for k in ("figures", "leftovers")}
    if result.returncode != 0:
        found["exit"] = f"{name} exited {result.returncode}:\n{result.stderr[-4000:]}"
        return found | {k: "did not run to the end" for k in CHECKS[1:]}
    regenerate = f"regenerate with `nox -s outputs -- {baseline.id}` (never edit it by hand)"
    if not baseline.output_path.exists():
        found["output"] = f"{baseline.output_path.name} is missing: {regenerate}"
    else:
        shown = normalise(baseline.output_path.read_text(encoding="utf-8"))
        printed = normalise(result.stdout)
        if numerics.pinned():  # x86-64 with AVX2: the reference kernels, so byte for byte
            if shown != printed:
                found["output"] = (
                    f"the page shows output that {name} no longer prints: {regenerate}"
                )
        elif problems := numerics.outputs_agree(shown, printed):  # other kernels, other digits
            found["output"] = (
                f"the page shows output that {name} no longer prints ({regenerate}); "
                f"this machine cannot run the reference kernels (tools/numerics.py), so numbers "
                f"may differ within the tolerance, these do not: {problems[:5]}"
            )
    if baseline.figure_names:
        if not baseline.figures_path.exists():
            found["figures"] = f"{baseline.figures_path.name} is missing: {regenerate}"
        else:
            shown = json.loads(baseline.figures_path.read_text(encoding="utf-8"))
            see_through = [n for n, f in result.figures.items() if not f.get("opaque", True)]
            if see_through:
                found["figures"] = (
                    f"{see_through} have transparent pixels: savefig(facecolor='white')"
                )
            elif problems := figures_agree(shown, result.figures):
                found["figures"] = (
                    f"it draws other figures than the page shows: {problems}; {regenerate}"
                )
    if result.leftovers:
        found["leftovers"] = f"{name} left {result.leftovers} in its working directory"
    return found


def check_copy(snippet: Snippet, source: str | None, folder: Path, device: str = "cpu"):
    """Run ``source`` (a changed copy of ``snippet``; None: the snippet as it is) from a file in
    ``folder``, as the tests run a snippet, and :func:`check` it against ``snippet``'s captured
    output and figures: the mutation gate's and the statement-deletion run's one judge."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = Snippet(folder / snippet.path.name)
    copy.path.write_text(snippet.path.read_text(encoding="utf-8") if source is None else source,
                         encoding="utf-8")  # fmt: skip
    figures = folder / "figures"
    shutil.rmtree(figures, ignore_errors=True)
    give_up = None
    if device == "cpu" and numerics.pinned() and snippet.output_path.exists():
        shown = normalise(snippet.output_path.read_text(encoding="utf-8"))
        give_up = functools.partial(_already_differs, shown)
    result = run(copy, device=device, extra_env={"PYTORCH_NOTES_FIGURES": str(figures)},
                 give_up=give_up)  # fmt: skip
    return check(copy, result, baseline=snippet)


def _already_differs(shown: str, printed: str) -> bool:
    """Whether the lines printed so far already differ from the start of the page's output
    (byte for byte, under the pinned kernels): the run is stopped there, failing ``check`` as
    it would at the end, but a changed training fails in seconds, not minutes."""
    if not printed.strip():  # complete lines only (_printed_lines)
        return False
    return not shown.startswith(normalise(printed))


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()) + "\n"


def run_quietly(path: Path, **kwargs) -> dict:
    """Execute a snippet in this process (torch imported once), its prints swallowed."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(path), **kwargs)


def exec_quietly(code) -> None:
    """Run compiled snippet code as ``__main__``, prints and warnings swallowed."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. reading .grad of a non-leaf once retain_grad is gone
        exec(code, {"__name__": "__main__"})


def tree_files() -> list[str]:
    """The project as a clean clone plus new files would have it: tracked files and untracked
    ones that git does not ignore (no venv, no built site, no captured figures)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [rel for rel in filter(None, listed.split("\0")) if (ROOT / rel).is_file()]
