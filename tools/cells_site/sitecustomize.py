"""Loaded at start-up by every Python process that ``tools.snippets.run`` starts (it puts this
folder on PYTHONPATH): in the snippet's own process, stdout is credited to the snippet's cells
(``tools/cells.py``). The snippet itself runs exactly as ``python topic.py``; a run forked from
the warm server (``tools/warm.py``) calls ``credit_cells`` itself."""

import os
import sys


def credit_cells(script: str) -> None:
    if os.environ.get("PYTORCH_NOTES_CELLS") != script:
        return
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "_pytorch_notes_cells", os.path.join(os.path.dirname(here), "cells.py")
    )
    cells = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = cells  # dataclasses look their module up while defining Cell
    spec.loader.exec_module(cells)
    cells.install(script)


if sys.argv and sys.argv[0]:
    credit_cells(sys.argv[0])
