"""The reference rate table: units of each currency per US dollar, dated and sourced (rules/rates.yaml
or ``--rates FILE``), and where the bundled core pack lives. Derived figures in US dollars read it;
every name stays importable from ``vetting.model.derived``."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..io.errors import InputError, Problem, RulePackError, said
from ..io.reading import read_text
from ..io.yamlsafe import YamlProblem, load_yaml_text


@dataclass(frozen=True)
class Rates:
    """Units of each currency per US dollar, with the date and source they come from."""

    as_of: str
    source: str
    per_usd: dict[str, float]

    def to_usd(self, amount: float | None, currency: str | None) -> float | None:
        if amount is None or currency is None:
            return None
        rate = self.per_usd.get(currency)
        return None if not rate else amount / rate


class RatesError(RulePackError):
    """A rate table that cannot be used: one line per problem, exit 2."""


def load_rates(path: str | Path) -> Rates:
    """Read and check a rate table (format of rules/rates.yaml); every problem at once."""
    path = Path(path)
    src = str(path)
    try:
        data = load_yaml_text(read_text(path, what="rates"), str(path))
    except YamlProblem as e:
        raise RatesError([Problem(src, "", e.args[0], e.line)]) from None
    except InputError as e:  # not a regular file, too large, not UTF-8 (io.reading)
        raise RatesError(e.problems) from None
    problems = []
    if not isinstance(data, dict):
        raise RatesError([Problem(src, "", said("rates_not_mapping"))])
    for key in ("as_of", "source", "per_usd"):
        if key not in data:
            problems.append(Problem(src, key, said("required")))
    unknown = sorted(set(data) - {"as_of", "source", "per_usd", "base"})
    problems += [Problem(src, str(k), said("rates_unknown_key")) for k in unknown]
    if data.get("base", "USD") != "USD":
        problems.append(Problem(src, "base", said("rates_base")))
    per_usd = data.get("per_usd")
    rates: dict[str, float] = {}
    if per_usd is not None and not isinstance(per_usd, dict):
        problems.append(Problem(src, "per_usd", said("rates_per_usd")))
    for code, rate in (per_usd or {}).items() if isinstance(per_usd, dict) else ():
        if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isupper()):
            problems.append(Problem(src, f"per_usd.{code}", said("rates_code")))
        elif isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < 1e9:
            problems.append(Problem(src, f"per_usd.{code}", said("rates_rate", code=code, value=repr(rate))))
        else:
            rates[code] = float(rate)
    if problems:
        raise RatesError(problems)
    return Rates(str(data["as_of"]), str(data["source"]), rates)


def core_pack_dir() -> Path:
    """The bundled core pack (its rate table too): inside the wheel, or rules/ of a source checkout."""
    bundled = resources.files("vetting") / "rulepacks"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "rules"


def default_rates_file() -> Path:
    return core_pack_dir() / "rates.yaml"
