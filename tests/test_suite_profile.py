"""The suite profile (snippetkit/devtools/suite_profile.py): its phases add up to the wall clock, and
time goes to the phase that spent it (a site build inside another test's set-up counts as a build)."""

from __future__ import annotations

import json
import subprocess
import sys

from snippetkit import ROOT
from snippetkit.devtools import suite_profile

CONFTEST = '''
import time
import pytest

@pytest.fixture(scope="session")
def site():
    time.sleep(0.6)  # a site build, set up inside the first test that asks for it
    return "built"
'''
OTHER = '''
import time

def test_plain():
    time.sleep(0.1)
'''
BROWSER = '''
import time

def test_uses_the_site(site):
    time.sleep(0.2)
'''
SITE = '''
import time

def test_a_build():
    time.sleep(0.3)
'''


def test_phases_add_up_and_a_build_in_a_set_up_counts_as_a_build(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "conftest.py").write_text(CONFTEST)
    (tests / "test_other.py").write_text(OTHER)
    (tests / "test_site.py").write_text(SITE)
    (tests / "test_browser.py").write_text(BROWSER)
    out = tmp_path / "profile.json"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "snippetkit.devtools.suite_profile",
                           "--suite-profile-json", str(out), "-p", "no:cacheprovider", "tests"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    phases = data["phases"]
    assert abs(sum(phases.values()) - data["total"]) < 1e-6, phases
    assert 0.9 <= phases["site builds"] < 1.5, phases  # the fixture's 0.6 s and test_site.py's 0.3 s
    assert 0.2 <= phases["browser checks"] < 0.5, phases  # its 0.2 s, without the fixture's 0.6 s
    assert 0.1 <= phases["other tests"] < 0.4, phases
    assert data["tests"] == 3 and data["failed"] == 0
    assert "Suite profile: 3 tests, 0 failed" in proc.stdout and "site builds" in proc.stdout


def test_the_pool_lines_split_the_workers_time_by_kind_of_run():
    results = [{"path": "/s/a/x.py", "offset": 0, "duration": 4.0, "overhead": 1.0, "worker": 1},
               {"path": "/s/a/x.py", "offset": 1, "duration": 2.0, "overhead": 0.0, "worker": 2},
               {"path": "/c/a/ex_x.wrong.sign.py", "offset": 0, "duration": 1.0, "overhead": 0.0, "worker": 2}]
    pool = {"started": 100.0, "ended": 110.0, "first_ready": 2.0, "jobs": 2, "workers_started": 2,
            "recycle_after": 150, "results": results}
    lines = suite_profile._pool_lines(pool, cpus=2, started_at=5.0)
    text = "\n".join(lines)
    assert "10.0 s from 5.0 s to 15.0 s" in text
    offset0 = next(line for line in lines if "seed offset 0" in line)
    assert " 2.5 s  25.0%" in offset0 and offset0.rstrip().endswith("2.0 s"), offset0  # (4+1)/2 jobs; 4/2 CPUs
    assert any("exercises: wrong answers" in line for line in lines)
    idle = next(line for line in lines if "not running a snippet" in line)
    assert " 6.0 s" in idle, idle  # 10 s x 2 workers - 8 worker-seconds busy = 12, / 2 jobs = 6


def test_a_saved_profile_prints_and_a_missing_one_is_a_usage_error(tmp_path, capsys):
    assert suite_profile.main([str(tmp_path / "nowhere.json")]) == 2
    assert "usage" in capsys.readouterr().err


def test_the_background_builds_are_a_line_of_their_own():
    data = {"total": 100.0, "cpus": 2, "process_start": 1000.0, "tests": 1, "failed": 0, "load": [0.0, 0.0],
            "phases": {"other tests": 100.0},
            "notes": [{"kind": "site-build", "builder": "zensical", "started": 1050.0, "seconds": 20.0},
                      {"kind": "site-build", "builder": "mkdocs", "started": 1050.5, "seconds": 12.0}]}
    line = next(line for line in suite_profile.table(data) if "site builds, beside the tests" in line)
    assert "mkdocs 12.0 s, zensical 20.0 s, from 50.0 s to 70.0 s" in line, line


def test_a_pool_that_finished_no_run_is_said_not_divided_by_zero():
    # A session stopped before the pool's first result (a crash, an interrupt): ended == started.
    pool = {"started": 100.0, "ended": 100.0, "first_ready": 0.0, "jobs": 2, "workers_started": 2,
            "recycle_after": 150, "results": []}
    lines = suite_profile._pool_lines(pool, cpus=2, started_at=5.0)
    assert lines == ["  snippet pool, beside the tests: no run finished (from 5.0 s; 2 workers, 2 started)"], lines
