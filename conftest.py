"""Root conftest: shared by `tests/` and the pages collected with `--codeblocks docs/`.

pytest-codeblocks runs every ```python (and ```sh/```bash) fence in the Markdown
pages. Only self-contained inline Python belongs to it:
* a fence holding a pymdownx.snippets include line (``--8<--``) is not Python; the
  included file is run by tests/test_snippets.py instead;
* shell fences on the pages are install/run instructions for readers (pip, nox),
  not something the test suite should execute.
Those blocks are deselected here, so no page needs a hand-written skip marker.
"""

from __future__ import annotations


def _is_inline_python(item) -> bool:
    block = getattr(item, "obj", None)
    if block is None or not hasattr(block, "syntax"):  # not a pytest-codeblocks item
        return True
    return block.syntax == "python" and "--8<--" not in block.code


def pytest_collection_modifyitems(config, items):
    keep = [item for item in items if _is_inline_python(item)]
    dropped = [item for item in items if not _is_inline_python(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
