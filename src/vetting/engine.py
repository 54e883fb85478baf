"""The only module that talks to durable-rules.

durable-rules 2.0.28 is unmaintained and has sharp edges (design/durable-rules.md).
This adapter applies the measured safe pattern and hides every trap:

* one Host per process, created lazily (so it is created after a fork), with the
  background timer threads disabled (they run actions off-thread and segfault);
* the ruleset is compiled once per rule set and reused for every deal;
* a sink rule matches every fact, so an unmatched fact never raises and never
  discards the batch's actions;
* a lowest-priority rule always fires on the deal fact, so ``delete_state``
  never frees a session that fired nothing (a segfault);
* children are asserted first and the deal fact last, and every rule's deal
  pattern comes first, the order in which negation is evaluated correctly;
* every fact has a unique ``id``; each deal runs in its own session that is
  deleted in ``finally`` (the 1024-live-session limit never recovers);
* an exception inside an action is re-raised as EngineError after the call
  instead of being swallowed.
"""
from __future__ import annotations

import itertools
import os
import sys
import threading
import warnings

from .errors import EngineError

if sys.version_info >= (3, 13):  # pragma: no cover - checked by the CLI too
    raise ImportError("vetting needs Python 3.11 or 3.12: durable-rules 2.0.28 does not import on Python 3.13+")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from durable import engine as _durable

SINK = "__sink__"
ALWAYS = "__always__"
_names = itertools.count()


class _QuietHost(_durable.Host):
    """A Host without the two re-arming timer threads."""

    def _run(self):  # noqa: D401 - overrides the timer start-up
        return None


class Engine:
    """A compiled ruleset: ``fire(facts)`` returns the (rule id, subject) pairs that hold."""

    def __init__(self, rules: dict[str, list[dict]]):
        """``rules`` maps a rule id to its durable-rules ``all`` pattern list."""
        self._patterns = rules
        self._name = f"vetting{next(_names)}_{os.getpid()}"
        self._host = None
        self._pid = None
        self._fired: list[tuple[str, str]] = []
        self._errors: list[str] = []
        self._sids = itertools.count()
        self._lock = threading.Lock()

    # -- compilation ---------------------------------------------------------
    def _action(self, rule_id: str):
        fired, errors = self._fired, self._errors

        def run(c):
            try:
                subj = c.subj
                fired.append((rule_id, subj["id"] if subj is not None else "deal"))
            except BaseException as e:  # never let durable swallow it
                errors.append(f"{rule_id}: {type(e).__name__}: {e}")

        return run

    def _compile(self):
        ruleset = {}
        for rule_id, patterns in self._patterns.items():
            # set_rulesets mutates its input: give it fresh dicts every time.
            ruleset[rule_id] = {"all": _copy(patterns), "run": self._action(rule_id)}
        ruleset[SINK] = {"all": [{"a": {"$ex": {"kind": 1}}}, {"b": {"kind": "__never__"}}], "run": _noop}
        ruleset[ALWAYS] = {"all": [{"d": {"kind": "deal"}}], "pri": 1000, "run": _noop}
        host = _QuietHost()
        try:
            host.set_rulesets({self._name: ruleset})
        except Exception as e:
            raise EngineError(f"the rule engine rejected the rule set: {e}") from None
        return host

    @property
    def host(self):
        if self._host is None or self._pid != os.getpid():
            self._host = self._compile()
            self._pid = os.getpid()
        return self._host

    # -- running -------------------------------------------------------------
    def fire(self, deal_fact: dict, children: list[dict]) -> set[tuple[str, str]]:
        """Assert one deal's facts in a fresh session; return what fired."""
        with self._lock:
            host = self.host
            sid = str(next(self._sids))
            facts = [dict(f, sid=sid) for f in children]
            facts.append(dict(deal_fact, sid=sid))
            self._fired.clear()
            self._errors.clear()
            try:
                host.assert_facts(self._name, facts)
                state = host.get_state(self._name, sid)
            except Exception as e:
                raise EngineError(f"the rule engine failed on this deal: {type(e).__name__}: {e}") from None
            finally:
                try:
                    host.delete_state(self._name, sid)
                except Exception:  # 309: session unknown — nothing to free
                    pass
            if self._errors:
                raise EngineError("a rule action failed: " + "; ".join(self._errors))
            if state and "exception" in state:
                raise EngineError(f"the rule engine swallowed an exception: {state['exception']}")
            return set(self._fired)


def _noop(c):
    return None


def _copy(x):
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    return x
