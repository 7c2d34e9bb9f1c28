// The search index, fetched when the reader first opens search instead of on every page load.
//
// Material (search/search_index.json) and Zensical (search.json) request the whole index as soon as a
// page loads, and their search worker builds its index from it: on this site the largest part of a
// first visit, and the one part that grows with every page. This script runs before the theme's
// bundle (mkdocs.yml lists it under extra.polyfills, which both themes load in the page's head) and
// holds that one request until the reader opens search: the search field gets the focus, or a click
// lands on the search box, its button or its label (the themes' keyboard shortcuts focus the field
// or click the button, so they count too). A page opened from a search result (`?h=...`: the theme
// highlights the terms with the index's settings) sends it at once. Nothing else is changed: the
// request, the index and the search are the theme's own. (file:// pages load the index as a script
// and are not affected.)
(() => {
  const INDEX = /\/(search\/search_index\.json|search\.json)$/;
  const held = [];
  let wanted = new URLSearchParams(location.search).has("h");

  function release() {
    if (wanted) return;
    wanted = true;
    for (const send of held.splice(0)) send();
  }

  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.searchIndex && !wanted) {
      held.push(() => send.apply(this, args));
      return;
    }
    return send.apply(this, args);
  };

  const SEARCH = "[data-md-component=search], .md-search, label[for=__search]";
  const opensSearch = (event) => event.target instanceof Element && event.target.closest(SEARCH);
  document.addEventListener("focusin", (event) => opensSearch(event) && release(), true);
  document.addEventListener("click", (event) => opensSearch(event) && release(), true);
  document.addEventListener("change", (event) => event.target.id === "__search" && release(), true);
})();
