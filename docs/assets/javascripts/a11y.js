// Accessibility fixes for what the theme and the notebook renderer leave out; checked by
// axe-core in tests/test_browser.py.
(function () {
  // Regions that scroll sideways (wide formulas and tables on a phone, notebook cells) must be
  // reachable by keyboard; only those that actually overflow become tab stops.
  const SCROLLERS = ".md-typeset__scrollwrap, div.arithmatex, .katex-display, .highlight-ipynb, .jp-OutputArea-output pre";

  function markScrollable() {
    for (const el of document.querySelectorAll(SCROLLERS)) {
      const overflows = el.scrollWidth > el.clientWidth + 1;
      if (overflows && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.dataset.a11yScroll = "";          // ours: taken back if the region stops overflowing
      } else if (!overflows && "a11yScroll" in el.dataset) {
        el.removeAttribute("tabindex");
        delete el.dataset.a11yScroll;
      }
    }
  }

  document$.subscribe(() => {
    // Material's search overlay has role="dialog" but no accessible name.
    for (const el of document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])')) {
      el.setAttribute("aria-label", "Search");
    }
    // Formulas are typeset by katex-init.js on the same signal: measure after it has run.
    requestAnimationFrame(markScrollable);
  });

  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(markScrollable, 150);
  });
})();
