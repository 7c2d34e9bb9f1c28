"""A snippet as a Jupyter notebook, and as the `.py` a reader downloads.

Snippets are jupytext "light" scripts: top-level comment blocks become markdown cells and code
between them becomes code cells. The section markers that pages use to show excerpts
(`# --8<-- [start:name]`) are removed from both downloads: they mean nothing outside the site.

Downloads that check themselves:

- `to_notebook(source, stdout_lines=..., stdout=..., figures=...)`: the notebook carries the
  outputs the site shows, so a reader sees what to expect before running it. Each chunk of stdout
  goes under the code cell holding the line that printed it (`stdout_lines`: `[[line, text], ...]`,
  lines of the snippet as written); each figure (SVG) under the cell of its `line`. Without line
  numbers, everything goes under the last code cell. Valid nbformat 4.
- `download_py(source, stdout)`: the program, then a short block a reader may run,
  `python name.py --compare`, which runs the program once more with its output captured and
  compares it with the published one under the site's rule (snippetkit.checks.tolerance: text exactly,
  numbers within 1e-6 + 1e-5·|x| or one unit in the last printed digit). The block is plain Python
  (no import of this package); the code above it is the block on the page, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from snippetkit import exercises
from snippetkit.model import expected_error

SECTION_MARKER = re.compile(r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[[ \t]*(start|end)[ \t]*:[^\]]*\][ \t]*\n?", re.M)


def clean_source(source: str) -> str:
    """The snippet as a reader downloads it: section markers removed, nothing else changed."""
    return SECTION_MARKER.sub("", source)


def _clean_line_map(source: str) -> list[int]:
    """For each line (1-based) of the snippet as written, its line in clean_source (0: removed)."""
    mapping, kept = [0], 0
    for line in source.split("\n"):
        if SECTION_MARKER.fullmatch(line) or SECTION_MARKER.fullmatch(line + "\n"):
            mapping.append(0)
        else:
            kept += 1
            mapping.append(kept)
    return mapping


def _code_cell_starts(notebook, clean: str) -> list[tuple[int, int]]:
    """(line in the clean source where it starts, cell index) of every code cell, in order."""
    lines = clean.split("\n")
    starts, cursor = [], 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        first = next(ln for ln in cell.source.split("\n") if ln.strip())
        for k in range(cursor, len(lines)):
            if lines[k] == first:
                starts.append((k + 1, index))
                cursor = k + 1
                break
    return starts


def _cell_for(line: int | None, starts: list[tuple[int, int]], last: int) -> int:
    if not line or not starts:
        return last
    chosen = starts[0][1]
    for start, index in starts:
        if start <= line:
            chosen = index
        else:
            break
    return chosen


def _figure_svg(figure) -> tuple[str, str, int | None]:
    """(svg text, alt, line) of a figure given as an object or a mapping with `alt`, `line` and
    `svg` (the text) or `light` (a path to the SVG file)."""
    get = figure.get if isinstance(figure, dict) else lambda k, d=None: getattr(figure, k, d)
    svg = get("svg") or ""
    if not svg and get("light"):
        svg = Path(get("light")).read_text(encoding="utf-8")
    line = get("line")
    return svg, str(get("alt") or ""), int(line) if line else None


def to_notebook(source: str, *, title: str | None = None, stdout_lines: Sequence | None = None,
                stdout: str = "", figures: Iterable = ()) -> str:
    """The snippet as `.ipynb` JSON, optionally with a title cell and with the published outputs
    (see the module docstring). With no outputs given, the notebook has none: the reader runs it."""
    import jupytext
    import nbformat

    clean = clean_source(source)
    notebook = jupytext.reads(clean, fmt="py:light")
    if title:
        notebook.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {title}"))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"  # stable ids: the same snippet gives the same bytes

    figures = [_figure_svg(f) for f in figures]
    if stdout_lines or stdout or figures:
        code = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        if code:
            _attach_outputs(notebook, clean, _clean_line_map(source), code, stdout_lines, stdout, figures)
    return jupytext.writes(notebook, fmt="ipynb")


def _attach_outputs(notebook, clean, line_map, code, stdout_lines, stdout, figures) -> None:
    import nbformat

    starts = _code_cell_starts(notebook, clean)
    last = code[-1]

    def where(line) -> int:
        line = int(line) if line else 0
        mapped = line_map[line] if 0 < line < len(line_map) else 0
        return _cell_for(mapped, starts, last)

    chunks: list[tuple[int, str]] = []
    if stdout_lines:
        chunks = [(where(line), str(text)) for line, text in stdout_lines]
    elif stdout:
        chunks = [(last, stdout)]
    for index, text in chunks:
        outputs = notebook.cells[index].outputs
        if outputs and outputs[-1].output_type == "stream" and outputs[-1].name == "stdout":
            outputs[-1].text += text
        else:
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
    for svg, alt, line in figures:
        notebook.cells[where(line)].outputs.append(nbformat.v4.new_output(
            "display_data", data={"image/svg+xml": svg, "text/plain": f"<Figure: {alt}>"}))
    for count, index in enumerate(code, start=1):
        notebook.cells[index].execution_count = count


# ---------------------------------------------------------------------------------------------
# The .py download

COMPARE = '''

# --- Published output --------------------------------------------------------------------------
# What this program printed when the site was built. To compare your run with it, run
#     python {name} --compare
# It runs the program again, captures what it prints, and checks it: the text must match exactly,
# numbers within 1e-6 + 1e-5*|x| or one unit in their last printed digit.

PUBLISHED_OUTPUT = {published}

if __name__ == "__main__" and "--compare" in sys.argv[1:]:
    import re
    import subprocess

    number = r"[-+]?(?:\\d+\\.\\d*|\\.\\d+|\\d+)(?:[eE][-+]?\\d+)?|[-+]?(?:nan|inf)\\b"

    def unit(s):
        mantissa, _, exponent = s.lower().partition("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return 10.0 ** (int(exponent or 0) - decimals)

    def close(a, b):
        x, y = float(a), float(b)
        if x != x or y != y or abs(x) == float("inf") or abs(y) == float("inf"):
            return str(x) == str(y)
        if a.lstrip("+-").isdigit() and b.lstrip("+-").isdigit():
            return x == y
        return abs(x - y) <= 1e-6 + 1e-5 * abs(y) or abs(x - y) <= max(unit(a), unit(b)) * (1 + 1e-9)

    mine = subprocess.run([sys.executable, __file__], capture_output=True, text=True).stdout
    problems = []
    for i, (a, b) in enumerate(zip(PUBLISHED_OUTPUT.splitlines(), mine.splitlines()), start=1):
        same_text = re.split(number, a) == re.split(number, b)
        if not same_text or not all(map(close, re.findall(number, a), re.findall(number, b))):
            problems.append(f"line {{i}}: published {{a!r}}, yours {{b!r}}")
    if len(PUBLISHED_OUTPUT.splitlines()) != len(mine.splitlines()):
        problems.append("the outputs have a different number of lines")
    print("\\n".join(problems) or "Your output matches the published one.")
    sys.exit(1 if problems else 0)
'''

STARTER_OUTPUT = '''

# --- Published output --------------------------------------------------------------------------
# Until the task above is filled in, the check stops this exercise with its message. On the site:
{published}
'''

EXPECTED_FAILURE = '''

# --- Published output --------------------------------------------------------------------------
# This program fails on purpose (it shows a mistake of the original notes). On the site it raised:
{published}
'''


def _triple_quoted(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""\\\n' + body + ('"""' if body.endswith("\n") or not body else '\\n"""')


def download_py(source: str, stdout: str, *, name: str = "this_file.py") -> str:
    """The `.py` download: the program as on the page, then the published output and the
    optional `--compare` check (see the module docstring). `name` is the file's name in the
    instruction it prints; an exercise's starter (by its name) gets its check's message instead."""
    clean = clean_source(source).rstrip("\n") + "\n"
    failing = expected_error(source)
    if exercises.is_starter(name):
        lines = (stdout.strip() or "not yet").split("\n")
        return clean + STARTER_OUTPUT.format(published="\n".join(f"#     {ln}".rstrip() for ln in lines))
    if failing:
        lines = (stdout.strip() or str(failing)).split("\n")
        return clean + EXPECTED_FAILURE.format(published="\n".join(f"#     {ln}".rstrip() for ln in lines))
    needs_sys = not re.search(r"^import sys$", clean, re.M)
    block = COMPARE.format(name=name, published=_triple_quoted(stdout))
    if needs_sys:
        block = block.replace("\nPUBLISHED_OUTPUT = ", "\nimport sys\n\nPUBLISHED_OUTPUT = ", 1)
    return clean + block
