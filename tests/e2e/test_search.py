"""Search as a learner uses it: the queries of search_queries.yml typed into the search box
of each language's home page, in the real browser.

A query passes when a page it wants is among the first three results; each language must
reach MIN_TOP3, and no result may come from the other language's pages. A two-character
Chinese query must only find sections whose text holds those two characters together (张量
must not find the 张 of 这张表): each result is looked up in the language's own index. The hit
rate and every miss go to e2e-artifacts/search-<lang>.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text("utf-8"))
MIN_TOP3 = 0.9
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def search(page, query: str) -> dict:
    """Type ``query`` into the search box; the result pages (first link of each group) and
    the highlighted words."""
    box = page.locator("input.md-search__input")
    items = page.locator("li.md-search-result__item")
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('li.md-search-result__item')")
    box.fill(query)
    box.press("End")  # keyup triggers Material's search
    try:
        items.first.wait_for(timeout=10_000)
    except Exception:  # no result at all is a miss, not an error
        return {"pages": [], "sections": []}
    page.wait_for_timeout(150)  # the list renders in one go; let it settle
    links = items.evaluate_all("els => els.map(li => li.querySelector('a').href)")
    pages = [re.split(r"[?#]", href)[0] for href in links]  # drop ?h=… (search.highlight)
    # The sections that matched: a group's first link is its page, which the theme lists
    # even when only sections below it matched; it counts only when it stands alone.
    sections = items.evaluate_all(
        """els => els.flatMap(li => {
          const links = [...li.querySelectorAll('a')].map(a => a.href.replace(/\\?h=[^#]*/, ''))
          return links.length > 1 ? links.slice(1) : links
        })"""
    )
    return {"pages": pages, "sections": sections}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_finds_the_page_a_reader_wants(context, base_url, artifacts, lang):
    root = base_url + ("en/" if lang == "en" else "")
    page = context.new_page()
    page.goto(root, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    index = page.request.get(root + "search/search_index.json").json()
    texts: dict[str, str] = {}  # notebook sections share their page's location: join them
    for d in index["docs"]:
        text = re.sub(r"<[^>]+>|\u200b", "", d["title"] + d["text"])
        texts[d["location"]] = texts.get(d["location"], "") + "\n" + text
    hits, misses, foreign, split_words = 0, [], [], []
    for query, wanted in QUERIES[lang].items():
        found = search(page, query)
        top3 = found["pages"][:3]
        if any(root + want in top3 for want in wanted):
            hits += 1
        else:
            misses.append(f"  {query!r}: wanted {wanted}, got {[t[len(root) :] for t in top3]}")
        other = [
            href
            for href in found["pages"]
            if (lang == "zh") == href.startswith(base_url + "en/") or not href.startswith(root)
        ]
        foreign += [f"  {query!r}: {href}" for href in other]
        if len(query) == 2 and HAN.match(query):
            split_words += [
                f"  {query!r} found {href[len(root) :]}, whose text lacks it"
                for href in found["sections"]
                if query not in texts.get(href[len(root) :], "")
            ]
    total = len(QUERIES[lang])
    rate = hits / total
    report = (
        f"search ({lang}): {hits}/{total} queries with a wanted page in the top 3 = {rate:.0%}\n"
        + "\n".join(misses)
    )
    (artifacts / f"search-{lang}.txt").write_text(report + "\n", encoding="utf-8")
    print(report)
    assert total >= 25
    assert not foreign, "results from the other language:\n" + "\n".join(foreign)
    assert not split_words, "two-character queries matched parts of other words:\n" + "\n".join(
        split_words
    )
    assert rate >= MIN_TOP3, report
