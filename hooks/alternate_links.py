"""Drop the <link rel="alternate" hreflang> tags that Material puts in <head>.

Material's JavaScript treats every such link as the root of a language site and
fetches ``<link>/sitemap.xml`` to map pages between languages. mkdocs-static-i18n
makes those links page-specific (``en/tensor/creation/``), so every page load
fired two 404 requests and console errors. The language selector in the header
keeps its page-specific links, which is all the switch needs; on the two home pages
static-i18n writes them absolute (``/pytorch-notes/en/``), which 404s wherever the site is not
served under the deploy path (a copy served from ``site/``, a mirror), so they are made relative
like every other page's.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
SELECTOR_LINK = re.compile(r'(<a href=")(/[^"]*)(" hreflang=")')


def on_post_page(output, page, config):
    head, sep, body = output.partition("</head>")
    prefix = urlsplit(config.site_url or "/").path or "/"
    here = posixpath.dirname("/" + page.file.dest_uri)  # the folder the page is written to

    def relative(match: re.Match) -> str:
        target = match[2]
        if not target.startswith(prefix):
            return match[0]  # not a link into this site
        link = posixpath.relpath("/" + target[len(prefix) :], here)
        link += "/" if target.endswith("/") and not link.endswith("/") else ""
        return match[1] + ("./" if link.rstrip("/") == "." else link) + match[3]

    return HEAD_ALTERNATE.sub("", head) + sep + SELECTOR_LINK.sub(relative, body)
