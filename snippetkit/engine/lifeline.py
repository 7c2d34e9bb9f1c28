"""No worker outlives its parent, whatever ends the parent.

On Linux the kernel kills a worker when the thread that started it exits (PR_SET_PDEATHSIG; the
pool starts workers from one thread that lives as long as it). Everywhere (macOS too) a small
watcher process in the worker's process group reads a pipe whose write end only the parent holds
and kills the group at its end of file: a thread of the worker would not do, since a snippet stuck
in native code holds the GIL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1
"""prctl(2) option (Linux): the signal a process gets when the thread that created it exits."""


SENTINEL = """
import os, signal, sys
fd, group = int(sys.argv[1]), int(sys.argv[2])
while True:
    try:
        if not os.read(fd, 1):
            break
    except InterruptedError:
        continue
    except OSError:
        break
os.killpg(group, signal.SIGKILL)
"""
"""The watcher of a worker (`python -I -S -c SENTINEL FD GROUP`): at the end of file of the pipe
from the parent, kill the worker's process group (the worker, what a snippet left, itself)."""


def die_with_parent(parent: int, lifeline: int) -> None:
    """End this worker when its parent ends, however it ends (even by SIGKILL), so that no worker
    stuck in a snippet goes on for hours re-parented to init.

    Linux: the kernel sends SIGKILL when the parent's thread that started this process exits
    (PR_SET_PDEATHSIG); the parent may already be gone by the time it is set, hence the check of
    os.getppid(). Everywhere (macOS has no PR_SET_PDEATHSIG): a small watcher process in the
    worker's process group reads `lifeline`, a pipe whose write end only the parent holds, and
    kills the group at its end of file. Not a thread of the worker: a snippet stuck in native
    code such as `sum(range(10**13))` holds the GIL, so no other thread of it would run."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    if os.getpgid(0) == os.getpid():  # the leader of its own group (never kill the parent's)
        subprocess.Popen([sys.executable, "-I", "-S", "-c", SENTINEL, str(lifeline), str(os.getpid())],
                         stdin=subprocess.DEVNULL, pass_fds=(lifeline,))
    os.close(lifeline)
