"""One test per snippet (its id is the snippet's path): it runs, and the page shows what it prints.

- `test_snippet[chapter/name]` runs the snippet in this process (see snippetkit.runner) and fails
  with `snippets/chapter/name.py:LINE: Error: message` when it raises, hangs or exits non-zero.
  It then compares what the snippet printed with the cached output the site shows for the same
  key: the text must match exactly, numbers within snippetkit.outputs' tolerance. With no entry
  yet, it stores one, which the site build then uses.
- `test_snippet_other_seed[chapter/name]` runs it again with every seed it sets shifted by one:
  its asserted claims must not depend on one seed.
"""

from __future__ import annotations

import pytest

from snippetkit import cache, outputs, runner

SNIPPETS = runner.discover()
IDS = [runner.snippet_id(p) for p in SNIPPETS]
STORE = cache.Cache()


def _fail_with(result: runner.Result) -> None:
    details = [result.failure()]
    if result.traceback:
        details += ["", result.traceback.rstrip()]
    if result.stdout.strip():
        details += ["", "--- what it printed ---", result.stdout.rstrip()]
    pytest.fail("\n".join(details), pytrace=False)


def test_snippets_exist():
    assert len(SNIPPETS) >= 8, f"only {len(SNIPPETS)} snippets under snippets/"


@pytest.mark.parametrize("path", SNIPPETS, ids=IDS)
def test_snippet(path):
    result = runner.run_snippet(path)
    if not result.ok:
        _fail_with(result)
    where = runner.display_path(path)
    assert result.stdout.strip() or result.figures, (
        f"{where} printed nothing and drew nothing: a block on the site shows what its program does")
    shown = STORE.read_or_discard(path, warn=print)
    if shown is None:
        STORE.write(path, result, device=runner.describe_device())
        return
    difference = outputs.first_difference(shown.stdout, result.stdout)
    assert difference is None, (
        f"{where}: the site shows output that differs from what the snippet prints now: {difference}."
        f" The snippet is not deterministic, or the cache is stale: remove"
        f" {runner.display_path(STORE.entry_dir(path).parent)} and run it again.")
    assert [f.alt for f in shown.figures] == [f.alt for f in result.figures], (
        f"{where}: the site shows other figures than the snippet draws now")


@pytest.mark.parametrize("path", SNIPPETS, ids=IDS)
def test_snippet_other_seed(path):
    result = runner.run_snippet(path, seed_offset=1)
    if not result.ok:
        _fail_with(result)
