"""The README's figures, generated from what the benches wrote (never typed).

Each block of README.md between `<!-- figures:NAME ... -->` and `<!-- /figures:NAME -->` is the
rendering of one file under `benchmarks/`:

| block | file | written by |
| --- | --- | --- |
| `bench` | `benchmarks/bench.txt` | `make bench` (what it printed) |
| `suite` | `benchmarks/suite-profile.json` | `make bench BENCH_ARGS=--suite` (the suite's time by phase) |
| `scale` | `benchmarks/scale.json` | `make bench BENCH_ARGS=--scale` (1x and 10x the content) |

`python -m snippetkit.devtools.readme_figures` rewrites the blocks; `--check` exits 1 naming each
block that differs from its file (tests/test_readme.py runs the check).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from snippetkit import ROOT
from snippetkit.devtools import scale, suite_profile

README = ROOT / "README.md"
BENCHMARKS = ROOT / "benchmarks"
SOURCES = {"bench": "bench.txt", "suite": "suite-profile.json", "scale": "scale.json"}
COMMANDS = {"bench": "make bench", "suite": "make bench BENCH_ARGS=--suite", "scale": "make bench BENCH_ARGS=--scale"}


def render(name: str, folder: Path = BENCHMARKS) -> str:
    """The block's body: the file's figures as text (a fenced block) or a table."""
    path = folder / SOURCES[name]
    if not path.is_file():
        return f"(not measured yet: `{COMMANDS[name]}` writes `benchmarks/{SOURCES[name]}`)"
    if name == "bench":
        return "```text\n" + path.read_text(encoding="utf-8").rstrip("\n") + "\n```"
    data = json.loads(path.read_text(encoding="utf-8"))
    if name == "suite":
        return "```text\n" + "\n".join(suite_profile.table(data)) + "\n```"
    return scale.markdown_table(data)


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- figures:{name}\b[^>]*-->\n)(?P<body>.*?)(<!-- /figures:{name} -->)", re.S)


def regenerate(readme: str, folder: Path = BENCHMARKS) -> tuple[str, list[str]]:
    """(the README with every block rendered anew, the names of the blocks that changed)."""
    changed = []
    for name in SOURCES:
        pattern = _block(name)
        m = pattern.search(readme)
        if m is None:
            raise ValueError(f"README.md: no block `<!-- figures:{name} -->` ... `<!-- /figures:{name} -->`")
        body = render(name, folder) + "\n"
        if m["body"] != body:
            changed.append(name)
            readme = readme[:m.start("body")] + body + readme[m.end("body"):]
    return readme, changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    new, changed = regenerate(text)
    if "--check" in args:
        for name in changed:
            print(f"README.md: the `{name}` figures differ from benchmarks/{SOURCES[name]}: run "
                  f"`python -m snippetkit.devtools.readme_figures`", file=sys.stderr)
        return 1 if changed else 0
    README.write_text(new, encoding="utf-8")
    print(f"README.md: {', '.join(changed) or 'no'} block(s) rewritten from benchmarks/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
