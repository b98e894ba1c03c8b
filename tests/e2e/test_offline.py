"""The site away from its deploy path: the error page served anywhere, and the offline copy
opened from disk (file://), in the real browser.

The offline copy is built by ``nox -s e2e`` into ``site-offline/`` (PYTORCH_NOTES_OFFLINE=true:
Material's offline plugin, hooks/offline.py) and zipped as ``site-offline.zip``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from conftest import ROOT, SITE, site_prefix

OFFLINE = Path(os.environ.get("PYTORCH_NOTES_SITE_OFFLINE", ROOT / "site-offline"))


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """What GitHub Pages does: the site under ``prefix``; anything missing gets the site's
    404.html, with status 404."""

    prefix = "/"

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (SITE / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(SITE / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args):
        pass


@pytest.fixture(params=["/", site_prefix()], ids=["served at /", "under the deploy path"])
def pages_url(request):
    handler = type("Handler", (_PagesHandler,), {"prefix": request.param})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{request.param}"
    server.shutdown()


def watch(page) -> dict:
    seen = {"bad": [], "errors": []}
    page.on("response", lambda r: r.status >= 400 and seen["bad"].append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: seen["bad"].append(f"failed {r.url} ({r.failure})"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def styled(page) -> bool:
    """The theme's stylesheet is applied (the header is sticky only with it)."""
    return page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == (
        "sticky"
    )


def test_the_error_page_works_at_any_base_path(context, pages_url):
    page = context.new_page()
    seen = watch(page)
    missing = pages_url + "no/such/page/"
    response = page.goto(missing, wait_until="networkidle")
    assert response.status == 404
    # Chromium's preload scanner fetches the page's relative links against the missing URL
    # before the first inline script has set <base>: those may fail, nothing else may.
    assert not [bad for bad in seen["bad"] if not bad.split(" ", 1)[1].startswith(missing)]
    assert not seen["errors"], seen["errors"]
    assert styled(page)
    loaded = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)
            && [...document.images].every(i => i.complete && i.naturalWidth > 0)"""
    )
    assert loaded, "a stylesheet or an image of the error page did not load"
    assert page.locator("html").get_attribute("lang") == "zh"  # the default language
    # The header's link to the home page, and the language switch, lead into the site.
    home = page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert page.evaluate("h => new URL(h, document.baseURI).href", home) == pages_url
    english = page.locator(".md-select__link[hreflang=en]").first.evaluate("a => a.href")
    assert english.startswith(pages_url + "en/"), english
    assert page.goto(english, wait_until="networkidle").status == 200


def test_the_english_error_page_loads_everything_at_its_own_address(context, pages_url):
    """en/404.html opened where it lies: every request succeeds, the browser's preload
    scanner's included (it runs before any script, so the links must be right as written)."""
    page = context.new_page()
    seen = watch(page)
    assert page.goto(pages_url + "en/404.html", wait_until="networkidle").status == 200
    assert not seen["bad"], seen["bad"]
    assert not seen["errors"], seen["errors"]
    assert styled(page)
    assert page.locator("html").get_attribute("lang") == "en"
    links = {
        lang: page.locator(f".md-select__link[hreflang={lang}]").first.evaluate("a => a.href")
        for lang in ("zh", "en")
    }
    assert links == {"zh": pages_url, "en": pages_url + "en/"}


@pytest.mark.parametrize("start,other", [("", "en/"), ("en/", "")], ids=["zh home", "en home"])
def test_the_home_pages_switch_language_at_any_base_path(context, pages_url, start, other):
    """The home pages' language links are relative like every other page's: served from the
    root of site/ they lead to the other home, not to the deploy path."""
    page = context.new_page()
    seen = watch(page)
    page.goto(pages_url + start, wait_until="networkidle")
    lang = "en" if other else "zh"
    page.locator(".md-header .md-select").first.hover()
    page.locator(f".md-select__link[hreflang={lang}]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == pages_url + other
    assert page.locator("html").get_attribute("lang").startswith(lang)
    # Leaving the first home page may cancel what its search worker was still fetching
    # (lunr's language files): the browser aborts that request, which is not a broken link.
    left = [bad for bad in seen["bad"] if not bad.endswith("(net::ERR_ABORTED)")]
    assert not left, left


# ----- the offline copy, from file:// -----


@pytest.fixture(scope="module")
def offline_root() -> str:
    if not (OFFLINE / "index.html").exists():
        pytest.fail("site-offline/ is not built: run `nox -s e2e` (it builds the offline copy)")
    return OFFLINE.resolve().as_uri() + "/"


def open_offline(context, url):
    page = context.new_page()
    seen = watch(page)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page, seen


def test_offline_copy_navigates_and_switches_language(context, offline_root):
    page, seen = open_offline(context, offline_root + "index.html")
    assert styled(page)
    page.locator(".md-tabs__link", has_text="张量").first.click()
    page.wait_for_load_state("load")
    assert page.url == offline_root + "tensor/index.html"
    page.locator(".md-header .md-select").first.hover()
    page.locator(".md-select__link[hreflang=en]").first.click()
    page.wait_for_load_state("load")
    assert page.url == offline_root + "en/tensor/index.html"
    assert page.locator("html").get_attribute("lang") == "en"
    assert not seen["bad"] and not seen["errors"], seen


@pytest.mark.parametrize("lang", ["", "en/"])
def test_offline_copy_shows_images_and_offers_notebooks(context, offline_root, lang):
    page, seen = open_offline(context, offline_root + lang + "mnist/walkthrough.html")
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert page.evaluate("document.images.length") > 0 and not broken, broken
    link = page.locator("a[href$='.ipynb']").first.evaluate("a => a.href")
    assert link.startswith("file://")
    notebook = Path(link.removeprefix("file://"))
    assert notebook.is_file() and '"cells"' in notebook.read_text(encoding="utf-8")
    assert not seen["bad"] and not seen["errors"], seen


@pytest.mark.parametrize(
    ("lang", "query", "wanted"),
    [("", "张量", "tensor/index.html"), ("en/", "tensor", "en/tensor/index.html")],
)
def test_offline_copy_searches_in_its_language(context, offline_root, lang, query, wanted):
    page, seen = open_offline(context, offline_root + lang + "index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    hits = page.locator("li.md-search-result__item > a")
    hits.first.wait_for(timeout=20_000)
    links = [h.split("#")[0].split("?")[0] for h in hits.evaluate_all("a => a.map(x => x.href)")]
    assert offline_root + wanted in links[:3], links[:5]
    assert all(link.startswith(offline_root + lang) for link in links)
    if not lang:
        assert not [link for link in links if link.startswith(offline_root + "en/")]
    assert not seen["bad"] and not seen["errors"], seen
