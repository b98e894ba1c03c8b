"""Fixtures for the browser tests: the built site served on 127.0.0.1, and Chromium.

Run with `nox -s e2e` (builds the site first if needed). Uses Debian's chromium
(`/usr/bin/chromium`, or $CHROMIUM) through Playwright; Playwright's own browser
download is neither needed nor attempted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("PYTORCH_NOTES_SITE", ROOT / "site"))
ARTIFACTS = ROOT / "e2e-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_VERSION = "4.14.1"  # axe-core, the accessibility engine run on every page
AXE_SHA512 = (
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)


def site_prefix() -> str:
    """The path part of site_url ("/pytorch-notes/"): the site is served under it, as on Pages."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # Only the top-level key: the file also holds MkDocs-only tags (!ENV, !!python/name:).
    site_url = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)[1].strip("\"'")
    return urlparse(site_url).path


@pytest.fixture(scope="session")
def base_url():
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `nox -s docs` first (nox -s e2e does it for you)")
    prefix = site_prefix()
    with tempfile.TemporaryDirectory() as root:
        mount = Path(root) / prefix.strip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(SITE, target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser asks, as GitHub Pages does, so the
    measured page weight is what a reader really downloads."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".py", ".ipynb")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlparse(self.path).path.endswith("/"):
                return super().do_GET()  # the standard redirect to ".../"
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in self.COMPRESSED and path.is_file()):
            return super().do_GET()
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@functools.cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `apt-get install chromium fonts-noto-cjk`")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, base_url):
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"],
        viewport={"width": 1280, "height": 900},
    )
    yield context
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe.min.js from the pinned, checksummed npm tarball (tools/npm.py; cached)."""
    from tools import npm

    data = npm.tarball("axe-core", AXE_VERSION, AXE_SHA512)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return tar.extractfile("package/axe.min.js").read().decode("utf-8")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, before any worker writes
        shutil.rmtree(ARTIFACTS / "axe", ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """The accessibility tally of every page checked (each test wrote its page's counts)."""
    found = sorted((ARTIFACTS / "axe").glob("*.json")) if (ARTIFACTS / "axe").is_dir() else []
    if not found:
        return
    totals: dict[str, dict[str, int]] = {}
    for path in found:
        for row in json.loads(path.read_text(encoding="utf-8")):
            key = f"{row['impact']:<8} {row['rule']} ({row['source']})"
            entry = totals.setdefault(key, {"pages": 0, "nodes": 0})
            entry["pages"] += 1
            entry["nodes"] += row["nodes"]
    lines = [f"axe-core {AXE_VERSION} on {len(found)} pages: rule x pages, nodes"]
    lines += [f"  {k}: {v['pages']} pages, {v['nodes']} nodes" for k, v in sorted(totals.items())]
    if len(lines) == 1:
        lines.append("  no violations")
    (ARTIFACTS / "axe-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    terminalreporter.write_line("\n".join(lines))
