"""Make sure every figure a page shows exists before the site is built.

Figures are written by the snippets themselves into ``$PYTORCH_NOTES_FIGURES``
(``docs/assets/figures/``, git-ignored): ``nox -s tests`` produces them all as a
side effect; this step (run by ``nox -s docs``/``serve``) re-runs only the
snippets whose figures are missing, e.g. on a fresh clone.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.snippets import discover, run, run_env


def main() -> int:
    figures = Path(run_env()["PYTORCH_NOTES_FIGURES"])
    figures.mkdir(parents=True, exist_ok=True)
    needed = []
    for snippet in discover():
        missing = [n for n in snippet.figure_names if not (figures / n).exists()]
        if missing:
            print(f"figures: running {snippet.rel} for {', '.join(missing)}")
            needed.append(snippet)
    with ThreadPoolExecutor(max_workers=2) as pool:  # one thread each (run_env), two cores
        for result in pool.map(run, needed):
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
