"""The runner's promises: isolation, fault reports with path and line, expected failures, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from snippetkit import ROOT, runner

RAISES = "x = 1\nprint('before')\ny = x / 0\n"
SYNTAX = "print('ok')\nprint('unterminated)\n"
HANGS = "import time\nwhile True:\n    time.sleep(0.01)\n"
EXITS = "import sys\nsys.exit(3)\n"
OK = "print('hello from', __name__)\n"


def run(root, name, **kwargs):
    return runner.run_snippet(root / name, **kwargs)


def test_discovery_finds_every_py_file_and_nothing_else(make_snippets):
    root = make_snippets({"a/one.py": OK, "b/c/two.py": OK, "a/notes.txt": "x",
                          "_private/helper.py": OK, "a/__pycache__/x.py": OK})
    assert [runner.snippet_id(p, root) for p in runner.discover(root)] == ["a/one", "b/c/two"]


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
    results = runner.run_all(runner.discover(root))
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


# ---- the command line (a real process, as a reader or CI runs it) ----------------------------

def cli(*args, root):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "snippetkit.runner", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_cli_names_the_failing_snippet_runs_the_rest_and_exits_1(make_snippets):
    root = make_snippets({"a/bad.py": RAISES, "a/good.py": OK, "b/typo.py": SYNTAX})
    proc = cli(root=root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert "PASS a/good" in out
    assert "FAIL a/bad" in out and "a/bad.py:3: ZeroDivisionError: division by zero" in out
    assert "b/typo.py:2: SyntaxError: unterminated string literal" in out
    assert "1 passed, 2 failed" in out
    assert out.startswith("device: CPU") or out.startswith("device: GPU")


def test_cli_runs_named_snippets_only(make_snippets):
    root = make_snippets({"a/bad.py": RAISES, "a/good.py": OK})
    proc = cli("a/good", root=root)
    assert proc.returncode == 0 and "1 passed, 0 failed" in proc.stdout and "a/bad" not in proc.stdout


def test_cli_unknown_name_gives_close_matches_and_exit_2(make_snippets):
    root = make_snippets({"training/digits01.py": OK})
    proc = cli("traning/digits01", root=root)
    assert proc.returncode == 2
    assert "unknown snippet 'traning/digits01'; did you mean: training/digits01?" in proc.stderr


def test_cli_list(make_snippets):
    root = make_snippets({"x/one.py": OK, "x/two.py": OK})
    proc = cli("--list", root=root)
    assert proc.returncode == 0 and proc.stdout.split() == ["x/one", "x/two"]


@pytest.mark.skipif(runner.gpu_available(), reason="this machine has a GPU")
def test_cli_require_gpu_on_a_cpu_machine_exits_3(make_snippets):
    root = make_snippets({"ok.py": OK})
    proc = cli("--require-gpu", root=root)
    assert proc.returncode == 3 and "--require-gpu was given but TensorFlow sees no GPU" in proc.stderr
    assert "PASS" not in proc.stdout


def test_cli_bad_root_is_named(tmp_path):
    proc = cli(root=tmp_path / "nowhere")
    assert proc.returncode == 2 and "nowhere: no such folder" in proc.stderr
