"""A search worker that splits Chinese queries into words.

Points every page's search at ``assets/javascripts/workers/search-i18n.js``, written from
``search_worker.js``: the theme's worker, with Chinese queries cut into index words first (the
reason is in that file). The rewrite of ``__config`` fails the build loudly if a theme upgrade
changes its shape. Each language is its own site (mkdocs.yml, mkdocs.en.yml), so each has its
own index, sitemap and, in the offline copy, ``search_index.js``: nothing to split here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

HERE = Path(__file__).resolve().parent
WORKER_NAME = "search-i18n.js"
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
MATERIAL_WORKER = re.compile(r"^(.*/workers/)(search\.[0-9a-f]+\.min\.js)$")


def on_post_page(output: str, page, config, **kwargs) -> str:
    match = CONFIG.search(output)
    if not match:
        raise PluginError(f"search_worker: no __config script in {page.file.src_uri}")
    data = json.loads(match[2])
    worker = MATERIAL_WORKER.match(data.get("search") or "")
    if not worker:
        raise PluginError(f"search_worker: unexpected search worker {data.get('search')!r}")
    data["search"] = worker[1] + WORKER_NAME
    return output[: match.start(2)] + json.dumps(data, ensure_ascii=False) + output[match.end(2) :]


def on_post_build(config, **kwargs) -> None:
    # The search plugin writes every Chinese character as \uXXXX: as UTF-8, the index each page
    # downloads is about 48 kB (9 %) smaller gzipped. Runs before the offline plugin (-100)
    # makes search_index.js from it.
    index = Path(config.site_dir) / "search" / "search_index.json"
    compact = json.dumps(
        json.loads(index.read_text("utf-8")), ensure_ascii=False, separators=(",", ":")
    )
    index.write_text(compact, "utf-8")
    workers = sorted((Path(config.site_dir) / "assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"search_worker: expected one theme search worker, found {workers}")
    source = (HERE / "search_worker.js").read_text(encoding="utf-8")
    (workers[0].parent / WORKER_NAME).write_text(
        source.replace("__MATERIAL_WORKER__", workers[0].name), encoding="utf-8"
    )
