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

import os

import pytest

from tools import numerics
from tools.snippets import LONG_TRAINING, discover

# Reference CPU numerics (tools/numerics.py) for the snippets and notebooks the tests run in
# this process too, when pytest is started without nox; set before anything imports torch.
os.environ.update(numerics.pins())
for _name in numerics.REFERENCE_NUMERICS.keys() - numerics.pins().keys():
    os.environ.pop(_name, None)  # PYTORCH_NOTES_NUMERICS=native, or a machine they cannot pin


def _is_inline_python(item) -> bool:
    block = getattr(item, "obj", None)
    if block is None or not hasattr(block, "syntax"):  # not a pytest-codeblocks item
        return True
    return block.syntax == "python" and "--8<--" not in block.code


def _start_early(item) -> int:
    """Long runs first: xdist hands out work in collection order, so the real trainings
    (a minute or more each) start at once and overlap with the hundreds of short tests instead
    of trailing alone at the end on one core."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.id in LONG_TRAINING:
        return 0
    return 1 if item.nodeid.startswith("tests/test_mnist.py") else 2


def pytest_addoption(parser):
    parser.addoption(
        "--snippet", action="append", default=[], metavar="ID",
        help="only the tests marked @pytest.mark.snippet(ID): what else checks that snippet "
        "(tools/mutants.py runs them against a deletion the snippet's own run missed)",
    )  # fmt: skip


def _selected(item, snippets: set[str]) -> bool:
    if not _is_inline_python(item):
        return False
    return not snippets or any(m.args[0] in snippets for m in item.iter_markers("snippet"))


def pytest_collection_modifyitems(config, items):
    known = {snippet.id for snippet in discover()}
    snippets = set(config.getoption("snippet"))
    named = snippets | {m.args[0] for item in items for m in item.iter_markers("snippet")}
    if unknown := sorted(named - known):  # a typo would quietly select nothing
        raise pytest.UsageError(f"@pytest.mark.snippet / --snippet name no snippet: {unknown}")
    keep, dropped = [], []
    for item in items:
        (keep if _selected(item, snippets) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = sorted(keep, key=_start_early)  # stable: the same order on every worker
