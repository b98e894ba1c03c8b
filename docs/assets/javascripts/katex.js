// Render $...$ / $$...$$ written by pymdownx.arithmatex (generic mode) with the
// locally vendored KaTeX. Material's instant navigation swaps pages without a
// reload, so render on every document$ emission, not only on first load.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
  });
});
