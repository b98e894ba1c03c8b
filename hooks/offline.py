"""The offline copy: the whole site browsable from disk (file://), search included.

``PYTORCH_NOTES_OFFLINE=true mkdocs build -d site-offline`` turns on Material's offline plugin
(mkdocs.yml), which makes every link point at a file (``use_directory_urls: false``) and
loads the search worker through the iframe-worker shim, since browsers refuse ``new Worker``
on file:// pages. The plugin takes that shim from unpkg.com, which a reader behind the GFW
(or on a train) cannot reach: this hook vendors the same npm package (pinned, checksummed;
tools/npm.py) and points the polyfill at the local copy. Each language is its own site
(mkdocs.yml, mkdocs.en.yml), so the plugin writes each one's ``search/search_index.js``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import npm  # noqa: E402

IFRAME_WORKER_VERSION = "1.0.4"
IFRAME_WORKER_SHA512 = (
    "roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q=="
)
SHIM = "assets/vendor/iframe-worker/shim.js"


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-100)  # after the offline plugin has added its unpkg.com shim
def on_config(config):
    if not offline(config):
        return config
    target = Path(config.docs_dir) / Path(SHIM).parent
    try:
        npm.extract(
            "iframe-worker",
            IFRAME_WORKER_VERSION,
            IFRAME_WORKER_SHA512,
            target,
            lambda inner: "shim.js" if inner == "shim/index.js" else None,
        )
    except npm.NpmFetchError as exc:
        raise PluginError(str(exc)) from exc
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, SHIM]
    return config
