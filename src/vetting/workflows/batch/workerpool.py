"""Chunks run in a pool of worker processes, results in input order; a worker that dies ends the run.

ProcessPoolExecutor notices a dead worker in its manager thread, which waits on the result pipe and
the workers' sentinels together. A worker killed while it is writing a result (``kill -9``, the
out-of-memory killer) leaves part of a message in that pipe: the manager thread reads it and waits
for the rest for ever, so BrokenProcessPool never comes and neither does any other result (the
other workers wait for the pipe's lock, which the dead one held). So the main thread does not rely
on the manager thread: it waits for each result POLL_SECONDS at a time and, in between, looks at
the workers itself. When one has died, it kills the others and closes this process's copy of the
result pipe's writing end: the stuck read then ends (end of file) and the manager thread finishes
the way it does for a pool it found broken itself. Nothing is left running, so the interpreter's
exit, which joins the pool's manager thread (``concurrent.futures.process._python_exit``, registered
with ``threading._register_atexit``) and every non-daemon thread, does not wait for ever either.

This reads three private attributes of ProcessPoolExecutor (CPython 3.11 and 3.12): ``_processes``,
``_executor_manager_thread`` and ``_result_queue``; tests/test_batch_workers.py breaks a pool the
way ``kill -9`` does, halfway through a result, and would fail if they changed.
"""
from __future__ import annotations

import collections
import concurrent.futures
import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from ...io.errors import VettingError, said
from .outdir import forget_lock

POLL_SECONDS = 0.2  # how long a dead worker can go unnoticed; a result that is ready is taken at once
STOP_SECONDS = 10.0  # how long the pool's own thread is given to finish once the workers are gone


class WorkerDied(VettingError):
    """A worker process ended without returning its chunk (killed: out of memory, ``kill -9``, a crash
    in a C extension). The run stops with exit code EXIT_WORKER instead of waiting for it forever."""

    exit_code = 4


EXIT_WORKER = WorkerDied.exit_code


def _worker_start(lock_fd: int | None):
    """In a pool worker: Ctrl-C is the parent's to handle (it stops the pool), and SIGTERM, which
    the parent's pool sends to stop a worker, ends it quietly (a forked worker inherits the CLI's
    SIGTERM handler, which would raise and print a traceback). The worker lets go of the output
    folder's lock (outdir.forget_lock), and dies with its parent (Linux: PR_SET_PDEATHSIG), so a
    parent killed with SIGKILL leaves no worker behind holding anything."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    forget_lock(lock_fd)
    _die_with_parent()


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own pipes end the worker when the parent goes
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def pooled(fn: Callable, items: Iterable, args: tuple, workers: int, lock_fd: int | None = None) -> Iterator:
    """``fn(item, *args)`` for each item, in ``workers`` processes, yielded in input order with at most
    2 × workers items in flight. A worker that dies raises WorkerDied (the others are stopped)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    window = collections.deque()
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start, initargs=(lock_fd,))
    try:
        for item in items:
            window.append(pool.submit(fn, item, *args))
            if len(window) >= 2 * workers:
                yield _result(window.popleft(), pool)
        while window:
            yield _result(window.popleft(), pool)
    except BrokenProcessPool:
        raise WorkerDied(said("worker_died")) from None
    finally:
        _stop(pool)


def _result(future: concurrent.futures.Future, pool: ProcessPoolExecutor):
    """The future's result, or BrokenProcessPool as soon as a worker is seen dead, whether or not
    the pool's manager thread noticed it."""
    while not concurrent.futures.wait([future], timeout=POLL_SECONDS).done:
        if _dead(list(pool._processes.values())):
            raise BrokenProcessPool("a worker process died")
    return future.result()


def _dead(processes) -> bool:
    """A worker has ended other than by being told to (a worker the pool stops exits with 0)."""
    return any(p.exitcode not in (None, 0) for p in processes)


def _stop(pool: ProcessPoolExecutor) -> None:
    """The pool shut down (what is queued cancelled, the chunks being assessed finished), as
    ``pool.shutdown(wait=True)`` does; but if a worker is dead, or dies meanwhile, the rest are
    killed instead of waited for, and the pool's manager thread is freed (see the module's doc)."""
    processes = list((pool._processes or {}).values())
    manager, results = pool._executor_manager_thread, pool._result_queue
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is None:  # nothing was ever submitted
        return
    while manager.is_alive() and not _dead(processes):
        manager.join(POLL_SECONDS)
    if manager.is_alive():
        for p in processes:
            p.kill()
        for p in processes:
            p.join(STOP_SECONDS)
        results._writer.close()  # the other writing ends died with the workers: the manager's read ends
        manager.join(STOP_SECONDS)
    if not manager.is_alive():
        results.close()
