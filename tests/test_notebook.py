"""Downloads that check themselves: the .ipynb carries the published outputs under the cells that
printed them; the .py ends with an optional comparison under the site's tolerance."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat

from snippetkit.checks import tolerance
from snippetkit.pages import notebook

SOURCE = """\
# # A title
#
# Some prose.

import numpy as np

# --8<-- [start:part]
x = np.float64(0.1192)
print(f"x = {x:.4f}")
# --8<-- [end:part]

# The second half.

y = 2 * x
print(f"y = {y:.4f}")
print("done")
"""
# Lines of SOURCE as written: print x is line 9, print y line 15, print "done" line 16.
STDOUT = "x = 0.1192\ny = 0.2384\ndone\n"


def cells(text):
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_without_outputs_the_notebook_is_as_before():
    code = cells(notebook.to_notebook(SOURCE))
    assert all(c.outputs == [] for c in code) and "8<" not in json.dumps([c.source for c in code])


def test_outputs_go_under_the_cell_that_printed_them():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    text = notebook.to_notebook(SOURCE, stdout=STDOUT,
                                stdout_lines=[[9, "x = 0.1192\n"], [15, "y = 0.2384\n"], [16, "done\n"]],
                                figures=[{"alt": "A plot", "svg": svg, "line": 9}])
    code = cells(text)
    assert "x = np.float64" in code[1].source and "y = 2 * x" in code[2].source
    assert code[0].outputs == []
    assert [o.output_type for o in code[1].outputs] == ["stream", "display_data"]
    assert code[1].outputs[0].text == "x = 0.1192\n"
    assert code[1].outputs[1].data["image/svg+xml"] == svg
    assert code[2].outputs[0].text == "y = 0.2384\ndone\n"  # consecutive chunks of one cell merged
    assert [c.execution_count for c in code] == [1, 2, 3]


def test_without_line_numbers_outputs_go_under_the_last_cell(tmp_path):
    figure = tmp_path / "fig-1.svg"
    figure.write_text("<svg/>")

    class Fig:  # as the cache's FigureFiles: a path to the light SVG, no line
        alt, light, line = "A plot", figure, None

    code = cells(notebook.to_notebook(SOURCE, stdout=STDOUT, figures=[Fig()]))
    assert all(c.outputs == [] for c in code[:-1])
    assert code[-1].outputs[0].text == STDOUT and code[-1].outputs[1].data["image/svg+xml"] == "<svg/>"


def run_compare(tmp_path, source, published):
    path = tmp_path / "prog.py"
    path.write_text(notebook.download_py(source, published, name="prog.py"), encoding="utf-8")
    plain = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=tmp_path)
    compare = subprocess.run([sys.executable, str(path), "--compare"], capture_output=True, text=True,
                             cwd=tmp_path)
    return plain, compare


def test_the_py_runs_and_its_comparison_passes_on_the_published_output(tmp_path):
    text = notebook.download_py(SOURCE, STDOUT, name="prog.py")
    assert text.startswith(notebook.clean_source(SOURCE).rstrip("\n") + "\n")
    assert "snippetkit" not in text and "python prog.py --compare" in text
    plain, compare = run_compare(tmp_path, SOURCE, STDOUT)
    assert plain.returncode == 0 and plain.stdout == STDOUT  # an ordinary run is unchanged
    assert compare.returncode == 0, compare.stdout + compare.stderr
    assert "matches the published one" in compare.stdout


def test_the_comparison_fails_on_a_changed_number(tmp_path):
    _, compare = run_compare(tmp_path, SOURCE, STDOUT.replace("0.2384", "0.2385"))
    assert compare.returncode == 0  # one unit in the last printed digit: within the tolerance
    _, compare = run_compare(tmp_path, SOURCE, STDOUT.replace("0.2384", "0.2394"))
    assert compare.returncode == 1 and "line 2" in compare.stdout and "0.2394" in compare.stdout


def test_the_inlined_rule_is_the_sites_rule(tmp_path):
    pairs = [("0.1234", "0.1235"), ("0.1234", "0.1236"), ("3", "3"), ("3", "4"), ("1e-05", "1.000001e-05"),
             ("15.942385", "15.942400"), ("nan", "nan"), ("inf", "inf"), ("100.0", "100.001"), ("7", "7.0")]
    for shown, now in pairs:
        source = f"print('v = {now}')\n"
        _, compare = run_compare(tmp_path, source, f"v = {shown}\n")
        expected = tolerance.first_difference(f"v = {shown}\n", f"v = {now}\n") is None
        assert (compare.returncode == 0) == expected, (shown, now, compare.stdout)


def test_an_errata_program_gets_its_error_not_a_comparison():
    source = "# expect-error: ImportError: cannot import name 'Sequentail'\nfrom tensorflow.keras import Sequentail\n"
    text = notebook.download_py(source, "ImportError: cannot import name 'Sequentail' from 'x'\n")
    assert "--compare" not in text and "#     ImportError: cannot import name 'Sequentail'" in text
