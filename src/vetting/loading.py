"""Reading deal files: YAML or JSON in, a validated Deal or every problem at once out.

Every problem becomes one line: ``file:line: field.path: what was expected``.
"""
from __future__ import annotations

import hashlib
import json
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem, did_you_mean
from .fields import unwrap
from .models import Deal
from .yamlsafe import MAX_BYTES, YamlProblem, load_with_lines

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
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(err: dict) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    loc = err["loc"]
    if kind == "extra_forbidden":
        model = _model_at(loc)
        names = [f.alias or n for n, f in model.model_fields.items()] if model else []
        hint = did_you_mean(loc[-1], names, f"; known fields: {', '.join(names)}" if names else "")
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        options = [o.strip() for o in ctx.get("expected", "").replace("'", "").replace(" or ", ", ").split(",")]
        return f"{_short(value)} is not one of {', '.join(options)}{did_you_mean(value, options)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {'≥' if kind.endswith('equal') else '>'} {ctx.get('ge', ctx.get('gt')):g}, got {_short(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be {'≤' if kind.endswith('equal') else '<'} {ctx.get('le', ctx.get('lt')):g}, got {_short(value)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == r"^[A-Z]{2}$":
            return f"{_short(value)} is not a two-letter ISO 3166 country code (e.g. US, DE, CN)"
        if pattern == r"^[A-Z]{3}$":
            return f"{_short(value)} is not a three-letter ISO 4217 currency code (e.g. CNY, USD)"
        return f"{_short(value)} must be 1-64 letters, digits, '.', '_' or '-'"
    if kind == "string_too_long":
        return f"text is longer than {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_short(value)}"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        what = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {what}, got {_short(value)}"
    if kind in ("string_type",):
        return f"expected text, got {_short(value)}"
    if kind in ("list_type",):
        return f"expected a list, got {_short(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_short(value)}"
    if kind.startswith("date"):
        return f"expected a real date as YYYY-MM-DD, got {_short(value)}"
    if kind == "finite_number":
        return f"expected a finite number, got {_short(value)}"
    return err["msg"]


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
            out.append(Problem(source, path, f"duplicate KPI id '{kid}' (also kpis[{seen[kid]}]); each KPI needs its own id",
                               _line_for(lines, path)))
        else:
            seen[kid] = i
    return out


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def validate(data, source: str, lines: dict[str, int] | None = None) -> LoadedDeal:
    """A parsed mapping → LoadedDeal, or InputError with every problem."""
    lines = lines or {}
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InputError([Problem(source, "", f"expected a deal (a mapping with id:, provider: ...), got {kind}")])
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
    """Parse YAML or JSON text into (data, line map)."""
    if suffix == ".json":
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as e:
            raise InputError([Problem(source, "", f"invalid JSON: {e.msg}", e.lineno)]) from None
        except ValueError as e:
            raise InputError([Problem(source, "", str(e))]) from None
        try:  # JSON is YAML: reuse the YAML composer for line numbers only
            _, lines = load_with_lines(text, source)
        except Exception:
            lines = {}
        return data, lines
    try:
        return load_with_lines(text, source)
    except YamlProblem as e:
        raise InputError([Problem(source, "", str(e), e.line)]) from None


def _reject_constant(name):
    raise ValueError(f"invalid JSON: {name} is not a number a deal can hold")


def read_text(path: Path) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError([Problem(source, "", f"cannot read: {e.strerror or e}")]) from None
    if size > MAX_BYTES:
        raise InputError([Problem(source, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; a deal file is a few KiB")])
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError([Problem(source, "", "this is a binary file, not a YAML or JSON deal")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError([Problem(source, "", f"not UTF-8 text (byte {e.start}); save the file as UTF-8")]) from None


def load_deal(path: str | Path) -> LoadedDeal:
    """Load and validate one deal file (YAML or JSON)."""
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise InputError([Problem(source, "", "is a folder; give a deal file (.yaml, .yml or .json)")])
    suffix = path.suffix.lower()
    if suffix not in DEAL_SUFFIXES:
        raise InputError([Problem(source, "", f"unsupported file type '{suffix or '(none)'}'; a deal is .yaml, .yml or .json")])
    text = read_text(path)
    if not text.strip():
        raise InputError([Problem(source, "", "file is empty; start from `vetting init`")])
    data, lines = parse_text(text, source, suffix)
    return validate(data, source, lines)


def digest(deal: Deal) -> str:
    """A short fingerprint of the deal's content (key order does not matter)."""
    # The model's own field order, not the file's key order; serialised by pydantic-core (fast).
    canon = deal.model_dump_json(by_alias=True, exclude_none=True)
    return "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
