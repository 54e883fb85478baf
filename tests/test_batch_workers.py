"""`batch --workers N`: a worker that dies ends the run with WorkerDied (exit code 4), however it died.

The hard case is a worker killed halfway through sending its result: ProcessPoolExecutor's own thread
then waits for the rest of the message for ever and never reports the pool broken (before the fix,
`vetting batch --workers 2` with a worker hit by `kill -9` hung about one time in three). Here a worker
does that on purpose, every time: it writes the first bytes of a result and kills itself. Each case runs
in a child process bounded in time, so a hang fails the test instead of stalling the suite.
"""
from __future__ import annotations

import ast
import multiprocessing
import os
import subprocess
import sys
import textwrap

import pytest

from hostile import ROOT

SCRIPT = textwrap.dedent('''
    import multiprocessing, os, signal, struct, sys, threading, time
    from vetting.workflows.batch.workerpool import WorkerDied, pooled

    def chunk(item, how):
        if item == "die":
            if how == "halfway":
                # the frame that called us is the pool's worker loop: its result queue, lock taken, as a
                # worker sending a result holds it, and a message's length with 10 of its 1000 bytes
                results = sys._getframe(1).f_locals["result_queue"]
                results._wlock.acquire()
                results._writer._send(struct.pack("!i", 1000) + b"x" * 10)
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.02)
        return item * 2

    got = []
    started = time.monotonic()
    try:
        for r in pooled(chunk, [1, 2, 3, 4, 5, 6, "die"] + list(range(7, 40)), (sys.argv[1],), 2):
            got.append(r)
        print("finished", got)
    except WorkerDied as e:
        print("died", got, e.exit_code)
    print("seconds", round(time.monotonic() - started))
    print("threads", [t.name for t in threading.enumerate()])
    print("workers", multiprocessing.active_children())
''')


def _run(how: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", SCRIPT, how], capture_output=True, text=True, timeout=90, env=env)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the worker's function is the script's")
@pytest.mark.parametrize("how", ["halfway", "between"], ids=["killed-halfway-through-a-result", "killed-between-results"])
def test_a_dead_worker_ends_the_run_and_leaves_nothing_running(how):
    try:
        r = _run(how)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the pool hangs after a worker was killed ({how})")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    word, got, code = lines[0].split(" ", 1)[0], *lines[0].split(" ", 1)[1].rsplit(" ", 1)
    assert (word, code) == ("died", "4"), r.stdout
    # what came before is in input order, and nothing from after the dead worker's item (one of the
    # items just before it may be lost too: the other worker could not send it, the pipe's lock held)
    assert ast.literal_eval(got) == [2, 4, 6, 8, 10, 12][:len(ast.literal_eval(got))]
    assert int(lines[1].split()[1]) < 15  # noticed within a fraction of a second (slack for a busy machine)
    assert lines[2:] == ["threads ['MainThread']", "workers []"]  # the pool's thread ended, its workers stopped
    assert "Traceback" not in r.stderr


def test_a_pool_that_nobody_kills_returns_every_result_in_order():
    from vetting.workflows.batch.workerpool import pooled

    assert list(pooled(divmod, range(30), (7,), 2)) == [divmod(i, 7) for i in range(30)]
