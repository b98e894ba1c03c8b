// The language selector keeps the page: each language is its own site (mkdocs.yml at the
// root, mkdocs.en.yml under en/) with the same paths, so the other language's page is its
// root (the selector's link, extra.alternate) plus this page's path below our own root.
// Works on file:// too (the offline copy). The theme's own switch (it maps pages through each
// site's sitemap.xml, found from <link rel=alternate>) is switched off: it fetches, and cannot
// on file://. On the error page (hooks/not_found.py) the links stay the two home pages.
(function () {
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(link => link.remove())
  if (window.__siteRoot) return
  const config = JSON.parse(document.getElementById("__config").textContent)
  const root = new URL(config.base + "/", location.href).href
  const path = location.href.replace(/[?#].*$/, "").slice(root.length)
  for (const link of document.querySelectorAll(".md-select__link[hreflang]"))
    link.href = new URL(path, link.href).href
})()
