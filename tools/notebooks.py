"""Execute every walkthrough notebook once per build, shared by its zh and en twins.

The two languages' notebooks have identical code cells (tests/test_site.py), so running both
would compute the same outputs twice. ``nox -s docs`` runs this first: it executes each
Chinese notebook top to bottom (two kernels side by side, one thread each), fails on the
first error as ``allow_errors: false`` would, and writes both twins, each with its own
Markdown and the shared outputs, to ``.cache/notebooks/``. ``hooks/i18n_notebooks.py`` then
renders those files instead of executing the sources again, when the docs session asks for
it (``PYTORCH_NOTES_EXECUTED_NOTEBOOKS=1``) and each file was made from the sources as they
are now (the SHA-256 of both twins is in its metadata); any other build (a bare
``mkdocs build``, ``nox -s serve``) executes the sources as mkdocs-jupyter always does.
Usage: ``python -m tools.notebooks``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import comments
from tools.snippets import DOCS, ROOT, STRICT_WARNINGS_CODE

OUT = ROOT / ".cache" / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def twins() -> list[tuple[Path, Path]]:
    return [
        (zh, zh.with_name(zh.stem + ".en.py"))
        for zh in sorted(DOCS.glob("*/walkthrough.py"))
        if zh.with_name(zh.stem + ".en.py").exists()
    ]


def sources_digest(zh: Path, en: Path) -> str:
    return hashlib.sha256(zh.read_bytes() + b"\0" + en.read_bytes()).hexdigest()


def executed_path(source: Path) -> Path:
    """Where the executed copy of docs/<chapter>/<name>.py lives."""
    return OUT / source.parent.name / (source.stem + ".ipynb")


def fresh_executed(source: Path) -> Path | None:
    """The executed copy of ``source``, if it was made from the sources as they are now."""
    import json

    path = executed_path(source)
    zh = source.with_name(source.name.replace(".en.py", ".py"))
    en = zh.with_name(zh.stem + ".en.py")
    if not path.exists() or not en.exists():
        return None
    made_from = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("pytorch_notes", {})
    return path if made_from.get("sources_sha256") == sources_digest(zh, en) else None


def execute(zh: Path, en: Path) -> float:
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    start = time.monotonic()
    for source in (zh, en):  # a failed run must not leave an older result behind
        executed_path(source).unlink(missing_ok=True)
    notebook = jupytext.read(zh)
    notebook.metadata["kernelspec"] = KERNELSPEC
    # Deprecation and misuse warnings fail the run, as in every snippet run (tools/snippets.py):
    # a setup cell executed first, then dropped, so the notebook shows only its own cells.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(STRICT_WARNINGS_CODE))
    # As mkdocs-jupyter runs a .py notebook: the kernel starts in the project root.
    NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=False,
                   resources={"metadata": {"path": str(ROOT)}}).execute()  # fmt: skip
    del notebook.cells[0]
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.execution_count:
            cell.execution_count -= 1  # numbered from 1, as if the setup cell had not run
    english = jupytext.read(en)
    english.metadata["kernelspec"] = KERNELSPEC
    code = [c for c in notebook.cells if c.cell_type == "code"]
    english_code = [c for c in english.cells if c.cell_type == "code"]
    if [c.source for c in code] != [c.source for c in english_code]:
        raise SystemExit(f"{en.relative_to(ROOT)}: code cells differ from {zh.name}'s")
    for ran, twin in zip(code, english_code, strict=True):
        twin.outputs, twin.execution_count = ran.outputs, ran.execution_count
    # The zh notebook shows its code with Chinese comments (tools/comments.py), as zh pages do.
    chinese = comments.table(zh.parent.name)
    for cell in code:
        cell.source = comments.translate(cell.source, chinese)[0]
    stamp = {"sources_sha256": sources_digest(zh, en)}
    for source, result in ((zh, notebook), (en, english)):
        result.metadata["pytorch_notes"] = stamp
        target = executed_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(result, target)
    return time.monotonic() - start


def main() -> int:
    # Two kernels at a time on two cores: one OpenMP thread each, or they spin (see snippets.py).
    os.environ["OMP_NUM_THREADS"] = os.environ.get("OMP_NUM_THREADS", "1")
    pairs = twins()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {zh: pool.submit(execute, zh, en) for zh, en in pairs}
    failed = 0
    for zh, future in futures.items():
        name = zh.relative_to(ROOT).as_posix()
        if error := future.exception():
            failed += 1
            print(f"FAIL {name} (and its English twin):\n{error}", file=sys.stderr)
        else:
            print(f"ok   {name} + .en.py executed once in {future.result():.1f} s")
    print(
        f"notebooks: {len(pairs) - failed}/{len(pairs)} pairs in {time.monotonic() - start:.1f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
