"""axe-core in a page, at the cost of what its verdicts depend on.

`violations(page, axe_source)` runs axe-core in a loaded page and returns its blocking violations
(impact serious or critical), one line each. Two things make it cheaper than a plain `axe.run`:

- **Rules that cannot block are not run.** axe-core 4.14 gives each rule an impact, and a violation
  of that rule always has it (`_finalizeRuleResult` in axe.js; a rule without one takes its checks'
  impacts). A rule whose impacts are all minor or moderate (`region`, `landmark-*`,
  `heading-order`, ...) can only report what this check leaves out.
- **The colour-contrast rule runs on one element of each kind, and on more where that one does not
  settle the kind.** `color-contrast` works out, for every element with text of its own, the
  colours behind it; the highlighted tokens of a chapter's programs make ten thousand such elements
  and more, and the rule was most of a page's axe time. `CONTRAST_TWINS` gives each element a key:
  its tag; its own colour, text fill, font size, weight and style, text shadow and stroke, text
  decoration, position, clip and opacity; its ancestors' colour, background, opacity, filters,
  blend mode, position, z-index, overflow, display, visibility and clip; whether it is shown,
  partly clipped or clipped out by an ancestor's overflow (the page's root scroller aside), or
  hidden (`checkVisibility`, or clipped to nothing as axe-core's `clipHidden` has it); and its text:
  without a letter or a digit (the text itself), one character, or more. The elements of a kind
  of four or more after its first are twins. One run checks every rule, the contrast rule on all
  but the twins; a second run checks the twins of each first that did not settle its kind.

  A first settles its kind when the rule worked its contrast out and it passed (its twins have the
  same colours, the same colours behind them and the same threshold); when it is hidden and
  axe-core agrees; or when the rule found no violation and set it aside for its text (too short, no
  letter or digit), which its twins share. What the key leaves out (an element elsewhere in the page
  that overlaps the text, a pseudo-element, a background image) makes axe-core answer "needs
  review", not "violation", which this check does not report, or leave the first unsettled.

That last sentence is an argument, not a proof, and two things test it. tests/test_browser.py holds
the check to constructed pages (`TWIN_CASES`): in each, a naive key (tags, classes and the element's
own style) misses a violation the full rule finds, and the last one is found only by the second
run. `python -m snippetkit.devtools.axe SITE_DIR [PAGE ...]` compares the two on a built site: on
each page (light scheme on a phone, dark on a desktop) it injects faults into the most common kinds
of text (`FAULTS`: one tag or class given text in a colour near the page's background, or grey text
on grey) and runs the full rule and this one for each: every fault one finds, the other must find.
It prints a line per page and view and exits 1 on a difference. Its first runs found the one-run
design of this module missing one-character and formula text; the text in the key and the second
run are what they asked for.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tarfile
import time
from pathlib import Path

from snippetkit import ROOT
from snippetkit.devtools.browser import CHROMIUM_ARGS, find_chromium, serve
from snippetkit.pages.nav import nav_urls

BLOCKING_IMPACTS = ("serious", "critical")
TWIN_ATTRIBUTE = "data-contrast-twin"
AGAIN_ATTRIBUTE = "data-contrast-again"

CONTRAST_TWINS = """naive => {
  const OWN = ["color", "-webkit-text-fill-color", "font-size", "font-weight", "font-style", "text-shadow",
               "-webkit-text-stroke-width", "-webkit-text-stroke-color", "text-decoration-line",
               "text-decoration-color", "position", "clip", "clip-path", "opacity"];
  const AROUND = ["color", "background-color", "background-image", "background-clip", "opacity", "filter",
                  "backdrop-filter", "mix-blend-mode", "position", "z-index", "overflow-x", "overflow-y",
                  "display", "visibility", "content-visibility", "clip", "clip-path"];
  const styles = new Map(), chains = new Map(), clips = new Map();
  const style = el => {
    let s = styles.get(el);
    if (!s) styles.set(el, s = getComputedStyle(el));
    return s;
  };
  const chain = el => {  // the element's ancestors, as what decides the colours behind it
    if (!el) return "";
    let k = chains.get(el);
    if (k === undefined) {
      const s = style(el);
      k = chain(el.parentElement) + "\\u0001" + (naive ? el.tagName + "." + (el.getAttribute("class") || "")
                                                     : AROUND.map(p => s.getPropertyValue(p)).join("|"));
      chains.set(el, k);
    }
    return k;
  };
  // axe-core's clipHidden: absolutely placed and clipped to nothing (KaTeX's MathML copy of a formula).
  const clippedToNothing = s => {
    const m = s.clip.match(/rect\\((-?[\\d.]+)px,? (-?[\\d.]+)px,? (-?[\\d.]+)px,? (-?[\\d.]+)px\\)/);
    return ["absolute", "fixed"].includes(s.position) && !!m && m[3] - m[1] <= 0 && m[2] - m[4] <= 0;
  };
  const clip = el => {  // the box an element's overflow leaves its descendants visible in, or null
    if (!clips.has(el)) {
      const s = style(el), root = el === document.documentElement || el === document.body;
      clips.set(el, root || (s.overflowX === "visible" && s.overflowY === "visible") ? null
                                                                                : el.getBoundingClientRect());
    }
    return clips.get(el);
  };
  const where = el => {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true})) {
      return "hidden";
    }
    for (let a = el; a; a = a.parentElement) if (clippedToNothing(style(a))) return "hidden";
    const r = el.getBoundingClientRect();
    let state = "shown";
    for (let a = el.parentElement; a; a = a.parentElement) {
      const c = clip(a);
      if (!c) continue;
      if (r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom) return "clipped out";
      if (r.left < c.left || r.right > c.right || r.top < c.top || r.bottom > c.bottom) state = "partly clipped";
    }
    return state;
  };
  document.querySelectorAll("[@TWIN@], [@AGAIN@]").forEach(el => {
    el.removeAttribute("@TWIN@");
    el.removeAttribute("@AGAIN@");
  });
  const kinds = new Map();  // key -> its elements, in page order
  const about = new Map();
  for (const el of document.body.querySelectorAll("*")) {
    const own = Array.from(el.childNodes, n => n.nodeType === 3 ? n.data : "").join("").replace(/\\s+/g, " ").trim();
    if (!own) continue;
    // The text decides too: axe-core leaves out text without a letter or a digit, and leaves one
    // character of too little contrast for review. Its kind is part of the key.
    const text = /[\\p{L}\\p{N}]/u.test(own) ? (own.length === 1 ? "one character" : "words") : "only " + own;
    const shown = naive ? "" : where(el);
    const key = [el.tagName, chain(el), OWN.map(p => style(el).getPropertyValue(p)).join("|"), shown,
                 naive ? "" : text].join("\\u0002");
    if (!kinds.has(key)) kinds.set(key, []);
    kinds.get(key).push(el);
    about.set(el, {shown, text});
  }
  // Twins: the elements after the first of a kind of more than three (the elements of a small kind
  // are all checked: too few to be worth a second run if the first does not settle the kind).
  const firstOf = window.__contrastFirstOf = new Map();  // each twin -> the first element of its kind
  window.__contrastAbout = about;
  for (const [key, elements] of kinds) {
    if (!naive && elements.length <= 3) continue;
    for (const el of elements.slice(1)) {
      el.setAttribute("@TWIN@", "");
      firstOf.set(el, elements[0]);
    }
  }
  return {texts: about.size, twins: firstOf.size, kinds: kinds.size};
}""".replace("@TWIN@", TWIN_ATTRIBUTE).replace("@AGAIN@", AGAIN_ATTRIBUTE)

# The rules that cannot block: every violation they can report is minor or moderate.
NOT_BLOCKING = """blocking => axe._audit.rules.filter(rule => {
  const impacts = rule.impact ? [rule.impact] : [...rule.any, ...rule.all, ...rule.none].map(
      c => (axe._audit.data.checks[c.id || c] || {}).impact);
  return impacts.length > 0 && impacts.every(i => i && !blocking.includes(i));
}).map(rule => [rule.id, rule.impact ? [rule.impact] : [...rule.any, ...rule.all, ...rule.none].map(
    c => axe._audit.data.checks[c.id || c].impact)])"""

AXE_RUN = """async ({blocking, disabled, twins, naive, second}) => {
  const off = (@NOT_BLOCKING@)(blocking).map(r => r[0]).concat(disabled);
  const rules = Object.fromEntries(off.map(id => [id, {enabled: false}]));
  const describe = el => {  // a path up to the nearest ancestor with an id (no run computes selectors)
    const parts = [];
    for (let a = el; a && parts.length < 5; a = a.parentElement) {
      parts.unshift(a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") + [...a.classList].map(c => "." + c).join(""));
      if (a.id) break;
    }
    return parts.join(" > ");
  };
  const found = new Map();
  const keep = violations => {
    for (const v of violations) {
      if (!blocking.includes(v.impact)) continue;
      const seen = found.get(v.id);
      if (seen) seen.count += v.nodes.length;
      else found.set(v.id, {id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                            target: describe(v.nodes[0].element), summary: v.nodes[0].failureSummary});
    }
  };
  const run = (selector, options) => {
    axe.configure({rules: [{id: "color-contrast", selector}]});
    return axe.run(document, {elementRef: true, selectors: false, ...options});
  };
  if (!twins || off.includes("color-contrast")) {
    keep((await run("*", {resultTypes: ["violations"], rules})).violations);
    return [...found.values()];
  }
  // Every rule, the contrast rule on the first element of each kind; then the contrast rule on the
  // twins of each first that did not settle its kind.
  const all = await run("*:not([@TWIN@])", {resultTypes: ["violations", "incomplete", "passes"], rules});
  keep(all.violations);
  const firsts = Object.fromEntries(["passes", "incomplete", "violations"].map(
      group => [group, all[group].filter(rule => rule.id === "color-contrast")]));
  // A first settles its kind when the rule worked its contrast out and it passed; when it is hidden
  // (so are its twins: that is part of the key) and axe-core agrees; or when the rule found no
  // violation and set it aside for its text (too short, or no letter or digit), which its twins share.
  const outcome = new Map();
  for (const group of ["passes", "incomplete", "violations"]) {
    for (const node of firsts[group].flatMap(rule => rule.nodes)) {
      const keys = node.any.map(c => c.data && c.data.messageKey).filter(Boolean);
      outcome.set(node.element, {group, keys});
    }
  }
  const settles = first => {
    const {shown, text} = window.__contrastAbout.get(first);
    const found = outcome.get(first);
    if (found && found.group === "passes" && found.keys.length === 0) return true;  // worked out, enough
    if (shown === "hidden") return !found || found.keys.every(k => k === "hidden");  // axe-core agrees
    if (text === "words" || (found && found.group === "violations")) return false;
    return !found || found.keys.every(k => ["shortTextContent", "nonBmp"].includes(k));
  };
  let again = 0;
  if (second && !naive) {
    for (const [twin, first] of window.__contrastFirstOf) {
      if (!settles(first)) { twin.setAttribute("@AGAIN@", ""); again++; }
    }
  }
  if (again) {
    keep((await run("[@AGAIN@]", {runOnly: {type: "rule", values: ["color-contrast"]},
                                   resultTypes: ["violations"]})).violations);
  }
  return [...found.values()];
}""".replace("@NOT_BLOCKING@", NOT_BLOCKING).replace("@TWIN@", TWIN_ATTRIBUTE).replace("@AGAIN@", AGAIN_ATTRIBUTE)


def axe_source(tarball: Path) -> str:
    with tarfile.open(tarball) as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")


async def inject(page, source: str) -> None:
    if not await page.evaluate("typeof axe !== 'undefined'"):
        await page.add_script_tag(content=source)


async def run(page, source: str, *, twins: bool = True, naive: bool = False, second: bool = True,
              disabled: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's blocking violations in `page`, one dict each (id, impact, help, count, target,
    summary). `twins=False` runs color-contrast on every element; `naive=True` marks twins by the
    tags and classes of the element and its ancestors and the element's own style only, and
    `second=False` leaves out the second run (tests/test_browser.py shows that neither is enough)."""
    await inject(page, source)
    if twins:
        await page.evaluate(CONTRAST_TWINS, naive)
    return await page.evaluate(AXE_RUN, {"blocking": list(BLOCKING_IMPACTS), "disabled": list(disabled),
                                         "twins": twins, "naive": naive, "second": second})


async def violations(page, source: str, disabled: tuple[str, ...] = ()) -> list[str]:
    """The blocking violations, one line each, as the page checks report them."""
    return [f"{v['impact']} {v['id']}: {v['help']} ({v['count']}x, e.g. {v['target']}: "
            f"{v['summary'].splitlines()[-1].strip()[:160]})"
            for v in await run(page, source, disabled=disabled)]


# ---- the fault sweep ----------------------------------------------------------------------------

KINDS = """limit => {
  const count = new Map();
  for (const el of document.body.querySelectorAll("*")) {
    if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && /[\\p{L}\\p{N}]/u.test(n.data))) continue;
    const tag = el.tagName.toLowerCase();
    for (const kind of [tag, ...Array.from(el.classList, c => tag + "." + CSS.escape(c))])
      count.set(kind, (count.get(kind) || 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(e => e[0]);
}"""

# Two faults per kind: its text in a colour near the page's background (a violation where the
# colours behind it are the page's, not where a code block's or a table's are), and its text and
# background in two greys (a contrast of about 1.2: a violation wherever it is shown).
FAULTS = {
    "near the page's background": "color: color-mix(in srgb, BG 90%, gray) !important;",
    "grey on grey": "color: #777 !important; background-color: #888 !important;",
}
FAULT = """([selector, rule]) => {
  const style = document.createElement("style");
  style.id = "axe-fault";
  // No transition: the theme eases colour changes, and a run during one would see the colour between.
  style.textContent = selector + " { transition: none !important; "
                      + rule.replace("BG", getComputedStyle(document.body).backgroundColor) + " }";
  document.head.append(style);
}"""


FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def contrast_ids(found: list[dict]) -> set[str]:
    return {v["id"] for v in found if v["id"] in ("color-contrast", "link-in-text-block")}


async def sweep_page(browser, url: str, view: str, source: str, limit: int) -> tuple[int, int, list[str]]:
    viewport, scheme = ({"width": 390, "height": 844}, "light") if view == "phone" else \
        ({"width": 1280, "height": 900}, "dark")
    context = await browser.new_context(viewport=viewport, color_scheme=scheme)
    differences, found = [], 0
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="networkidle")
        kinds = await page.evaluate(KINDS, limit)
        for selector in kinds:
            for fault, rule in FAULTS.items():
                await page.evaluate(FAULT, [selector, rule])
                await page.evaluate(FRAMES)
                full = contrast_ids(await run(page, source, twins=False))
                fast = contrast_ids(await run(page, source))
                if full != fast:  # once more, to tell a difference from a run that varies
                    again = contrast_ids(await run(page, source, twins=False)), contrast_ids(await run(page, source))
                    differences.append(f"{selector}, {fault}: the full rule found {sorted(full)}, the first of each "
                                       f"kind {sorted(fast)}; run again: {sorted(again[0])}, {sorted(again[1])}")
                await page.evaluate("document.getElementById('axe-fault').remove()")
                await page.evaluate(FRAMES)
                found += bool(full)
        return len(kinds) * len(FAULTS), found, differences
    finally:
        await context.close()


async def sweep(site: Path, pages: list[str], limit: int, source: str) -> int:
    from playwright.async_api import async_playwright  # only the sweep drives a browser itself

    failed = 0
    with serve(site) as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for path in pages:
                for view in ("phone", "desktop"):
                    t0 = time.perf_counter()
                    faults, found, differences = await sweep_page(browser, server.url + path, view, source, limit)
                    failed += bool(differences)
                    print(f"{path or '(home)'} {view}: {faults} faults, {found} found by the full rule, "
                          f"{len(differences)} found differently "
                          f"({time.perf_counter() - t0:.0f} s)", flush=True)
                    for line in differences:
                        print("  " + line, flush=True)
            await browser.close()
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.axe", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (make site)")
    parser.add_argument("pages", nargs="*", help="URL paths (default: every page in mkdocs.yml's nav)")
    parser.add_argument("--kinds", type=int, default=25,
                        help="classes faulted per page and view, the most common first (two faults each)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}: no index.html (build the site first: make site)")
    tarballs = sorted((ROOT / ".cache" / "axe-core").glob("axe-core-*.tgz"))
    if not tarballs:
        parser.error(".cache/axe-core/: no axe-core tarball (make test fetches it)")
    pages = args.pages or nav_urls()
    failed = asyncio.run(sweep(args.site, pages, args.kinds, axe_source(tarballs[-1])))
    print(f"{len(pages)} pages: {'no difference' if not failed else f'{failed} page views with differences'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
