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
  EngineError after the call instead of being swallowed;
* the rules are split into several durable-rules rule sets ("chunks"), each small
  enough that no fact can reach the engine's limits (docs/engine.md): more than 64
  tests holding for one fact under one node of its network corrupts the heap
  (SIGSEGV/SIGABRT), a node with ~500 distinct tests hangs compilation. Each chunk
  is compiled on its own, so a rule the engine refuses is named.

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

from ..io.errors import EngineError, said
from ..rules.limits import ALL_BUDGET, WIDTH_BUDGET, weight

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
# what durable-rules' compile error codes mean, where known (docs/engine.md)
_CODES = {"113": "too many tests in nested any/all groups (about 32)", "106": "more than 4096 rules in one rule set"}


class _QuietHost(_durable.Host):
    """A Host without the two re-arming timer threads."""

    def _run(self):  # noqa: D401 - overrides the timer start-up
        return None


def chunk(rules: dict[str, list[dict]], width: int = WIDTH_BUDGET, every: int = ALL_BUDGET) -> list[list[str]]:
    """The rule ids split into chunks, each within both budgets on every fact kind (first fit,
    widest rules first; a rule above a budget on its own gets a chunk of its own: rulepack refuses
    such rules before they get here)."""
    weights = {r: weight(p) for r, p in rules.items()}
    size = {r: max((w for w, _ in weights[r].values()), default=0) for r in rules}
    chunks: list[tuple[list[str], dict]] = []
    for r in sorted(rules, key=lambda r: (-size[r], r)):
        for ids, used in chunks:
            if all(used.get(k, (0, 0))[0] + w <= width and used.get(k, (0, 0))[1] + a <= every
                   for k, (w, a) in weights[r].items()):
                break
        else:
            ids, used = [], {}
            chunks.append((ids, used))
        ids.append(r)
        for k, (w, a) in weights[r].items():
            before = used.get(k, (0, 0))
            used[k] = (before[0] + w, before[1] + a)
    return [sorted(ids) for ids, _ in chunks]


def _kinds(x, out: set) -> set:
    """Every fact kind a pattern names (``{"kind": K}``)."""
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "kind" and isinstance(v, str):
                out.add(v)
            else:
                _kinds(v, out)
    elif isinstance(x, list):
        for v in x:
            _kinds(v, out)
    return out


class _Chunk:
    """One durable-rules rule set: a part of the rules, and the record kinds they read."""

    __slots__ = ("name", "patterns", "kinds", "on_records", "handle")

    def __init__(self, name: str, patterns: dict[str, list[dict]]):
        self.name = name
        self.patterns = patterns
        self.kinds = frozenset(_kinds(list(patterns.values()), set()) - {"deal"})
        # the rules whose firing names a record (one of their patterns binds the alias "subj")
        self.on_records = frozenset(r for r, ps in patterns.items() if any("subj" in p for p in ps))
        self.handle = None


class Engine:
    """A compiled ruleset: ``fire(facts)`` returns the (rule id, subject) pairs that hold."""

    def __init__(self, rules: dict[str, list[dict]]):
        """``rules`` maps a rule id to its durable-rules ``all`` pattern list."""
        self._patterns = rules
        base = f"vetting{next(_names)}_{os.getpid()}"
        self._chunks = [_Chunk(f"{base}_{i}", {r: rules[r] for r in ids}) for i, ids in enumerate(chunk(rules))]
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

    def _ruleset(self, patterns: dict[str, list[dict]]) -> dict:
        ruleset = {}
        for rule_id, ps in patterns.items():
            # set_rulesets mutates its input: give it fresh dicts every time.
            ruleset[rule_id] = {"all": _copy(ps), "run": self._action(rule_id)}
        ruleset[SINK] = {"all": [{"a": {"$ex": {"kind": 1}}}, {"b": {"kind": "__never__"}}], "run": _noop}
        ruleset[ALWAYS] = {"all": [{"d": {"kind": "deal"}}], "pri": 1000, "run": _noop}
        return ruleset

    def _compile(self):
        host = _QuietHost()
        for ch in self._chunks:
            try:
                host.set_rulesets({ch.name: self._ruleset(ch.patterns)})
            except Exception as e:
                raise self._refused(host, ch, e) from None
            ch.handle = host.get_ruleset(ch.name)._handle
        return host

    def _refused(self, host, ch: _Chunk, error: Exception) -> EngineError:
        """The EngineError for a chunk the engine refused, naming the rules it refuses on their own."""
        culprits = []
        for rule_id in ch.patterns:
            try:
                host.set_rulesets({f"{ch.name}_{rule_id}": self._ruleset({rule_id: ch.patterns[rule_id]})})
            except Exception as e:
                code = str(e).rpartition("error code: ")[2].strip()
                culprits.append((rule_id, f"{e}: {_CODES[code]}" if code in _CODES else str(e)))
        if not culprits:
            return EngineError(said("engine_rejected_set", detail=str(error)))
        err = EngineError("; ".join(f"{r}: the rule engine rejected this rule: {m}" for r, m in culprits))
        err.rules = tuple(culprits)
        return err

    def compile(self) -> None:
        """Compile every chunk now (it happens on the first deal otherwise): EngineError if refused."""
        self.host

    @property
    def chunks(self) -> list[list[str]]:
        """The rule ids of each durable-rules rule set."""
        return [sorted(ch.patterns) for ch in self._chunks]

    @property
    def host(self):
        if self._host is None or self._pid != os.getpid():
            self._host = None
            self._host = self._compile()
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
        """Assert one deal's facts in a fresh session of each chunk; return what fired (through the C binding)."""
        with self._lock:
            self.host  # compiled (again after a fork)
            sid, facts = self._session(deal_fact, children)
            # each fact's text apart, joined into one JSON list: a firing echoes the texts of the
            # facts it matched, so the record it names is found without decoding it
            texts = list(map(_text, facts))
            deal_text = texts[-1]
            records = [(f["kind"], f["id"], t) for f, t in zip(facts, texts[:-1])]
            fired: set[tuple[str, str]] = set()
            for ch in self._chunks:
                mine = [(i, t) for k, i, t in records if k in ch.kinds] if records else []
                body = "[" + ",".join([t for _, t in mine] + [deal_text]) + "]"
                _fire_chunk(ch, sid, body, _Echo(deal_text, dict(mine)), fired)
            return fired

    def fire_public(self, deal_fact: dict, children: list[dict]) -> set[tuple[str, str]]:
        """``fire`` through durable-rules' public API and Python actions (the reference for ``fire``)."""
        with self._lock:
            host = self.host
            sid, facts = self._session(deal_fact, children)
            self._fired.clear()
            self._errors.clear()
            for ch in self._chunks:
                mine = [f for f in facts if f["kind"] == "deal" or f["kind"] in ch.kinds]
                try:
                    host.assert_facts(ch.name, mine)
                    state = host.get_state(ch.name, sid)
                except Exception as e:
                    _settle_refused(ch.handle, sid, None)
                    raise EngineError(said("engine_deal_failed", error=f"{type(e).__name__}: {e}")) from None
                finally:
                    _free(ch.handle, sid)
                if self._errors:
                    raise EngineError(said("engine_action_failed", error="; ".join(self._errors)))
                if state and "exception" in state:
                    raise EngineError(said("engine_swallowed", error=str(state["exception"])))
            return set(self._fired)


def _fire_chunk(ch: _Chunk, sid: str, body: str, echo: "_Echo", fired: set) -> None:
    """Assert one session's facts (JSON text) into one chunk, add what fired to ``fired``, free the session."""
    handle = ch.handle
    offset = None
    try:
        code, offset = _binding.assert_facts(handle, body)
        if code in (1, 2):  # what Host.assert_facts raises as MessageNotHandled / MessageObserved
            # (cannot happen with the sink rule and unique fact ids). Deleting a session that
            # ran no action segfaults: run its actions, and if there were none, fire the
            # always-rule on a stand-in deal fact first.
            _settle_refused(handle, sid, offset)
            raise EngineError(said("engine_refused_facts", code=code))
        _drain(handle, 0 if code == 3 else offset, ch.patterns, fired, ch.on_records, echo)  # code 3: as the public API does
    except EngineError:
        raise
    except Exception as e:
        if offset is not None:
            try:
                _binding.abandon_action(handle, offset)
            except Exception:
                pass
        raise EngineError(said("engine_deal_failed", error=f"{type(e).__name__}: {e}")) from None
    finally:
        _free(handle, sid)


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
    records: dict[str, str]  # record id -> its text (each starts with its id: facts.build puts it first)

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
        # a record's text begins with its id ({"id":"kpis[gmv]",...}): read it, then check the whole text,
        # so that finding the subject costs the same whatever the number of records
        if result.startswith('{"id":"', at):
            end = result.find('"', at + 7)
            record_id = result[at + 7:end]
            text = self.records.get(record_id)
            if text is not None and result.startswith(text, at):
                return record_id
        for record_id, text in self.records.items():  # a whole object's text is never a prefix of another's
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
