"""The verification report's section on general claims: each sentence of the site that states a rule
for a whole domain, with its domain and the check that searches it, or the reason it needs none.

It renders what `snippetkit.checks.general.check_site` found (the report calls it): the bound claims
in one table (domain, and the check: a Hypothesis property with its `@given(...)` strategy as
written, or a snippet's sweep with the worst case it printed), the allowed ones folded, grouped by
kind, and the problems, if any (the strict build fails on them before this page is written).
"""

from __future__ import annotations

from collections import Counter

from snippetkit.checks.general import ALLOWANCES, DATA_NAME, Found, Result

CHECK_URL = "tests/test_general_properties.py"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {_cell(text)} {ticks}" if ticks == "``" else f"`{_cell(text)}`"


def _where(where: str) -> str:
    if where.startswith("errata.yml#"):
        entry = where.split("#", 1)[1]
        return f"[errata: {entry}](errata.md#{entry})"
    if where.endswith(".md"):
        return f"[{where}]({where})"
    return _code(where)


def _sentence(f: Found) -> str:
    """The sentence as written, its links to its own page's sections made links to that page."""
    page = f.sentence.where if f.sentence.where.endswith(".md") else ""
    return _cell(f.sentence.text.replace("](#", f"]({page}#") if page else f.sentence.text)


def _check(f: Found) -> str:
    c = f.claim
    if "::" in c.check:
        file, _, name = c.check.partition("::")
        strategy = f" {_code(f.strategy)}" if f.strategy else ""
        return f"property {_code(name)} in `{file}`{strategy}"
    return f"sweep: {_code(c.check.removeprefix('snippets/'))} prints {_code(c.line)}"


def render(result: Result) -> list[str]:
    """The section, as markdown lines."""
    found = result.found
    bound = [f for f in found if f.claim is not None and not f.claim.allow]
    allowed = [f for f in found if f.claim is not None and f.claim.allow and f.claim.allow != "pending"]
    pending = [f for f in found if f.claim is not None and f.claim.allow == "pending"]
    unbound = [f for f in found if f.claim is None]
    properties = sum("::" in f.claim.check for f in bound)
    out = ["## General claims", "",
           f"**{len(found)}** sentences of the pages, the corrections, the programs' comments, captions and "
           f"exercise messages state a rule for a whole domain (a word such as *always*, *never*, *every*, "
           f"*whatever*, *keeps*: the list and why it is that list are in `snippetkit/checks/general.py`), or are "
           f"bound to a check without one. **{len(bound)}** are bound to a check that searches their domain "
           f"(**{properties}** to a Hypothesis property in `{CHECK_URL}`, **{len(bound) - properties}** to a sweep "
           f"that a program printed with its worst case); **{len(allowed)}** need no search, each with its reason "
           f"in `docs/{DATA_NAME}`; **{len(pending)}** are wrong or unsearched and pending a rewrite by another "
           f"change{' (listed below)' if pending else ''}; **{len(unbound)}** have neither.", ""]
    if result.problems:
        out += [f"**{len(result.problems)} problems** (`python -m snippetkit.checks.general`):", ""]
        out += [f"- {_cell(str(p))}" for p in result.problems]
        out.append("")
    if bound:
        out += ["| Where | Sentence | Domain (its words) | Check |", "| --- | --- | --- | --- |"]
        for f in bound:
            out.append(f"| {_where(f.sentence.where)} | {_sentence(f)} | {_cell(f.claim.domain)} | "
                       f"{_check(f)} |")
        out.append("")
    if pending:
        out += ["**Pending a rewrite** (" + ALLOWANCES["pending"] + "):", ""]
        out += [f"- {_where(f.sentence.where)}: {_cell(f.sentence.text)} ({_cell(f.claim.reason)})" for f in pending]
        out.append("")
    if allowed:
        kinds = Counter(f.claim.allow for f in allowed)
        summary = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        out += [f'??? note "{len(allowed)} general sentences that need no search, each with its reason ({summary})"',
                ""]
        for kind, _ in kinds.most_common():
            out += [f"    **{kind}**: {ALLOWANCES[kind]}.", "",
                    "    | Where | Sentence (a fragment) | Reason |", "    | --- | --- | --- |"]
            out += [f"    | {_where(f.sentence.where)} | {_cell(f.claim.sentence)} | {_cell(f.claim.reason)} |"
                    for f in allowed if f.claim.allow == kind]
            out.append("")
    return out
