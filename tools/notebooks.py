"""Walkthrough notebooks: one source per chapter, made into each language's notebook here.

``docs/<chapter>/walkthrough.py`` is a jupytext percent notebook that holds both languages: each
prose step is a Markdown cell tagged ``lang="zh"`` directly followed by its ``lang="en"``
counterpart, and the code cells are shared, with English comments (tests/test_site.py checks
the pairs). :func:`for_language` makes a reader's notebook from it: that language's Markdown
only, and on the zh side every code comment in Chinese (tools/comments.py), as zh pages show
code. Everything a reader gets goes through it:

* the executed copies. ``nox -s docs`` runs this module first: it executes each source once, top
  to bottom (two kernels side by side, one thread each), fails on the first error as
  ``allow_errors: false`` would, and writes both languages' notebooks, each with the shared
  outputs, to ``.cache/notebooks/<chapter>/walkthrough{,.en}.ipynb``, stamped with the digest of
  what they were made from (:func:`inputs_digest`). ``hooks/notebooks.py`` renders those
  instead of executing again when the docs session asks for it
  (``PYTORCH_NOTES_EXECUTED_NOTEBOOKS=1``) and the copy is fresh;
* the page of any other build (a bare ``mkdocs build``, a notebook edited under
  ``nox -s serve``): the hook renders :func:`write_unexecuted`'s
  ``.cache/notebooks/<chapter>/walkthrough{,.en}.py``, which mkdocs-jupyter executes;
* the ``.ipynb`` a reader downloads (``hooks/site_downloads.py``).

The tests and the version lane run the source itself as a script, once per chapter: the code is
the same in both languages, and the prose is comments to Python.
Usage: ``python -m tools.notebooks``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import comments
from tools.snippets import DOCS, ROOT, STRICT_WARNINGS_CODE

OUT = ROOT / ".cache" / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
LANGUAGES = ("zh", "en")  # zh is the site's default: its files carry no language suffix


def sources() -> list[Path]:
    """The walkthrough of every chapter that has one."""
    return sorted(DOCS.glob("*/walkthrough.py"))


def for_language(notebook, lang: str, chapter: str):
    """A copy of ``notebook`` (a parsed source, executed or not) as a ``lang`` reader gets it:
    the Markdown cells tagged ``lang`` (without the tag), none of the other language's, and
    for zh the code's comments in Chinese."""
    made = copy.deepcopy(notebook)
    kept = []
    for cell in made.cells:
        if cell.cell_type == "markdown":
            tag = cell.metadata.pop("lang", None)
            if tag not in LANGUAGES:
                # Shown in neither language, or in both: either way a reader misses a step.
                raise ValueError(f"{chapter} walkthrough: Markdown cell without lang=\"zh\" or "
                                 f"lang=\"en\":\n{cell.source[:200]}")  # fmt: skip
            if tag != lang:
                continue
        elif cell.cell_type == "code" and lang == "zh":
            cell.source = comments.translate(cell.source, comments.table(chapter))[0]
        kept.append(cell)
    made.cells = kept
    return made


def read(source: Path, lang: str):
    """The ``lang`` notebook of a walkthrough source, unexecuted."""
    import jupytext

    return for_language(jupytext.read(source), lang, source.parent.name)


def inputs_digest(source: Path) -> str:
    """What both language notebooks are made from: the source, and the chapter's comment
    translations (the zh notebook's code comments)."""
    translations = comments.table_path(source.parent.name)
    made_from = source.read_bytes() + b"\0"
    made_from += translations.read_bytes() if translations.exists() else b""
    return hashlib.sha256(made_from).hexdigest()


def _cached(source: Path, lang: str, suffix: str) -> Path:
    name = source.stem + ("" if lang == LANGUAGES[0] else f".{lang}") + suffix
    return OUT / source.parent.name / name


def executed_path(source: Path, lang: str) -> Path:
    """Where the executed ``lang`` notebook of docs/<chapter>/walkthrough.py lives."""
    return _cached(source, lang, ".ipynb")


def fresh_executed(source: Path, lang: str) -> Path | None:
    """The executed ``lang`` notebook of ``source``, if it was made from the inputs as they
    are now."""
    path = executed_path(source, lang)
    if not path.exists():
        return None
    made_from = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("pytorch_notes", {})
    return path if made_from.get("inputs_sha256") == inputs_digest(source) else None


def write_unexecuted(source: Path, lang: str) -> Path:
    """The ``lang`` notebook as a jupytext percent file for mkdocs-jupyter to execute and render
    (a ``.py``, as the source: mkdocs-jupyter starts its kernel in the working directory, the
    project root, only for a text notebook)."""
    import jupytext

    target = _cached(source, lang, ".py")
    text = jupytext.writes(read(source, lang), fmt="py:percent")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def execute(source: Path) -> float:
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    start = time.monotonic()
    for lang in LANGUAGES:  # a failed run must not leave an older result behind
        executed_path(source, lang).unlink(missing_ok=True)
    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = KERNELSPEC
    # Deprecation and misuse warnings fail the run, as in every snippet run (tools/snippets.py):
    # a setup cell executed first, then dropped, so the notebook shows only its own cells.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(STRICT_WARNINGS_CODE))
    # The kernel starts in an empty folder, as a reader's might be, and leaves it empty: a
    # walkthrough shows what it computes and writes nothing (the snippets' leftovers check).
    with tempfile.TemporaryDirectory(prefix="walkthrough-") as folder:
        NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=False,
                       resources={"metadata": {"path": folder}}).execute()  # fmt: skip
        if left := sorted(p.name for p in Path(folder).iterdir()):
            raise SystemExit(f"{source.relative_to(ROOT)} left files behind: {left}")
    del notebook.cells[0]
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.execution_count:
            cell.execution_count -= 1  # numbered from 1, as if the setup cell had not run
    stamp = {"inputs_sha256": inputs_digest(source)}
    for lang in LANGUAGES:
        result = for_language(notebook, lang, source.parent.name)
        result.metadata["pytorch_notes"] = stamp
        target = executed_path(source, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(result, target)
    return time.monotonic() - start


def main() -> int:
    # Two kernels at a time on two cores: one OpenMP thread each, or they spin (see snippets.py).
    os.environ["OMP_NUM_THREADS"] = os.environ.get("OMP_NUM_THREADS", "1")
    found = sources()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {source: pool.submit(execute, source) for source in found}
    failed = 0
    for source, future in futures.items():
        name = source.relative_to(ROOT).as_posix()
        if error := future.exception():
            failed += 1
            print(f"FAIL {name}:\n{error}", file=sys.stderr)
        else:
            print(f"ok   {name} executed once for both languages in {future.result():.1f} s")
    print(f"notebooks: {len(found) - failed}/{len(found)} in {time.monotonic() - start:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
