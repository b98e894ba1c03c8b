"""404.html that works wherever the site is served: under the deploy path, at a server's
root, or opened from disk.

MkDocs writes the error page with absolute links (``/pytorch-notes/assets/…``), because a
host serves it for any missing URL, at any depth. Served from the root of the built folder
(``python -m http.server`` in ``site/``, a mirror, an intranet copy) every asset and every
link of that page 404s. This hook makes each ``/pytorch-notes/…`` link of the error pages
relative, and puts a small inline script first in ``<head>`` that picks the site root at
run time and declares it as the page's ``<base>``:

* on ``file://``: the folder the page lies in (minus ``en/`` for the English one);
* under the deploy path (``site_url``'s path) when the URL starts with it;
* otherwise the server's root ``/``.

The English page (``en/404.html``) takes ``<root>en/`` as its ``<base>`` and its links are
written relative to ``en/`` (``../assets/…``): opened at its own address, even the browser's
preload scanner, which fetches before any script has run, asks for the right files.

The theme resolves its own ``__config.base`` against the page's URL, not ``<base>``, so a
second inline script right after ``__config`` sets it to the same root. The language links
lead to the two home pages (assets/javascripts/language.js leaves them so here).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

HOMES = {"zh": "", "en": "en/"}  # relative to the site root (the page's <base>)
ALTERNATE = re.compile(r'(href=")[^"]*("\s+hreflang=")(zh|en)"')
CONFIG_END = re.compile(r'(<script id="__config" type="application/json">.*?</script>)', re.S)

ROOT_SCRIPT = """<script>(function () {{
  var prefix = {prefix}, depth = {depth}, path = location.pathname, root;
  if (location.protocol === "file:") {{
    root = location.href.replace(/[?#].*$/, "").replace(/[^/]*$/, "");
    for (var i = 0; i < depth; i++) root = root.replace(/[^/]+\\/$/, "");
  }} else {{
    root = path.indexOf(prefix) === 0 ? prefix : "/";
  }}
  window.__siteRoot = root;
  document.write('<base href="' + root + {folder} + '">');
}})();</script>"""
CONFIG_SCRIPT = """<script>(function () {
  var element = document.getElementById("__config"), config = JSON.parse(element.textContent);
  config.base = new URL(window.__siteRoot + config.base, location.href).href;
  element.textContent = JSON.stringify(config);
})();</script>"""


# An attribute link relative to the site root: not absolute, not a fragment, not a script's text.
RELATIVE_ATTRIBUTE = re.compile(r'((?:href|src|action)=")(?![a-z][a-z0-9+.-]*:|[/#\'])([^"]*)"')


def below(link: str, folder: str) -> str:
    """A root-relative link as seen from `folder` (one level down): en/x -> x, x -> ../x."""
    if link.startswith(folder):
        return link[len(folder) :] or "./"
    return "../" + link


def on_post_template(output: str, template_name: str, config) -> str:
    """MkDocs renders 404.html as a static template (no on_post_page)."""
    if template_name != "404.html":
        return output
    lang = config.theme["language"]
    return fix(output, config, depth=0 if lang == "zh" else 1, lang=lang)


def fix(output: str, config, depth: int, lang: str) -> str:
    prefix = urlsplit(config.site_url or "/").path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    prefix = prefix.removesuffix(HOMES[lang]) or "/"  # the site root: the en site is its en/
    if prefix != "/":
        # Absolute links into the site become relative to the <base> chosen at run time,
        # and so do the theme's own (__config "base" and "search").
        output = re.sub(rf'((?:href|src|action)=")({re.escape(prefix)})', lambda m: m[1], output)
        output = re.sub(rf'(":\s*")({re.escape(prefix)})', lambda m: m[1], output)
    # The language links point at whatever page was rendered last: make them the homes.
    output = ALTERNATE.sub(lambda m: m[1] + HOMES[m[3]] + m[2] + m[3] + '"', output)
    head = output.find("<head>")
    if head < 0 or not CONFIG_END.search(output):
        raise PluginError(f"not_found: unexpected shape of the {lang} 404.html")
    folder = HOMES[lang]
    if folder:  # the page's own folder is its base: root-relative links move one level up
        output = RELATIVE_ATTRIBUTE.sub(lambda m: m[1] + below(m[2], folder) + '"', output)
        # The search worker's URL is resolved against <base> too (__config's "base" is not).
        output = re.sub(
            r'("search":\s*")([^"]*)"', lambda m: m[1] + below(m[2], folder) + '"', output
        )
    script = ROOT_SCRIPT.format(prefix=json.dumps(prefix), depth=depth, folder=json.dumps(folder))
    output = output[: head + 6] + script + output[head + 6 :]
    return CONFIG_END.sub(lambda m: m[1] + CONFIG_SCRIPT, output, count=1)
