"""`make bench`: how fast the runner and the site build are, against their targets.

Prints, over all snippets:

- TensorFlow's import time (a fresh process, minus Python's own start-up);
- wall time of the runner (`snippets`, one process for all) and of one `python snippets/X.py`
  process per snippet, and their ratio (target: the runner at least 4x faster);
- the floor, one import plus the sum of the snippets' own compute (measured inside the runner),
  and the runner's wall time over it (target: within 1.3x);
- the warm site build: `mkdocs build` with every output cached, with TensorFlow forbidden in the
  build process (target: at most 5 s).

Timings are wall-clock on this machine, one run each (the runs take minutes); compare figures
taken on the same machine only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippetkit import ROOT
from snippetkit.runner import discover, display_path

TARGET_SPEEDUP = 4.0
TARGET_FLOOR_RATIO = 1.3
TARGET_WARM_BUILD = 5.0

ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}


def timed(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if check and proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def line(label: str, value: str, verdict: str = "") -> None:
    print(f"  {label:<52} {value:>12}  {verdict}")


def verdict(ok: bool, target: str) -> str:
    return f"{'meets' if ok else 'MISSES'} target {target}"


def main() -> int:
    py = sys.executable
    snippets = discover()
    print(f"bench: {len(snippets)} snippets, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

    startup = min(timed([py, "-c", "pass"]) for _ in range(3))
    tf_import = timed([py, "-c", "import tensorflow"]) - startup

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        runner_wall = timed([py, "-m", "snippetkit.runner", "--cache", "--json", str(report)])
        results = json.loads(report.read_text())
    compute = sum(r["duration"] for r in results)

    per_process = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in snippets:
            per_process += timed([py, str(path)], cwd=Path(tmp), check=False)

    floor = tf_import + startup + compute
    print("\nRunner (all snippets)")
    line("TensorFlow import", f"{tf_import:.1f} s")
    line("one process per snippet (python snippets/X.py)", f"{per_process:.1f} s")
    line("the runner (one process)", f"{runner_wall:.1f} s")
    speedup = per_process / runner_wall
    line("speed-up", f"{speedup:.1f}x", verdict(speedup >= TARGET_SPEEDUP, f">= {TARGET_SPEEDUP:g}x"))
    line("floor: start-up + import + snippets' own compute", f"{floor:.1f} s")
    ratio = runner_wall / floor
    line("runner / floor", f"{ratio:.2f}x", verdict(ratio <= TARGET_FLOOR_RATIO, f"<= {TARGET_FLOOR_RATIO:g}x"))
    slowest = sorted(results, key=lambda r: -r["duration"])[:5]
    print("  slowest snippets: " + ", ".join(f"{r['name']} {r['duration']:.1f} s" for r in slowest))

    print("\nSite build")
    with tempfile.TemporaryDirectory() as tmp:
        build = [py, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp]
        first = timed(build)  # fills mkdocs-jupyter's cache if it was cold
        warm_env = {**ENV, "SNIPPETKIT_FORBID_TENSORFLOW": "1"}
        warm = min(timed(build, env=warm_env) for _ in range(2))
    line("first build after the runner", f"{first:.1f} s")
    line("warm build (no snippet runs, TensorFlow not imported)", f"{warm:.1f} s",
         verdict(warm <= TARGET_WARM_BUILD, f"<= {TARGET_WARM_BUILD:g} s"))
    print(f"\n(cache: {display_path(ROOT / '.cache')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
