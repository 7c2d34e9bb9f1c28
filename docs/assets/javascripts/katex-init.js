// Typeset the math that pymdownx.arithmatex (generic mode) marks with class "arithmatex".
// KaTeX is served from this site (assets/katex): no request leaves it.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
