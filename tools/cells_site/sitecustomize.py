"""Loaded at start-up by every Python process that ``tools.snippets.run`` starts (it puts this
folder on PYTHONPATH): in the snippet's own process, stdout is credited to the snippet's cells
(``tools/cells.py``). The snippet itself runs exactly as ``python topic.py``."""

import os
import sys

_target = os.environ.get("PYTORCH_NOTES_CELLS")
if _target and sys.argv and sys.argv[0] == _target:
    import importlib.util

    _here = os.path.dirname(os.path.abspath(__file__))
    _spec = importlib.util.spec_from_file_location(
        "_pytorch_notes_cells", os.path.join(os.path.dirname(_here), "cells.py")
    )
    _cells = importlib.util.module_from_spec(_spec)
    sys.modules[_spec.name] = _cells  # dataclasses look their module up while defining Cell
    _spec.loader.exec_module(_cells)
    _cells.install(_target)
