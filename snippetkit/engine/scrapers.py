"""Output scrapers: each kind of output a snippet produces is collected by one scraper.

After sphinx-gallery's `scrapers.py`: the executor calls every registered scraper around each
snippet and knows nothing about kinds of output. Adding one is one scraper here (plus one renderer
on the page side), nothing else.

A scraper has a `name` and three methods, all called in the worker that runs the snippet:

- `start(run)` before the snippet (reset state, install hooks);
- `collect(run, result)` after it, whether it passed or not: put what it produced into `result`;
  raise `ScraperError` when the output cannot be shown (the snippet then fails with the message);
- `finish(run)` always, last: undo what `start` installed.

Registered today: `text` (what the snippet printed, with its lines) and `matplotlib` (every open
figure as SVG twice: light, and dark by recolouring the same Figure objects).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from snippetkit.engine.capture import LineTracker, snippet_line
from snippetkit.model import Figure, Result


class ScraperError(Exception):
    """An output that cannot be shown on a page: a figure without alt text, or one that fails
    to save. The snippet fails with this message."""


@dataclass
class Run:
    """What the scrapers see of one run: the snippet's file and the captured stdout."""

    path: Path
    stdout: LineTracker
    state: dict = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return str(self.path)


class TextScraper:
    """What the snippet printed, and for each chunk the snippet's line that printed it."""

    name = "text"

    def start(self, run: Run) -> None:
        pass

    def collect(self, run: Run, result: Result) -> None:
        result.stdout = run.stdout.getvalue()
        result.stdout_lines = run.stdout.lines()

    def finish(self, run: Run) -> None:
        pass


# ---- matplotlib -------------------------------------------------------------------------------

LIGHT_BACKGROUND = "white"
DARK_BACKGROUND = "#1e2029"  # Material's slate scheme
DARK_FOREGROUND = "#e2e4e9"
DARK_EDGE = "#9a9ca5"
DARK_GRID = "#4a4d57"


def _exception_message(exc: BaseException) -> str:
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class MatplotlibScraper:
    """Every open figure, in the order drawn, as light and dark SVG; all figures closed after."""

    name = "matplotlib"

    def start(self, run: Run) -> None:
        if "matplotlib.pyplot" not in sys.modules:
            return
        sys.modules["matplotlib.pyplot"].close("all")
        from matplotlib.figure import Figure as MplFigure

        original = MplFigure.__init__
        filename = run.filename

        def init(fig, *args, **kwargs):
            original(fig, *args, **kwargs)
            fig._snippet_line = snippet_line(filename)

        MplFigure.__init__ = init
        run.state["matplotlib_init"] = original

    def collect(self, run: Run, result: Result) -> None:
        if "matplotlib.pyplot" not in sys.modules:
            return
        plt = sys.modules["matplotlib.pyplot"]
        figures = []
        for number in plt.get_fignums():
            fig = plt.figure(number)
            alt = fig.get_label().strip()
            if not alt:
                raise ScraperError(
                    f"figure {number} has no alt text: create it with "
                    "plt.subplots(num='what the figure shows') or call fig.set_label(...)")
            try:
                light = _svg(fig, LIGHT_BACKGROUND)
                darken(fig)
                dark = _svg(fig, DARK_BACKGROUND)
            except Exception as exc:
                raise ScraperError(f"figure {number} ({alt!r}) could not be saved as SVG: "
                                   f"{_exception_message(exc)}") from exc
            figures.append(Figure(svg=light, dark_svg=dark, alt=alt, line=getattr(fig, "_snippet_line", None)))
        result.figures = figures

    def finish(self, run: Run) -> None:
        original = run.state.pop("matplotlib_init", None)
        if original is not None:
            from matplotlib.figure import Figure as MplFigure

            MplFigure.__init__ = original
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


def _svg(fig, facecolor: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", facecolor=facecolor)
    return buffer.getvalue()


def _is_dark(rgba) -> bool:
    """Black or near-black (every channel at most 0.3): would vanish on a dark background."""
    return rgba is not None and len(rgba) >= 3 and max(rgba[:3]) <= 0.3 and (len(rgba) < 4 or rgba[3] > 0)


def _is_light_background(rgba) -> bool:
    return rgba is not None and min(rgba[:3]) >= 0.9 and (len(rgba) < 4 or rgba[3] > 0)


def _lighten(rgba):
    """A near-black colour as its light counterpart (black becomes the dark scheme's text colour),
    alpha kept."""
    from matplotlib.colors import to_rgba

    fg = to_rgba(DARK_FOREGROUND)
    r, g, b = rgba[:3]
    shade = max(r, g, b) / 0.3  # 0 for black .. 1 at the threshold
    rgb = tuple(f - 0.35 * shade * f for f in fg[:3])
    return (*rgb, rgba[3] if len(rgba) > 3 else 1.0)


def darken(fig) -> None:
    """Recolour a drawn figure for a dark page, in place: backgrounds dark; text, spines, ticks,
    legend and annotations light; grid dim; black or near-black lines, markers, patches and
    collections light. Every other data colour is kept."""
    import matplotlib.colors as mcolors
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Annotation, Text

    def light_if_dark(color):
        rgba = mcolors.to_rgba(color)
        return _lighten(rgba) if _is_dark(rgba) else rgba

    fig.patch.set_facecolor(DARK_BACKGROUND)
    if _is_dark(mcolors.to_rgba(fig.patch.get_edgecolor())):
        fig.patch.set_edgecolor(DARK_BACKGROUND)
    grid_lines = set()
    skip = {fig.patch}  # backgrounds and frames: set here, not recoloured as data
    for ax in fig.axes:
        skip.add(ax.patch)
        if _is_light_background(mcolors.to_rgba(ax.get_facecolor())):
            ax.set_facecolor(DARK_BACKGROUND)
        for spine in ax.spines.values():
            spine.set_edgecolor(DARK_EDGE)
        ax.tick_params(which="both", colors=DARK_FOREGROUND)
        for axis in (ax.xaxis, ax.yaxis, *([ax.zaxis] if hasattr(ax, "zaxis") else [])):
            grid_lines.update(axis.get_gridlines())
        legend = ax.get_legend()
        if legend is not None:
            skip.add(_darken_legend(legend))
    for legend in fig.legends:
        skip.add(_darken_legend(legend))
    for line in grid_lines:
        line.set_color(DARK_GRID)
    for artist in fig.findobj():
        if artist in grid_lines or artist in skip:
            continue
        if isinstance(artist, Text):
            artist.set_color(light_if_dark(artist.get_color()))
            patch = artist.get_bbox_patch()
            if patch is not None:
                skip.add(patch)
                if _is_light_background(mcolors.to_rgba(patch.get_facecolor())):
                    patch.set_facecolor(DARK_BACKGROUND)
                patch.set_edgecolor(light_if_dark(patch.get_edgecolor()))
            if isinstance(artist, Annotation) and artist.arrow_patch is not None:
                arrow = artist.arrow_patch
                arrow.set_edgecolor(light_if_dark(arrow.get_edgecolor()))
                arrow.set_facecolor(light_if_dark(arrow.get_facecolor()))
        elif isinstance(artist, Line2D):
            artist.set_color(light_if_dark(artist.get_color()))
            for get, put in ((artist.get_markerfacecolor, artist.set_markerfacecolor),
                             (artist.get_markeredgecolor, artist.set_markeredgecolor)):
                color = get()
                if isinstance(color, str) and color == "none":
                    continue
                put(light_if_dark(color))
        elif isinstance(artist, Collection):
            for get, put in ((artist.get_edgecolor, artist.set_edgecolor),
                             (artist.get_facecolor, artist.set_facecolor)):
                colors = get()
                if len(colors) and any(_is_dark(c) for c in colors):
                    put([_lighten(c) if _is_dark(c) else c for c in colors])
        elif isinstance(artist, Patch):
            artist.set_edgecolor(light_if_dark(artist.get_edgecolor()))
            if artist.get_fill():
                artist.set_facecolor(light_if_dark(artist.get_facecolor()))


def _darken_legend(legend):
    """Dark frame, light text; returns the frame (not to be recoloured again)."""
    frame = legend.get_frame()
    frame.set_facecolor(DARK_BACKGROUND)
    frame.set_edgecolor(DARK_EDGE)
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_color(DARK_FOREGROUND)
    return frame


SCRAPERS: list = [TextScraper(), MatplotlibScraper()]
"""The registry, in order: every scraper runs around every snippet."""


def register(scraper) -> None:
    """Add a scraper (an object with `name`, `start`, `collect` and `finish`)."""
    if any(s.name == scraper.name for s in SCRAPERS):
        raise ValueError(f"a scraper named {scraper.name!r} is already registered")
    SCRAPERS.append(scraper)
