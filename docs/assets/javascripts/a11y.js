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

  let pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(markScrollable, 100);
  }
  const observer = "ResizeObserver" in window ? new ResizeObserver(later) : null;

  document$.subscribe(() => {
    // Material's search overlay has role="dialog" but no accessible name.
    for (const el of document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])')) {
      el.setAttribute("aria-label", "Search");
    }
    // Formulas are typeset by katex-init.js on the same signal: measure after it has run, again
    // once the math fonts have loaded (a formula widens then), and whenever a region's content
    // changes size.
    requestAnimationFrame(() => {
      markScrollable();
      if (observer) {
        for (const el of document.querySelectorAll(SCROLLERS)) {
          observer.observe(el.firstElementChild || el);
        }
      }
    });
    if (document.fonts) document.fonts.ready.then(markScrollable);
  });

  window.addEventListener("resize", later);
})();
