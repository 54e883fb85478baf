"""What the scan reads from one contract text, for the wording tests (test_scan_clauses, test_scan_wording_*)."""
from __future__ import annotations

from vetting.intake.proposals import propose
from vetting.intake.scan import read_contract


def hits(tmp_path, text: str) -> dict:
    """Every value read per field (hits), and the fields the scan derives (currency, fee model)."""
    f = tmp_path / "contract.txt"
    f.write_text(text, encoding="utf-8")
    reading = read_contract([str(f)])
    out: dict = {}
    for found in reading.found:
        out.setdefault(found.hit.field, []).append(found.hit.value)
    for p in propose(reading):
        out.setdefault(p.field, [p.value])
    return out


def _same(value):
    return sorted(value) if isinstance(value, list) else value


def assert_read(got: dict, want: dict, absent) -> None:
    """Each wanted field read with its value only (a list in any order), and no absent field read at all."""
    for field, value in want.items():
        values = got.get(field, [])
        assert values, f"{field} not read"
        assert all(_same(v) == _same(value) for v in values), f"{field}: {values} (want {value})"
    for field in absent:
        assert field not in got, f"{field} read as {got[field]}"
