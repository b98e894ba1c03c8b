"""Fetch one pinned npm package tarball, checked against its published sha512.

Used for what the site or its tests vendor from npm (KaTeX, iframe-worker, axe-core):
no node/npm is needed, only Python. The tarball is cached in ``.cache/npm/``; set
``NPM_CONFIG_REGISTRY`` to use a mirror (e.g. https://registry.npmmirror.com), or put the
``<name>-<version>.tgz`` file into the cache by hand on a machine with no registry at all.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "npm"


class NpmFetchError(RuntimeError):
    """The tarball is neither cached nor reachable, or it does not match its checksum."""


def tarball(name: str, version: str, sha512: str, cache: Path = CACHE) -> bytes:
    """The bytes of ``name@version``'s tarball; ``sha512`` is npm's base64 "integrity" value."""
    path = cache / f"{name}-{version}.tgz"
    if not path.exists():
        registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")
        url = f"{registry}/{name}/-/{name}-{version}.tgz"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data = response.read()
        except OSError as exc:
            raise NpmFetchError(
                f"{name} {version} is not vendored yet and {url} could not be fetched ({exc}). "
                f"Connect once, set NPM_CONFIG_REGISTRY to a reachable npm mirror, "
                f"or put {path.name} into {cache}/."
            ) from exc
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != sha512.removeprefix("sha512-"):
        path.unlink()
        raise NpmFetchError(f"{path} does not match {name} {version}'s sha512; removed it.")
    return data


def extract(name: str, version: str, sha512: str, target: Path, keep) -> Path:
    """Unpack the files of the package whose path (below ``package/``) ``keep`` accepts into
    ``target``, once per version (a stamp file records it). Returns ``target``."""
    stamp = target / f".version-{version}"
    if stamp.exists():
        return target
    with tarfile.open(fileobj=io.BytesIO(tarball(name, version, sha512)), mode="r:gz") as tar:
        for member in tar.getmembers():
            inner = member.name.removeprefix("package/")
            dest = keep(inner) if member.isfile() else None
            if dest:
                out = target / (dest if isinstance(dest, str) else inner)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(tar.extractfile(member).read())
    target.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return target
