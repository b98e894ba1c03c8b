"""Vendor KaTeX into the built site so formulas render without any CDN.

Readers behind the GFW cannot rely on jsdelivr/unpkg, so the site serves KaTeX
itself. The npm package ``katex`` is fetched once from the npm registry (pinned
version, checked against its published sha512; tools/npm.py), cached in ``.cache/npm/``
and unpacked into ``docs/assets/vendor/katex/`` (git-ignored). Only Python is needed:
no node/npm on the reader's machine. Set ``NPM_CONFIG_REGISTRY`` to use a mirror
(e.g. https://registry.npmmirror.com).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import npm  # noqa: E402

KATEX_VERSION = "0.16.22"
KATEX_SHA512 = (
    "XCHRdUw4lf3SKBaJe4EvgqIuWwkPSo9XoeO8GjQW94Bp7TWv9hNhzZjZ+OH9yf1UmLygb7DIT5GSFQiyt16zYg=="
)
# Only what the page needs: the script, auto-render, the stylesheet and woff2 fonts.
WANTED = ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "fonts/")


def _keep(inner: str):
    name = inner.removeprefix("dist/")
    if name == inner or not name.startswith(WANTED):
        return None
    if name.startswith("fonts/") and not name.endswith(".woff2"):
        return None
    return name


def on_config(config):
    target = Path(config.docs_dir) / "assets" / "vendor" / "katex"
    try:
        npm.extract("katex", KATEX_VERSION, KATEX_SHA512, target, _keep)
    except npm.NpmFetchError as exc:
        raise PluginError(str(exc)) from exc
    return config
