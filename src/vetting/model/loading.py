"""Reading deal files: YAML or JSON in, a validated Deal or every problem at once out.

Every problem becomes one line: ``file:line: field.path: what was expected``.
"""
from __future__ import annotations

import hashlib
import json
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..io import wording
from ..io.errors import InputError, Problem, did_you_mean, said
from ..io.reading import read_text as guarded
from . import order
from .aliases import spellings
from .fields import unwrap
from .models import MAX_DATE, MIN_DATE, Deal
from ..io.yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_DIGITS, YamlProblem, cut_path, depth_message, digits_message, load_with_lines

DEAL_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class LoadedDeal:
    deal: Deal
    source: str
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, path: str) -> int | None:
        return _line_for(self.lines, path)


def _line_for(lines: dict[str, int], path: str) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path) if path else None


def format_loc(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _model_at(loc) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (to suggest field names)."""
    model: typing.Any = Deal
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fld = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if fld is None:
            # alias lookup (ip.copy)
            fld = next((f for f in model.model_fields.values() if f.alias == part), None) if model else None
        if fld is None:
            return None
        model = unwrap(fld.annotation, lists=True)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _short(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"  # repr refuses beyond 4,300
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Written forms YAML 1.1 or a programmer would read as numbers, which a deal does not.
_NOT_DECIMAL = re.compile(r"^\s*[-+]?0[xXoObB]|[0-9]:[0-9]")


def _message(err: dict) -> str:
    """A pydantic error as one line: the table's text (problem.<key>) where there is one, else pydantic's."""
    key, values = _keyed(err)
    return said(key, **dict(values)) if key else err["msg"]


_PATTERNS = {r"^[A-Z]{2}$": "country_code", r"^[A-Z]{3}$": "currency_code"}
_BOUNDS = {"greater_than_equal": ("min_incl", "ge"), "greater_than": ("min_excl", "gt"),
           "less_than_equal": ("max_incl", "le"), "less_than": ("max_excl", "lt")}


def _keyed(err: dict) -> tuple[str, tuple]:
    """The message-table key (report_templates/cli.*.yaml, section problem) and values of a pydantic
    error, so that the CLI writes it in the user's language; ("", ()) for one the table does not have."""
    kind, value, loc = err["type"], err.get("input"), err["loc"]
    ctx = err.get("ctx") or {}
    shown = (("value", _short(value)),)
    not_decimal = isinstance(value, str) and bool(_NOT_DECIMAL.search(value))
    if kind == "missing":
        return "required", ()
    if kind in ("bool_type", "bool_parsing"):
        return "expected_bool", shown
    if kind in ("float_type", "float_parsing"):
        return ("expected_number_decimal" if not_decimal else "expected_number"), shown
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return ("expected_whole_decimal" if not_decimal else "expected_whole"), shown
    if kind == "string_type":
        return "expected_text", shown
    if kind == "list_type":
        return "expected_list", shown
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected_mapping", shown
    if kind == "too_long":
        return "too_many", (("max", ctx.get("max_length")), ("count", ctx.get("actual_length")))
    if kind == "int_parsing_size":
        return "number_too_long", shown
    if kind == "date_range":
        return "date_range", (("min", MIN_DATE), ("max", MAX_DATE)) + shown
    if kind in _BOUNDS:
        key, name = _BOUNDS[kind]
        return key, (("limit", f"{ctx.get(name):g}"),) + shown
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(ctx.get("pattern", ""), "id_pattern"), shown
    if kind == "string_too_long":
        return "text_too_long", (("max", ctx.get("max_length")),)
    if kind == "string_too_short":
        return "not_empty", ()
    if kind.startswith("date"):
        return "expected_date", shown
    if kind == "finite_number":
        return "expected_finite", shown
    if kind == "duplicate_id":
        return "duplicate_kpi_pair", (("id", ctx.get("id")), ("first", ctx.get("first")), ("again", ctx.get("again")))
    if kind == "source_path":
        return f"source_path_{ctx.get('why')}", (("key", ctx.get("key")),)
    if kind == "literal_error":
        options = [o.strip() for o in ctx.get("expected", "").replace("'", "").replace(" or ", ", ").split(",")]
        return "not_one_of", (("value", _short(value)), ("options", ", ".join(options)),
                              ("hint", _enum_hint(value, options)))
    if kind == "extra_forbidden":
        model = _model_at(loc)
        names = [f.alias or n for n, f in model.model_fields.items()] if model else []
        return "unknown_field", (("field", loc[-1]),
                                 ("hint", did_you_mean(loc[-1], names, f"; known fields: {', '.join(names)}" if names else "")))
    return "", ()


def _enum_hint(value, options: list[str]) -> str:
    """did-you-mean over the values and their Chinese aliases ("did you mean '子账号' (sub_account)?")."""
    names = spellings(options)
    hint = did_you_mean(value, [*options, *names])
    for alias, canon in names.items():
        if hint == f"; did you mean '{alias}'?":
            return f"; did you mean '{alias}' ({canon})?"
    if not hint and "other" in options:  # 'etsy' as a platform: say how to write it
        return wording.msg("problem.cell_choice_other")
    return hint


def problems_from(err: ValidationError, source: str, lines: dict[str, int], duplicates: bool = True) -> list[Problem]:
    """One Problem per pydantic error; ``duplicates=False`` leaves out the model's duplicate-id
    errors (when _duplicate_ids has reported them from the raw data)."""
    out = []
    for e in err.errors():
        if e["type"] == "duplicate_id" and not duplicates:
            continue
        loc = tuple(p for p in e["loc"] if p != "copy_") if e["loc"] else ()
        path = format_loc(loc)
        out.append(Problem(source, path or "(deal)", _message(e), _line_for(lines, path)))
    return out


def _duplicate_ids(data: dict, source: str, lines: dict[str, int]) -> list[Problem]:
    """KPI ids must be unique; checked on the raw data so it is reported with every other problem."""
    kpis = data.get("kpis")
    if not isinstance(kpis, list):
        return []
    seen: dict[str, int] = {}
    out = []
    for i, k in enumerate(kpis):
        kid = k.get("id") if isinstance(k, dict) else None
        if not isinstance(kid, (str, int)) or isinstance(kid, bool):
            continue
        kid = str(kid).strip()  # as the model reads it
        if kid in seen:
            path = f"kpis[{i}].id"
            out.append(Problem(source, path, said("duplicate_kpi", id=kid, first=seen[kid]), _line_for(lines, path)))
        else:
            seen[kid] = i
    return out


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def validate(data, source: str, lines: dict[str, int] | None = None) -> LoadedDeal:
    """A parsed mapping → LoadedDeal, or InputError with every problem."""
    lines = lines or {}
    if not isinstance(data, dict):
        message = said("not_a_deal_empty") if data is None else said("not_a_deal", kind=type(data).__name__)
        raise InputError([Problem(source, "", message)])
    try:
        deal = Deal.__pydantic_validator__.validate_python(data)  # Deal.model_validate, minus its wrapper
    except ValidationError as e:
        # A deal that validates has unique KPI ids (Deal checks them), so the raw-data check,
        # which also sees lists that fail otherwise, runs only when something is wrong; when
        # it finds nothing, the model's own duplicate message stands.
        duplicates = _duplicate_ids(data, source, lines)
        problems = duplicates + problems_from(e, source, lines, duplicates=not duplicates)
        raise InputError(_by_line(problems)) from None
    return LoadedDeal(deal, source, lines)


def parse_text(text: str, source: str, suffix: str):
    """Parse YAML or JSON text into (data, line map). Every problem of the document's structure
    (nesting depth, a key given twice, an over-long number) is reported at once, with its line."""
    if suffix == ".json":
        return _parse_json(text, source)
    try:
        return load_with_lines(text, source)
    except YamlProblem as e:
        raise InputError(_yaml_problems(e, source)) from None


def _yaml_problems(e: YamlProblem, source: str) -> list[Problem]:
    return [Problem(source, path, message, line) for path, message, line in e.problems]


class _Pairs(dict):
    """A JSON object with the keys it gave more than once (json.loads would keep the last silently)."""

    repeated: tuple = ()


def _object(pairs):
    obj = _Pairs(pairs)
    if len(obj) != len(pairs):
        seen: set = set()
        obj.repeated = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return obj if obj.repeated else dict(pairs)


class _LongNumber(str):
    """A JSON number too long to be a deal's, kept as its text for the message."""


def _json_number(kind):
    def parse(text: str):
        return _LongNumber(text) if len(text) > MAX_DIGITS else kind(text)
    return parse


def json_problems(data, source: str, lines: dict[str, int] | None = None, prefix: str = "") -> list[Problem]:
    """Problems of a parsed JSON document's structure: depth, keys given twice, over-long numbers
    (iterative, so hostile depth cannot exhaust the stack). ``prefix``: the path of ``data`` itself."""
    lines = lines or {}
    out: list[Problem] = []
    stack = [(data, prefix, 0)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, _LongNumber):
            out.append(Problem(source, path, digits_message(node), _line_for(lines, path)))
            continue
        if not isinstance(node, (dict, list)):
            continue
        if depth >= MAX_DEPTH:
            out.append(Problem(source, cut_path(path), depth_message(MAX_DEPTH), _line_for(lines, path)))
            continue
        if isinstance(node, dict):
            for key in getattr(node, "repeated", ()):
                where = f"{path}.{key}" if path else str(key)
                out.append(Problem(source, where, said("json_key_twice", key=key), _line_for(lines, where)))
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in node.items())
        else:
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(node))
    return _by_line(out)


def loads_json(text: str):
    """json.loads for deal data: objects keep their repeated keys, long numbers are marked (for
    ``json_problems``); NaN and Infinity are refused (ValueError); RecursionError when nested
    deeper than Python can parse."""
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object,
                      parse_int=_json_number(int), parse_float=_json_number(float))


def _parse_json(text: str, source: str):
    # JSON is YAML: the YAML composer gives line numbers, and reports a repeated key with both
    # lines, depth and long numbers before anything is built. JSON that YAML cannot read (a tab
    # inside a line) is checked on the parsed data instead, without lines.
    try:
        _, lines = load_with_lines(text, source)
    except YamlProblem as e:
        if e.structural:
            raise InputError(_yaml_problems(e, source)) from None
        lines = {}
    except Exception:
        lines = {}
    try:
        data = loads_json(text)
    except json.JSONDecodeError as e:
        raise InputError([Problem(source, "", said("invalid_json", detail=e.msg), e.lineno)]) from None
    except RecursionError:
        raise InputError([Problem(source, "", depth_message(MAX_DEPTH))]) from None
    except _Constant as e:
        raise InputError([Problem(source, "", said("json_constant", name=e.name))]) from None
    except ValueError as e:
        raise InputError([Problem(source, "", str(e))]) from None
    problems = json_problems(data, source, lines)
    if problems:
        raise InputError(problems)
    return data, lines


class _Constant(ValueError):
    """NaN, Infinity or -Infinity in JSON text."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(said("json_constant", name=name))


def _reject_constant(name):
    raise _Constant(name)


def read_text(path: Path, inside: str | Path | None = None) -> str:
    """The text of a deal file: a regular file (not a device, FIFO or socket, which could block or
    never end) of at most MAX_BYTES, UTF-8 or UTF-16 (io.reading: the one guarded reader);
    ``inside``: a folder the file must really be in (a batch folder's link leading out is refused)."""
    return guarded(path, what="deal", limit=MAX_BYTES, inside=inside)


def load_deal(path: str | Path, inside: str | Path | None = None) -> LoadedDeal:
    """Load and validate one deal file (YAML or JSON); ``inside``: the folder it must really be in."""
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise InputError([Problem(source, "", said("folder"))])
    suffix = path.suffix.lower()
    if suffix not in DEAL_SUFFIXES:
        raise InputError([Problem(source, "", said("file_type", suffix=suffix or "(none)"))])
    text = read_text(path, inside)
    if not text.strip():
        raise InputError([Problem(source, "", said("empty"))])
    data, lines = parse_text(text, source, suffix)
    return validate(data, source, lines)



def load_deals(paths) -> list[LoadedDeal]:
    """Load several deal files; the problems of all of them together (one InputError), not the first file's."""
    problems: list[Problem] = []
    loaded = []
    for path in paths:
        try:
            loaded.append(load_deal(path))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return loaded

def digest(deal: Deal) -> str:
    """A short fingerprint of the deal's content (key order does not matter, nor the order of the lists
    whose order carries no meaning: order.ORDERLESS, put in their canonical order first)."""
    # The model's own field order, not the file's key order; serialised by pydantic-core (fast).
    canon = order.canonical(deal).model_dump_json(by_alias=True, exclude_none=True)
    return "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
