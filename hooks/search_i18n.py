"""One search index per language, and a worker that splits Chinese queries into words.

mkdocs-static-i18n builds a single ``search/search_index.json`` for both languages, and the
theme loads that one path (static-i18n #271, #129; Material #867): an English reader got
Chinese pages and the other way round. After the build this hook

* splits the index: the zh pages stay in ``search/search_index.json``; the en pages, with
  the ``en/`` taken off their locations, go to ``en/search/search_index.json``;
* makes each page's search use its own language's index: the theme reads the index from
  ``<base>/search/``, so the ``"base"`` of every en page's ``__config`` becomes the en root
  (nothing else of ours reads it; the theme also resolves result links against it);
* points the search at ``assets/javascripts/workers/search-i18n.js``, written from
  ``search_i18n.worker.js``: the theme's worker, with Chinese queries cut into index words
  first (the reason is in that file);
* writes ``en/sitemap.xml`` (the en entries), which the theme fetches from that base;
* in the offline copy (hooks/offline.py), also writes each index as the
  ``search/search_index.js`` script that the theme loads instead on file:// pages.

Both rewrites of ``__config`` fail the build loudly if a theme upgrade changes its shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

HERE = Path(__file__).resolve().parent
WORKER_NAME = "search-i18n.js"
OTHER = "en"  # the non-default language, built under en/
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
MATERIAL_WORKER = re.compile(r"^(.*/workers/)(search\.[0-9a-f]+\.min\.js)$")


def _is_other(url: str) -> bool:
    return url == OTHER or url.startswith(f"{OTHER}/")


def on_post_page(output: str, page, config, **kwargs) -> str:
    match = CONFIG.search(output)
    if not match:
        raise PluginError(f"search_i18n: no __config script in {page.file.src_uri}")
    data = json.loads(match[2])
    worker = MATERIAL_WORKER.match(data.get("search") or "")
    if not worker:
        raise PluginError(f"search_i18n: unexpected search worker {data.get('search')!r}")
    data["search"] = worker[1] + WORKER_NAME
    if _is_other(page.url):
        data["base"] = data["base"].rstrip("/") + f"/{OTHER}/"
    return output[: match.start(2)] + json.dumps(data, ensure_ascii=False) + output[match.end(2) :]


@event_priority(-200)  # after the search plugin and static-i18n have written the index
def on_post_build(config, **kwargs) -> None:
    site = Path(config.site_dir)
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    other = [
        {**doc, "location": doc["location"].removeprefix(OTHER).removeprefix("/")}
        for doc in index["docs"]
        if _is_other(doc["location"])
    ]
    if not other:  # static-i18n calls this once per language; the en pages come last
        return
    mine = [doc for doc in index["docs"] if not _is_other(doc["location"])]
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"search_i18n: expected one theme search worker, found {workers}")
    source = (HERE / "search_i18n.worker.js").read_text(encoding="utf-8")
    (workers[0].parent / WORKER_NAME).write_text(
        source.replace("__MATERIAL_WORKER__", workers[0].name), encoding="utf-8"
    )
    # The offline plugin has inlined the shared index into search_index.js (priority -100).
    offline = path.with_suffix(".js").exists()
    _write(path, {**index, "docs": mine}, offline)
    # No stemmer for English: the theme appends * to every term, so a prefix already finds
    # "tensors" for "tensor", while a stemmed index hides "convolutional" behind "convolut".
    other_config = {**index["config"], "lang": [OTHER], "pipeline": []}
    other_path = site / OTHER / "search" / "search_index.json"
    _write(other_path, {"config": other_config, "docs": other}, offline)
    _write_sitemap(site)


def _write_sitemap(site: Path) -> None:
    """The theme fetches ``<base>/sitemap.xml`` on every page: en pages need an en one."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    entries = re.findall(r"<url>.*?</url>", text, re.S)
    mine = [e for e in entries if re.search(rf"<loc>[^<]*/{OTHER}/", e)]
    head = text[: text.index("<url>")] if entries else text
    (site / OTHER / "sitemap.xml").write_text(head + "\n".join(mine) + "\n</urlset>\n", "utf-8")


def _write(path: Path, index: dict, offline: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, "utf-8")
    if offline:
        path.with_suffix(".js").write_text(f"var __index = {text}", "utf-8")
