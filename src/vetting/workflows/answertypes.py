"""The types of the merge API (CONTRACTS C): an answer with its source, a problem, the result."""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field

# problems that leave one row out and let the rest apply; every other problem refuses the whole set
NOT_APPLIED = frozenset({"merge_digest", "merge_added_sheet", "merge_hidden_sheet", "merge_bad_tag", "merge_formula",
                         "merge_outside", "merge_not_answerable", "merge_unknown_field", "merge_no_item", "merge_twice",
                         "merge_kpi_list"})


@dataclass(frozen=True)
class Answer:
    field: str  # concrete path: contract.auto_renewal.present, kpis[K1].formula, claims[0].in_contract
    value: object  # as given: str / number / bool / None ("unknown" means unknown)
    source: dict  # a source record: {"from": "provider", "by": ..., "on": ..., "evidence": ...}
    where: str | None = None  # "Questions!F7" for a form cell, "p. 3" for a proposal


@dataclass(frozen=True)
class MergeProblem:
    where: str | None
    field: str | None
    message_key: str  # report_templates/cli.<lang>.yaml, section problem
    params: dict

    @property
    def refuses(self) -> bool:
        """Whether this problem refuses the whole set of answers (a wrong value, a form not this deal's)."""
        return self.message_key not in NOT_APPLIED


@dataclass(frozen=True)
class MergeResult:
    data: dict  # the merged deal data (validated by the deal model), with `sources`
    applied: list  # [(field, old_value, new_value, source)]
    conflicts: list  # [(field, deal_value, answer_value, where)]; applied only with prefer="answers"
    problems: list  # [MergeProblem]: refused rows and cells (not applied)
    unknown: list = dc_field(default_factory=list)  # [(field, where)]: answered "unknown"

    @property
    def refused(self) -> bool:
        """Nothing was applied: an answer the deal format refuses (each is in ``problems``)."""
        return any(p.refuses for p in self.problems)


@dataclass(frozen=True)
class FormInfo:
    """What one answers file is: its kind and, for a questionnaire, the form it answers."""

    kind: str  # xlsx | html | proposals
    source: str
    ask_id: str | None = None
    digest: str | None = None
    deal_id: str | None = None
    lang: str | None = None
    created: str | None = None
    rows: int = 0
