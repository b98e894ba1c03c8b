"""Run every snippet on CPU and write what it prints to ``<topic>.output.txt``.

``nox -s outputs`` calls this; commit the result. The pages include those files
below the code, and ``tests/test_snippets.py`` fails when they drift from what
the snippets really print.
Usage: ``python -m tools.capture_outputs [--figures-only] [chapter/topic ...]``
(``--figures-only`` refreshes the figure baselines and leaves the outputs alone).
Each figure a snippet writes is stored in small beside it (``<topic>.figures.json``).
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from tools import numerics
from tools.snippets import Snippet, discover, run


def main(selected: list[str]) -> int:
    figures_only = "--figures-only" in selected  # refresh the figure baselines, not the outputs
    selected = [s for s in selected if s != "--figures-only"]
    snippets = [s for s in discover() if not selected or s.id in selected]
    if figures_only:
        snippets = [s for s in snippets if s.figure_names]
    if selected and len(snippets) != len(selected):
        known = {s.id for s in snippets}
        print(f"unknown snippet(s): {', '.join(set(selected) - known)}", file=sys.stderr)
        return 2
    if not numerics.pinned():
        print(
            "refusing to capture: this machine cannot run the reference CPU kernels "
            f"({', '.join(f'{k}={v}' for k, v in numerics.REFERENCE_NUMERICS.items())} need an "
            "x86-64 CPU with AVX2), so what it prints would differ from CI's in the last digits.",
            file=sys.stderr,
        )
        return 2
    return capture(snippets, figures_only)


def capture(snippets: list[Snippet], figures_only: bool = False) -> int:
    """Run each snippet under the reference numerics (tools.snippets.run) and store its stdout."""
    failed = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for snippet, result in zip(snippets, pool.map(run, snippets), strict=True):
            if result.returncode != 0:
                failed += 1
                print(f"FAIL {snippet.rel} (exit {result.returncode}):\n{result.stderr}")
                continue
            if not figures_only:
                snippet.output_path.write_text(result.stdout, encoding="utf-8")
            write_figures(snippet, result.figures)
            print(f"ok   {snippet.output_path.relative_to(snippet.path.parents[2])}")
    return 1 if failed else 0


def write_figures(snippet: Snippet, figures: dict) -> None:
    """Store what the snippet's figures look like (tests compare every run with it)."""
    if figures:
        text = json.dumps(figures, indent=1, sort_keys=True) + "\n"
        snippet.figures_path.write_text(text, encoding="utf-8")
    else:
        snippet.figures_path.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
