"""A warm start for snippet runs: this process imports torch, torchvision, numpy and matplotlib
once, then forks one child per run, and the child becomes ``python topic.py``.

A fresh interpreter spends about 4 s of CPU importing those libraries (2 cores, AMD EPYC), and a
test run starts hundreds of snippet processes. The child gets what ``python topic.py`` would
have: its own argv, working folder, environment, ``sys.path[0]``, stdout and stderr files, step
credit (tools/cells.py), exit status and traceback. ``tools.snippets.run_script`` starts this
server with the snippet environment and sends it only runs whose start-up settings
(``PYTHON*``, thread and kernel pins, locale) are the server's own; anything else runs in a
fresh interpreter. Standard library only until ``serve`` imports the libraries.

Protocol, one JSON object per line: a request ``{"argv", "cwd", "env", "stdout", "stderr"}`` on
stdin; on stdout ``{"ready": true}`` once, then ``{"pid": n}`` and ``{"returncode": n}`` per run.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback


def _become(argv: list[str], cwd: str, env: dict, stdout: str, stderr: str) -> None:
    """In the forked child: turn into ``python argv[0] argv[1:]`` and run it; never returns."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)  # a fresh interpreter has no fd beyond 0-2 either
    for path, fd in ((stdout, 1), (stderr, 2)):
        opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (as Python's own stdin)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    script = os.path.abspath(argv[0])
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(script)
    site = sys.modules.get("sitecustomize")
    if site is not None and hasattr(site, "credit_cells"):
        site.credit_cells(script)  # what tools/cells_site does at a fresh interpreter's start
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise  # the interpreter's own handling: a message on stderr, its exit status
    except KeyboardInterrupt:
        traceback.print_exc()
        import signal

        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as Python ends on an unhandled Ctrl-C:
        os.kill(os.getpid(), signal.SIGINT)  # killed by SIGINT
    except BaseException as error:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != script:
            tb = tb.tb_next  # drop this file's and runpy's frames: the reader's traceback
        traceback.print_exception(type(error), error, tb)
        raise SystemExit(1) from None
    raise SystemExit(0)


def serve() -> None:
    import tempfile

    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    stderr = os.dup(2)
    with tempfile.TemporaryFile() as said:
        # While importing, stdout and stderr go to a file: a warning printed here would be printed
        # by every fresh `python topic.py`, so a server that printed anything is not used.
        os.dup2(said.fileno(), 1)
        os.dup2(said.fileno(), 2)
        import matplotlib.pyplot  # noqa: F401  (MPLBACKEND=Agg: the snippet environment's)
        import numpy  # noqa: F401
        import torch  # noqa: F401
        import torchvision
        import torchvision.transforms.v2  # noqa: F401

        sys.stdout.flush()
        sys.stderr.flush()
        quiet = os.fstat(said.fileno()).st_size == 0
    os.dup2(stderr, 2)
    os.dup2(stderr, 1)  # anything this server prints by mistake goes to stderr, not the replies
    os.close(stderr)

    def reply(**fields) -> None:
        replies.write(json.dumps(fields) + "\n")
        replies.flush()

    reply(ready=quiet)
    if not quiet:
        return
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            replies.close()
            _become(**request)
        reply(pid=pid)
        _, status = os.waitpid(pid, 0)
        reply(returncode=os.waitstatus_to_exitcode(status))
    replies.close()


if __name__ == "__main__":
    serve()
