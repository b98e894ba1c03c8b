// Render $...$ / $$...$$ written by pymdownx.arithmatex (generic mode) with the
// locally vendored KaTeX. Material's instant navigation swaps pages without a
// reload, so render on every document$ emission, not only on first load.
const renderMath = (element) =>
  renderMathInElement(element, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
  });

document$.subscribe(({ body }) => renderMath(body));

// Code annotations are detached from the page while closed and attached to their tooltip
// when opened, so a formula inside one missed the render above: render what gets attached.
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.querySelector(".arithmatex")) {
        renderMath(node);
      }
    }
  }
}).observe(document.body, { childList: true, subtree: true });
