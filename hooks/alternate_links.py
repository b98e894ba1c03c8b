"""Drop the <link rel="alternate" hreflang> tags that Material puts in <head>.

Material's JavaScript treats every such link as the root of a language site and
fetches ``<link>/sitemap.xml`` to map pages between languages. mkdocs-static-i18n
makes those links page-specific (``en/tensor/creation/``), so every page load
fired two 404 requests and console errors. The language selector in the header
keeps its page-specific links, which is all the switch needs.
"""

from __future__ import annotations

import re

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def on_post_page(output, page, config):
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body
