"""One test per snippet (its id is the snippet's path): it runs, and the page shows what it prints.

Every selected snippet test's run starts at once in a pool of worker processes (the session
fixture `snippet_runs` in conftest.py); each test waits for its own result.

- `test_snippet[chapter/name]` fails with `snippets/chapter/name.py:LINE: Error: message` when the
  snippet raises, hangs, exits, or kills its worker. It then compares what the snippet printed with
  the cached output the site shows for the same key: the text must match exactly, numbers within
  snippetkit.checks.tolerance. With no entry yet, it stores one, which the site build then uses.
- `test_snippet_other_seed[chapter/name]` runs it again with every seed it sets shifted by one:
  its asserted claims must not depend on one seed. The entry records whether they held.
"""

from __future__ import annotations

import pytest

from snippetkit.cache import Cache
from snippetkit.checks import tolerance
from snippetkit.model import Result, discover, display_path


def _fail_with(result: Result) -> None:
    details = [result.failure()]
    if result.traceback:
        details += ["", result.traceback.rstrip()]
    if result.stdout.strip():
        details += ["", "--- what it printed ---", result.stdout.rstrip()]
    pytest.fail("\n".join(details), pytrace=False)


def test_snippets_exist(snippets_root):
    found = discover(snippets_root)
    assert len(found) >= 8, f"only {len(found)} snippets under {snippets_root}"


def test_snippet(snippet_path, snippet_runs, snippets_root):
    result = snippet_runs.get(snippet_path, 0)
    if not result.ok:
        _fail_with(result)
    where = display_path(snippet_path)
    assert result.stdout.strip() or result.figures, (
        f"{where} printed nothing and drew nothing: a block on the site shows what its program does")
    store = Cache(snippets_root=snippets_root)
    shown = store.read_or_discard(snippet_path, warn=print)
    if shown is None:
        store.write(snippet_path, result, device=snippet_runs.device)
        return
    difference = tolerance.first_difference(shown.stdout, result.stdout)
    assert difference is None, (
        f"{where}: the site shows output that differs from what the snippet prints now: {difference}."
        f" The snippet is not deterministic, or the cache is stale: remove"
        f" {display_path(store.entry_dir(snippet_path).parent)} and run it again.")
    assert [f.alt for f in shown.figures] == [f.alt for f in result.figures], (
        f"{where}: the site shows other figures than the snippet draws now")


def test_snippet_other_seed(snippet_path, snippet_runs, snippets_root):
    result = snippet_runs.get(snippet_path, 1)
    Cache(snippets_root=snippets_root).record_seed(snippet_path, 1, result.ok)
    if not result.ok:
        _fail_with(result)
