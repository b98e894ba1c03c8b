// Accessible names the theme leaves out, found by axe-core in the browser tests
// (tests/e2e/test_browser.py; the list and why: tests/e2e/axe_theme.yml):
// * the search overlay is a role="dialog" without a name (aria-dialog-name);
// * a code annotation's marker is a link whose number is drawn by CSS, and its tooltip is
//   empty until opened (link-name, aria-tooltip-name);
// * a table wider than the page scrolls inside the theme's wrapper, which the keyboard cannot
//   reach (scrollable-region-focusable): the wrapper becomes a named, focusable region.
// The theme builds annotations after load and again on every page it swaps in, so names
// are added whenever nodes arrive.
const chinese = document.documentElement.lang.startsWith("zh");

function nameWhatTheThemeLeftUnnamed() {
  for (const dialog of document.querySelectorAll(".md-search[role=dialog]:not([aria-label])"))
    dialog.setAttribute("aria-label", chinese ? "搜索" : "Search");
  for (const marker of document.querySelectorAll(".md-annotation__index:not([aria-label])")) {
    const number = marker.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId;
    marker.setAttribute("aria-label", `${chinese ? "注释" : "Annotation"} ${number ?? ""}`.trim());
  }
  for (const tooltip of document.querySelectorAll(".md-annotation [role=tooltip]:not([aria-label])"))
    tooltip.setAttribute("aria-label", chinese ? "注释内容" : "Annotation text");
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", chinese ? "表格（可横向滚动）" : "Table (scrolls sideways)");
  }
}

new MutationObserver(nameWhatTheThemeLeftUnnamed).observe(document.body, {
  childList: true,
  subtree: true,
});
nameWhatTheThemeLeftUnnamed();
