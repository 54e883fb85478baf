"""A rule pack's pydantic errors in the words deal errors use: one ``Problem`` per error, with the
file, the line of the field (or of the rule), the rule id, the field and a suggestion."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..io.errors import Problem, Said, did_you_mean, said
from ..model.loading import _line_for, _message


def _fmt_loc(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_PATTERNS = {  # what a pattern asks for, in words: problem.<key> of the CLI message table
    r"^[A-Z]{2,6}-\d{3}$": "pattern_rule_id",
    r"^[a-z0-9][a-z0-9_-]{0,40}$": "pattern_pack_name",
    r"^\d+\.\d+\.\d+$": "pattern_version",
}


def _plain(err: dict, model: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error in the words deal errors use (loading._message): (message, suggestion),
    field names suggested from the model that holds the field."""
    if err["type"] == "extra_forbidden":
        holder: Any = model
        for part in err["loc"][:-1]:
            fld = holder.model_fields.get(part) if isinstance(part, str) and isinstance(holder, type) else None
            holder = fld.annotation if fld is not None else None
        names = list(holder.model_fields) if isinstance(holder, type) and issubclass(holder, BaseModel) else []
        return said("unknown_field", field=err["loc"][-1], hint=""), did_you_mean(err["loc"][-1], names,
                                                                 f"; known fields: {', '.join(names)}" if names else "")
    if err["type"] == "value_error":  # our own validators' messages are already plain (and in the table)
        error = (err.get("ctx") or {}).get("error")
        if error is not None and error.args and isinstance(error.args[0], Said):
            return error.args[0], ""
        return err["msg"].removeprefix("Value error, "), ""
    if err["type"] in ("string_too_short", "too_short"):
        n = (err.get("ctx") or {}).get("min_length", 1)
        key = "min_chars" if err["type"] == "string_too_short" else ("min_entries" if n > 1 else "min_entry")
        return said(key, n=n, value=f"{err.get('input')!r:.60}"), ""
    if err["type"] == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern")
        value = f"{err.get('input')!r:.60}"
        return (said(_PATTERNS[pattern], value=value) if pattern in _PATTERNS
                else said("pattern_other", value=value, pattern=str(pattern))), ""
    return _message(err), ""


def _problems(err: ValidationError, path: Path, model: type[BaseModel], lines: dict[str, int],
              prefix: str = "", rule: str | None = None) -> list[Problem]:
    """One Problem per pydantic error: file, line of the field (or of the rule), rule id, field, plain words."""
    out = []
    for e in err.errors():
        field = _fmt_loc(e["loc"])
        where = f"{prefix}.{field}" if prefix and field and not field.startswith("[") else f"{prefix}{field}"
        message, suggestion = _plain(e, model)
        out.append(Problem(str(path), field, message, _line_for(lines, where), rule, suggestion))
    return out


