"""The output scrapers: figures are saved light and dark from the same Figure objects."""

from __future__ import annotations

import re
import textwrap

from snippetkit.engine import execute, scrapers

FIGURE = textwrap.dedent("""\
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(num="Two lines, a legend, a grid and an annotation")
    ax.plot([0, 1], [0, 1], color="black", marker="o", label="black line")
    ax.plot([0, 1], [1, 0], color="tab:orange", label="orange line")
    ax.scatter([0.2, 0.8], [0.5, 0.5], c="k")
    ax.set_title("A title")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    ax.grid(True)
    ax.annotate("here", xy=(0.5, 0.5), xytext=(0.2, 0.8), arrowprops={"arrowstyle": "->"})
    fig.suptitle("A suptitle")
    plt.show()
""")

COLOR = re.compile(r"(fill|stroke)\s*:\s*(#[0-9a-fA-F]{6})")


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_registry_holds_text_and_matplotlib():
    assert [s.name for s in scrapers.SCRAPERS][:2] == ["text", "matplotlib"]


def test_the_dark_figure_has_a_dark_background_and_no_black(make_snippets):
    root = make_snippets({"fig.py": FIGURE})
    result = execute.run_snippet(root / "fig.py")
    assert result.ok, result.error
    [figure] = result.figures
    light_colors = {c for _, c in COLOR.findall(figure.svg)}
    assert "#ffffff" in light_colors and "#000000" in light_colors  # the light one as drawn
    dark_colors = {c.lower() for _, c in COLOR.findall(figure.dark_svg)}
    background = re.search(r'<g id="patch_1">\s*<path d="[^"]*"\s*style="fill:\s*(#[0-9a-fA-F]{6})', figure.dark_svg)
    assert background and luminance(background.group(1)) < 0.2
    assert "#000000" not in dark_colors and "#ffffff" not in dark_colors
    assert "#ff7f0e" in dark_colors  # a data colour is kept
    for text_group in re.findall(r'<g id="text_\d+">(.*?)</g>\s*</g>', figure.dark_svg, re.S):
        fills = [c for kind, c in COLOR.findall(text_group) if kind == "fill"]
        assert fills and all(luminance(c) > 0.5 for c in fills), fills
    assert figure.svg != figure.dark_svg and figure.line == 2
