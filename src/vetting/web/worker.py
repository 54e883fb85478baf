"""One thread owns the rule engine: every assessment of the server runs there, one after another.

durable-rules keeps its state in C and is not safe to share between threads
(shared/design/durable-rules.md): the web server's request threads hand their work to this worker
through a queue and wait for the answer, so the rule set is compiled, used and freed by one thread.
"""
from __future__ import annotations

import asyncio
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable

_STOP = object()


class EngineWorker:
    """A single thread running submitted calls in order; ``run`` awaits one call's result."""

    def __init__(self, name: str = "vetting-engine"):
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            future, fn, args, kwargs = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as e:  # handed to the waiting request, which reports it
                future.set_exception(e)

    def submit(self, fn: Callable, *args, **kwargs) -> Future:
        future: Future = Future()
        self._jobs.put((future, fn, args, kwargs))
        return future

    async def run(self, fn: Callable, *args, **kwargs) -> Any:
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def stop(self, timeout: float = 5.0) -> None:
        self._jobs.put(_STOP)
        self._thread.join(timeout)
