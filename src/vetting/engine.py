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
* facts the engine refuses (unmatched or duplicate ids, which the two rules
  above rule out) fail that deal only, and its session is first made safe to
  delete;
* an exception inside a Python action (``fire_public``) is re-raised as
  EngineError after the call instead of being swallowed.

``fire`` drives the compiled ruleset through durable-rules' C binding
(``durable_rules_engine``) exactly as its Python layer does, minus that layer's
per-firing machinery (a Closure, two clock reads, a state round trip, JSON
decoding of the matched facts): about three times as fast for the same facts
(``benchmarks/bench_batch.py`` prints both), and it runs no Python action code,
so there is nothing to swallow. ``fire_public`` is the same through the public
``Host.assert_facts`` with Python actions: the test suite checks that both fire
exactly the same rules on hundreds of random deals and on every fixture
(design/durable-rules.md §5 allows the binding only behind such a test), and it
is the benchmark's bare engine loop.
"""
from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import warnings
from typing import NamedTuple

import orjson

from .errors import EngineError

if sys.version_info >= (3, 13):  # pragma: no cover - checked by the CLI too
    raise ImportError("vetting needs Python 3.11 or 3.12: durable-rules 2.0.28 does not import on Python 3.13+")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import durable_rules_engine as _binding
    from durable import engine as _durable

SINK = "__sink__"
ALWAYS = "__always__"
_OWN = (SINK, ALWAYS)
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
        # the rules whose firing names a record (one of their patterns binds the alias "subj")
        self._on_records = frozenset(r for r, patterns in rules.items() if any("subj" in p for p in patterns))
        self._name = f"vetting{next(_names)}_{os.getpid()}"
        self._host = None
        self._handle = None  # the compiled ruleset in the C binding
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
            self._handle = self._host.get_ruleset(self._name)._handle
            self._pid = os.getpid()
        return self._host

    # -- running -------------------------------------------------------------
    def _session(self, deal_fact: dict, children: list[dict]) -> tuple[str, list[dict]]:
        """A fresh session id, and the facts to assert in it: children first, the deal last."""
        sid = str(next(self._sids))
        facts = [dict(f, sid=sid) for f in children]
        facts.append(dict(deal_fact, sid=sid))
        return sid, facts

    def fire(self, deal_fact: dict, children: list[dict]) -> set[tuple[str, str]]:
        """Assert one deal's facts in a fresh session; return what fired (through the C binding)."""
        with self._lock:
            self.host  # compiled (again after a fork)
            handle, rules = self._handle, self._patterns
            sid, facts = self._session(deal_fact, children)
            # each fact's text apart, joined into one JSON list: a firing echoes the texts of the
            # facts it matched, so the record it names is found without decoding it
            texts = list(map(_text, facts))
            fired: set[tuple[str, str]] = set()
            offset = None
            try:
                code, offset = _binding.assert_facts(handle, "[" + ",".join(texts) + "]")
                if code in (1, 2):  # what Host.assert_facts raises as MessageNotHandled / MessageObserved
                    # (cannot happen with the sink rule and unique fact ids). Deleting a session that
                    # ran no action segfaults: run its actions, and if there were none, fire the
                    # always-rule on a stand-in deal fact first.
                    _settle_refused(handle, sid, offset)
                    raise EngineError(f"the rule engine refused this deal's facts (code {code})")
                records = _Echo(texts[-1], [(f["id"], t) for f, t in zip(facts, texts[:-1])])
                _drain(handle, 0 if code == 3 else offset, rules, fired, self._on_records, records)  # code 3: as the public API does
            except EngineError:
                raise
            except Exception as e:
                if offset is not None:
                    try:
                        _binding.abandon_action(handle, offset)
                    except Exception:
                        pass
                raise EngineError(f"the rule engine failed on this deal: {type(e).__name__}: {e}") from None
            finally:
                _free(handle, sid)
            return fired

    def fire_public(self, deal_fact: dict, children: list[dict]) -> set[tuple[str, str]]:
        """``fire`` through durable-rules' public API and Python actions (the reference for ``fire``)."""
        with self._lock:
            host = self.host
            sid, facts = self._session(deal_fact, children)
            self._fired.clear()
            self._errors.clear()
            try:
                host.assert_facts(self._name, facts)
                state = host.get_state(self._name, sid)
            except Exception as e:
                _settle_refused(self._handle, sid, None)
                raise EngineError(f"the rule engine failed on this deal: {type(e).__name__}: {e}") from None
            finally:
                _free(self._handle, sid)
            if self._errors:
                raise EngineError("a rule action failed: " + "; ".join(self._errors))
            if state and "exception" in state:
                raise EngineError(f"the rule engine swallowed an exception: {state['exception']}")
            return set(self._fired)


def _text(fact: dict) -> str:
    """A fact as compact JSON text: orjson (ten times as fast as json.dumps here, and the same text
    for the numbers facts carry: clean_number leaves no exponent); json.dumps for what orjson
    refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(fact).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(fact, ensure_ascii=False, separators=(",", ":"))


class _Echo(NamedTuple):
    """The texts a session's facts were asserted as: the deal's, and (id, text) of each record."""

    deal: str
    records: list[tuple[str, str]]

    def subject(self, rule_id: str, result: str) -> str | None:
        """The id of the record a firing of ``rule_id`` bound as ``subj``, read off the firing's text
        when it is ``{"<rule>":{"d":<deal text>,"subj":<record text>}}`` (how durable-rules echoes
        the facts it matched); None when the text is anything else."""
        head = f'{{"{rule_id}":{{"d":'
        if not result.startswith(head) or not result.startswith(self.deal, len(head)):
            return None
        at = len(head) + len(self.deal)
        if not result.startswith(',"subj":', at):
            return None
        at += 8
        for record_id, text in self.records:  # a whole object's text is never a prefix of another's
            if result.startswith(text, at):
                return record_id
        return None


def _drain(handle, offset: int, rules, fired: set, on_records=frozenset(), echo: _Echo | None = None) -> bool:
    """Run a session's pending actions through the binding, one firing at a time in priority
    order, adding each rule's (id, subject) to ``fired``; False when there was none.

    Each firing comes as ``{"<rule id>": {<alias>: <fact>, ...}}`` (the Python layer acts on its
    first key too). Only rules in ``on_records`` bind a ``subj`` record whose id is needed; it is
    read off the text (``echo``) or, failing that, decoded. The others are read from the text's
    first key without decoding the deal fact it carries."""
    started = _binding.start_action_for_state(handle, offset)
    result = started[1] if started else None
    ran = bool(result)
    while result:
        rule_id = result[2:result.find('"', 2)] if result.startswith('{"') else None
        if rule_id not in rules and rule_id not in _OWN:  # escaped or unexpected text: decode it
            rule_id = next(iter(json.loads(result)), None)
        if rule_id in on_records:
            label = echo.subject(rule_id, result) if echo is not None else None
            if label is None:
                subj = json.loads(result)[rule_id].get("subj")
                label = subj["id"] if subj is not None else "deal"
            fired.add((rule_id, label))
        elif rule_id in rules:  # not the sink or the always-rule
            fired.add((rule_id, "deal"))
        result = _binding.complete_and_start_action(handle, offset)
    return ran


def _free(handle, sid: str) -> None:
    """Delete a deal's session (the 1024-live-session limit never recovers)."""
    try:
        _binding.delete_state(handle, sid)
    except Exception:  # 309: session unknown — nothing to free
        pass


def _settle_refused(handle, sid: str, offset: int | None) -> None:
    """Make a session whose facts were refused safe to delete (deleting one that ran no action
    segfaults): run what it has pending, and if that was nothing, fire the always-rule on a
    stand-in deal fact. Refusals cannot happen with the sink rule and unique fact ids."""
    try:
        if offset is not None and _drain(handle, offset, {}, set()):
            return
        _, flush = _binding.assert_fact(handle, _text({"kind": "deal", "id": "__flush__", "sid": sid}))
        _drain(handle, flush, {}, set())
    except Exception:
        pass


def _noop(c):
    return None


def _copy(x):
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    return x
