"""Worker processes that die with their parent: `ingest --jobs N` and the server's analysis pool use them.

A worker killed with its parent matters: after `kill -9` of `ingest --jobs 2` the workers (each holding a
pipeline, ~640 MB) and multiprocessing's resource tracker used to stay, blocked on a pipe, for minutes. On Linux
each worker asks the kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG, through ctypes); elsewhere
a daemon thread polls the parent's pid. The resource tracker exits by itself once no process holds its pipe.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_INTERVAL_S = 0.5


def _pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when the thread that started it ends; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(WATCH_INTERVAL_S)


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a worker process (a pool's initializer), with the parent's pid from before the start.

    The parent's pid is passed in rather than read here: if the parent died while this worker was starting,
    `os.getppid()` already names another process, and the worker exits at once.
    """
    if not _pdeathsig():
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="watch-parent").start()
    if os.getppid() != parent_pid:
        os._exit(1)
