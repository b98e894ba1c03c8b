"""Vendor KaTeX into the built site so formulas render without any CDN.

Readers behind the GFW cannot rely on jsdelivr/unpkg, so the site serves KaTeX
itself. The npm package ``katex`` is fetched once from the npm registry (pinned
version, checked against its published sha512), cached in ``.cache/`` and
unpacked into ``docs/assets/vendor/katex/`` (git-ignored). Only Python is needed:
no node/npm on the reader's machine. Set ``NPM_CONFIG_REGISTRY`` to use a mirror
(e.g. https://registry.npmmirror.com).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from pathlib import Path

from mkdocs.exceptions import PluginError

KATEX_VERSION = "0.16.22"
KATEX_SHA512 = (
    "XCHRdUw4lf3SKBaJe4EvgqIuWwkPSo9XoeO8GjQW94Bp7TWv9hNhzZjZ+OH9yf1UmLygb7DIT5GSFQiyt16zYg=="
)
# Only what the page needs: the script, auto-render, the stylesheet and woff2 fonts.
WANTED = ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "fonts/")


def _tarball(cache: Path) -> bytes:
    path = cache / f"katex-{KATEX_VERSION}.tgz"
    if not path.exists():
        registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")
        url = f"{registry}/katex/-/katex-{KATEX_VERSION}.tgz"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data = response.read()
        except OSError as exc:
            raise PluginError(
                f"KaTeX {KATEX_VERSION} is not vendored yet and {url} could not be fetched "
                f"({exc}). Connect once, set NPM_CONFIG_REGISTRY to a reachable npm mirror, "
                f"or put katex-{KATEX_VERSION}.tgz into {cache}/."
            ) from exc
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != KATEX_SHA512:
        path.unlink()
        raise PluginError(f"{path} does not match KaTeX {KATEX_VERSION}'s sha512; removed it.")
    return data


def on_config(config):
    root = Path(config.config_file_path).parent
    target = Path(config.docs_dir) / "assets" / "vendor" / "katex"
    stamp = target / f".version-{KATEX_VERSION}"
    if stamp.exists():
        return config
    with tarfile.open(fileobj=io.BytesIO(_tarball(root / ".cache")), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            keep = name != member.name and member.isfile() and name.startswith(WANTED)
            if keep and not (name.startswith("fonts/") and not name.endswith(".woff2")):
                dest = target / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
    stamp.touch()
    return config
