"""Running one snippet in this process (snippetkit.execute): isolation, fault reports with path and
line, trimmed tracebacks, output lines, expected failures. Worker processes: tests/test_pool.py."""

from __future__ import annotations

import os
import sys
import textwrap

from snippetkit import model
from snippetkit.engine import execute

RAISES = "x = 1\nprint('before')\ny = x / 0\n"
SYNTAX = "print('ok')\nprint('unterminated)\n"
HANGS = "import time\nwhile True:\n    time.sleep(0.01)\n"
EXITS = "import sys\nsys.exit(3)\n"
OK = "print('hello from', __name__)\n"


def run(root, name, **kwargs):
    return execute.run_snippet(root / name, **kwargs)


def test_discovery_finds_every_py_file_and_nothing_else(make_snippets):
    root = make_snippets({"a/one.py": OK, "b/c/two.py": OK, "a/notes.txt": "x",
                          "_private/helper.py": OK, "a/__pycache__/x.py": OK})
    assert [model.snippet_id(p, root) for p in model.discover(root)] == ["a/one", "b/c/two"]


def test_a_snippet_runs_as_main_and_its_output_is_captured(make_snippets, capsys):
    root = make_snippets({"ok.py": OK})
    result = run(root, "ok.py")
    assert result.ok and result.stdout == "hello from __main__\n"
    assert capsys.readouterr().out == ""  # captured, not leaked


def test_an_exception_is_reported_with_path_and_line(make_snippets):
    root = make_snippets({"bad.py": RAISES})
    result = run(root, "bad.py")
    assert not result.ok
    assert result.line == 3 and result.error == "ZeroDivisionError: division by zero"
    assert result.failure().endswith("bad.py:3: ZeroDivisionError: division by zero")
    assert result.stdout == "before\n"  # what it printed before failing is kept


def test_a_syntax_error_is_reported_with_its_line(make_snippets):
    root = make_snippets({"typo.py": SYNTAX})
    result = run(root, "typo.py")
    assert not result.ok and result.line == 2
    assert result.error.startswith("SyntaxError: unterminated string literal")


def test_a_hanging_snippet_is_stopped(make_snippets):
    root = make_snippets({"hang.py": HANGS})
    result = run(root, "hang.py", timeout=0.5)
    assert not result.ok and result.error.startswith("SnippetTimeout: timed out after 0.5 s")
    assert result.line in (2, 3)


def test_a_non_zero_exit_fails(make_snippets):
    root = make_snippets({"exit.py": EXITS})
    result = run(root, "exit.py")
    assert not result.ok and result.error == "SystemExit: exit code 3" and result.line == 2


def test_a_failure_does_not_stop_the_others(make_snippets):
    root = make_snippets({"a.py": RAISES, "b.py": OK, "c.py": SYNTAX, "d.py": OK})
    results = [execute.run_snippet(p) for p in model.discover(root)]
    assert [r.ok for r in results] == [False, True, False, True]


def test_isolation_working_directory_argv_and_state(make_snippets):
    root = make_snippets({
        "writes.py": "open('out.txt', 'w').write('x')\nimport os, sys\nprint(os.getcwd())\nprint(sys.argv)\n"
                     "import random\nprint(random.random())\n",
    })
    cwd = os.getcwd()
    first, second = run(root, "writes.py"), run(root, "writes.py")
    assert first.ok and second.ok and os.getcwd() == cwd
    workdir, argv, rand = first.stdout.splitlines()
    assert workdir != cwd and not os.path.exists(workdir)  # a temporary folder, removed afterwards
    assert argv == repr([str(root / "writes.py")])
    assert rand == second.stdout.splitlines()[2]  # the same fresh seed for every snippet


def test_keras_state_is_cleared_between_snippets(make_snippets):
    code = textwrap.dedent("""\
        import keras
        layer = keras.layers.Dense(1)
        print(layer.name)
    """)
    root = make_snippets({"a.py": code})
    assert run(root, "a.py").stdout == run(root, "a.py").stdout == "dense\n"


FIGURE = textwrap.dedent("""\
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(num="A straight line from (0, 0) to (1, 1)")
    ax.plot([0, 1], [0, 1])
    plt.show()
""")


def test_figures_are_captured_as_svg_with_alt_text(make_snippets):
    root = make_snippets({"fig.py": FIGURE})
    result = run(root, "fig.py")
    assert result.ok, result.error
    [figure] = result.figures
    assert figure.alt == "A straight line from (0, 0) to (1, 1)" and figure.svg.lstrip().startswith("<?xml")
    assert figure.dark_svg.lstrip().startswith("<?xml") and figure.dark_svg != figure.svg and figure.line == 2
    assert "matplotlib.pyplot" not in sys.modules or not sys.modules["matplotlib.pyplot"].get_fignums()


def test_a_figure_without_alt_text_fails_the_snippet(make_snippets):
    root = make_snippets({"noalt.py": "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n"})
    result = run(root, "noalt.py")
    assert not result.ok and "has no alt text" in result.error


def test_a_figure_that_cannot_be_saved_fails_the_snippet(make_snippets):
    code = FIGURE.replace("plt.show()", "fig.savefig = None\nimport math\n"
                          "ax.set_xlim(0, math.inf) if False else None\n"
                          "ax.text(0, 0, r'$\\\\notacommand$')\n")
    root = make_snippets({"badfig.py": code})
    result = run(root, "badfig.py")
    assert not result.ok and "could not be saved as SVG" in result.error


def test_output_that_bypasses_sys_stdout_is_an_error(make_snippets):
    root = make_snippets({"fd1.py": "import os\nprint('via print')\nos.write(1, b'direct\\n')\n"})
    result = run(root, "fd1.py")
    assert not result.ok and "wrote 7 bytes to file descriptor 1 directly" in result.error


def test_replacing_sys_stdout_is_an_error(make_snippets):
    root = make_snippets({"swap.py": "import io, sys\nsys.stdout = io.StringIO()\nprint('lost')\n"})
    result = run(root, "swap.py")
    assert not result.ok and "replaced sys.stdout" in result.error


def test_an_expected_error_that_happens_passes(make_snippets):
    root = make_snippets({"errata.py": "# expect-error: ZeroDivisionError: division by zero\n" + RAISES})
    result = run(root, "errata.py")
    assert result.ok
    assert "ZeroDivisionError: division by zero" in result.stdout


def test_an_expected_error_that_does_not_happen_fails(make_snippets):
    root = make_snippets({"errata.py": "# expect-error: ZeroDivisionError\n" + OK})
    result = run(root, "errata.py")
    assert not result.ok and result.error == "expected ZeroDivisionError, but it ran without error"


def test_a_different_error_than_expected_fails(make_snippets):
    root = make_snippets({"errata.py": "# expect-error: ImportError: Sequentail\n" + RAISES})
    result = run(root, "errata.py")
    assert not result.ok
    assert result.error == "expected ImportError: Sequentail, but got ZeroDivisionError: division by zero"


def test_an_expected_syntax_error(make_snippets):
    root = make_snippets({"typo.py": "# expect-error: SyntaxError: unterminated string literal\n" + SYNTAX})
    assert run(root, "typo.py").ok


def test_seed_offset_shifts_the_seeds_a_snippet_sets(make_snippets):
    code = "import numpy as np\nprint(np.random.default_rng(0).integers(1 << 30))\n"
    root = make_snippets({"seeded.py": code})
    base, same, shifted = run(root, "seeded.py"), run(root, "seeded.py"), run(root, "seeded.py", seed_offset=1)
    assert base.stdout == same.stdout != shifted.stdout
    import numpy as np
    assert shifted.stdout.strip() == str(np.random.default_rng(1).integers(1 << 30))
    assert np.random.default_rng(0).integers(1 << 30) == int(base.stdout)  # patch undone




def test_sys_exit_zero_before_the_end_fails(make_snippets):
    root = make_snippets({"early.py": "import sys\nprint('a')\nsys.exit()\nprint('b')\n"})
    result = run(root, "early.py")
    assert not result.ok and result.line == 3
    assert result.error.startswith("SystemExit: exit code 0 (sys.exit() before the end")


def test_the_traceback_shows_the_snippets_own_frames_only(make_snippets):
    code = "import json\n\ndef parse(text):\n    return json.loads(text)\n\nparse('{not json')\n"
    root = make_snippets({"tb.py": code})
    result = run(root, "tb.py")
    assert not result.ok and result.line == 4
    assert str(root / "tb.py") in result.traceback and "line 6" in result.traceback and "line 4" in result.traceback
    assert "json/decoder.py" not in result.traceback and "runpy" not in result.traceback
    assert result.traceback.rstrip().endswith("json.decoder.JSONDecodeError: Expecting property name enclosed "
                                              "in double quotes: line 1 column 2 (char 1)")


def test_stdout_is_kept_with_the_lines_that_printed_it(make_snippets):
    code = "def show(x):\n    print('value', x)\n\nprint('start')\nfor i in range(2):\n    show(i)\nprint('end')\n"
    root = make_snippets({"lines.py": code})
    result = run(root, "lines.py")
    assert result.ok and result.stdout == "start\nvalue 0\nvalue 1\nend\n"
    assert result.stdout_lines == [(4, "start\n"), (2, "value 0\nvalue 1\n"), (7, "end\n")]
    assert "".join(text for _, text in result.stdout_lines) == result.stdout


def test_printing_more_than_the_limit_fails_naming_the_limit(make_snippets):
    root = make_snippets({"big.py": "for i in range(200_000):\n    print('x' * 50)\n"})
    result = run(root, "big.py")
    assert not result.ok and result.line == 2
    assert "printed more than 1,000,000 characters" in result.error and "max_output_bytes" in result.error


def test_a_thread_left_running_fails_the_snippet(make_snippets):
    code = ("import threading, time\n"
            "threading.Thread(target=time.sleep, args=(3,), name='sleeper').start()\nprint('started')\n")
    root = make_snippets({"thread.py": code})
    result = run(root, "thread.py")
    assert not result.ok and result.error.startswith("LeftRunning: the snippet left 1 non-daemon thread(s)")
    assert "sleeper" in result.error  # (the thread ends by itself in 3 s)
