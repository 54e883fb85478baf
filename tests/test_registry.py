"""The field registry (src/vetting/model/registry.py): one description of every deal field, which the
schema, `vetting init`, the because line, the diff labels and the batch column notes read."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import pytest
import yaml

import typing

from conftest import FIXTURES
from test_every_field_judged import RECORD_DERIVED, _deal_reads
from vetting.engine.ruleset import get_ruleset
from vetting.model.fields import CHILD_KINDS
from vetting.model.models import Engagement
from vetting.rules import conditions
from vetting.model import registry as reg
from vetting.model.registry import RegistryError, registry

DATA = yaml.safe_load(reg.DATA_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """The registry read again from copies of its files under tmp_path (edit them, then call registry())."""
    templates = tmp_path / "templates"
    templates.mkdir()
    for lang in reg.LANGS:
        shutil.copy(reg._templates() / f"fields.{lang}.yaml", templates)
    shutil.copy(reg._templates() / "choices.en.yaml", templates)
    data = tmp_path / "fields.yaml"
    shutil.copy(reg.DATA_FILE, data)
    monkeypatch.setattr(reg, "_templates", lambda: templates)
    monkeypatch.setattr(reg, "DATA_FILE", data)
    for cached in (reg.registry, reg._texts, reg.questions, reg.label, reg.attributes):
        cached.cache_clear()
    yield templates, data
    for cached in (reg.registry, reg._texts, reg.questions, reg.label, reg.attributes):
        cached.cache_clear()


def test_every_model_field_has_an_entry_and_every_entry_is_a_real_field():
    fields = reg.model_fields()
    assert set(DATA["fields"]) == set(fields)
    assert len(registry()) == len(fields) > 100
    assert set(DATA["metrics"]) == set(registry()["kpis.metric"].values)


def test_a_field_is_described_whole():
    r = registry()
    f = r["contract.auto_renewal.present"]
    assert (f.type, f.topic, f.worse, f.verify, f.show_to_provider) == ("bool", "renewal", True, True, True)
    assert set(f.answered_by) == {"contract", "provider"}
    assert f.help("en") == "the contract renews itself unless you cancel"
    assert f.label("zh") and f.help("zh")
    assert f.question("seller", "zh") == "到期不及时通知，合同会不会自动续上？"  # questions.zh.yaml (vetting serve)
    metric = r["kpis.metric"]
    assert metric.record == "kpis" and metric.type == "enum"
    gmv = next(c for c in metric.choices if c.value == "gmv")
    assert (gmv.zh, gmv.aliases) == ("销售额", ("销售额", "GMV"))
    assert r.metrics["acos"].lower_is_better and r.metrics["order_defect_rate"].service_level
    assert not r.metrics["gmv"].lower_is_better
    assert r["fees.base_monthly"].unit == "money" and r["fees.commission_pct"].unit == "pct"
    assert r["fees.ad_spend_pct"].concerns("ads_management") and not r["fees.ad_spend_pct"].concerns("training")
    assert r["contract.written"].concerns(None)
    # the interview order: topic by topic as the data file lists them, every field once
    assert sorted(f.order for f in r) == list(range(len(r)))
    assert all(f.topic in r.topics for f in r)


def test_every_field_has_a_label_and_help_in_both_languages_and_a_short_name_where_written():
    for f in registry():
        for lang in reg.LANGS:
            assert f.help(lang) and f.label(lang) and f.name(lang), (f.path, lang)
    assert reg.name("kpis.target", "en") == "target" and reg.help_text("kpis.target", "en").startswith("the target number")
    assert reg.label("kpis.target", "en") == "the target number"
    assert reg.name("seller.monthly_gmv", "en") == reg.help_text("seller.monthly_gmv", "en")  # no short name: its help
    assert reg.name("no.such.field", "en") is None and reg.label("no.such.field", "en") == ""


def test_a_provider_is_never_asked_for_the_sellers_own_figures_and_checks():
    r = registry()
    hidden = {f.path for f in r if not f.show_to_provider}
    assert {"seller.monthly_gmv", "provider.registration.dishonest_debtor_listed", "claims.guaranteed"} <= hidden
    # a field only the registry or the seller can answer is never "verify the provider's answer"
    assert all(not f.verify for f in r if "provider" not in f.answered_by)


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d["fields"].pop("fees.setup_fee"), "fees.setup_fee: missing"),
    (lambda d: d["fields"].__setitem__("fees.setup_fees", copy.deepcopy(d["fields"]["fees.setup_fee"])),
     "fees.setup_fees: no such field"),
    (lambda d: d["fields"]["contract.written"].__setitem__("worse", "higher"), "contract.written: worse 'higher'"),
    (lambda d: d["fields"]["contract.ip.data"].__setitem__("worse", ["seller", "nobody"]), "contract.ip.data: worse"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("unit", "pct"), "fees.setup_fee: unit must be money"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("kinds", ["agency"]), "'agency' is not a provider.kind"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("engagements", ["retainer"]),
     "'retainer' is not a service.engagement"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("engagements", []), "engagements: an empty list"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("topic", "money"), "topic 'money'"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("answered_by", ["broker"]), "answered_by"),
    (lambda d: d["fields"]["fees.setup_fee"].__setitem__("verified", True), "verified"),
    (lambda d: d["metrics"].pop("acos"), "metrics: expected exactly the values of kpis.metric"),
    # a list the provider answers whole must be a list of records of the deal (kpis), not a field or a section
    (lambda d: d["lists"].__setitem__("contract.stop_loss", copy.deepcopy(d["lists"]["kpis"])), "lists: contract.stop_loss: not a list"),
    (lambda d: d["lists"].__setitem__("kpis.target", copy.deepcopy(d["lists"]["kpis"])), "lists: kpis.target: not a list"),
])
def test_a_data_file_that_disagrees_with_the_models_is_refused(fresh, edit, problem):
    _templates, data = fresh
    doc = yaml.safe_load(data.read_text(encoding="utf-8"))
    edit(doc)
    data.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(RegistryError) as e:
        registry()
    assert problem in str(e.value)


def test_question_files_fill_the_slots_and_missing_entries_stay_empty(fresh):
    templates, _data = fresh
    assert registry()["fees.setup_fee"].question("provider", "en") == ""  # no file yet: empty slots
    reg.registry.cache_clear()
    reg.questions.cache_clear()
    (templates / "questions.en.yaml").write_text(
        'fees.setup_fee: {seller: "Did they quote a setup fee?", provider: "Is there a one-off setup fee?"}\n'
        'contract.written: {provider: "Will there be a signed written contract?"}\n', encoding="utf-8")
    (templates / "questions.zh.yaml").write_text('fees.setup_fee: {seller: "对方报过开户费吗？"}\n', encoding="utf-8")
    r = registry()
    assert r["fees.setup_fee"].question("seller", "en") == "Did they quote a setup fee?"
    assert r["fees.setup_fee"].question("provider", "en") == "Is there a one-off setup fee?"
    assert r["fees.setup_fee"].question("seller", "zh") == "对方报过开户费吗？"
    assert r["fees.setup_fee"].question("provider", "zh") == ""
    assert (r["contract.written"].question("seller", "en"), r["contract.written"].question("seller", "zh")) == ("", "")
    with pytest.raises(ValueError):
        r["contract.written"].question("broker", "en")
    reg.registry.cache_clear()
    reg.questions.cache_clear()
    (templates / "questions.en.yaml").write_text('fees.setup_fees: {seller: "?"}\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="fees.setup_fees: no such field"):
        registry()


def test_the_bundled_question_files_name_real_fields():
    # a field, or a whole section or list of records (the interview asks about kpis as a group)
    fields = set(registry().fields)
    for lang in reg.LANGS:
        for path in reg.questions(lang):
            assert path in fields or any(f.startswith(path + ".") for f in fields), (lang, path)


def test_the_readers_show_the_registrys_texts():
    from vetting.outputs.dealschema import deal_schema
    from vetting.workflows.diff import fact_label
    from vetting.outputs.report import Texts, deal_template

    r = registry()
    zh = deal_schema("zh")
    assert zh["$defs"]["Fees"]["properties"]["setup_fee"]["description"] == r["fees.setup_fee"].help("zh")
    assert "amazon（亚马逊）" in zh["$defs"]["Seller"]["properties"]["platforms"]["description"]
    assert fact_label("kpis[gmv].target", "en").endswith(r["kpis.target"].name("en"))
    assert fact_label("fees.setup_fee", "zh") == r["fees.setup_fee"].help("zh")
    assert f"# {r['fees.setup_fee'].help('en')} · " in deal_template("en")
    assert Texts("en", html=False).fact("kpis[gmv].formula") == r["kpis.formula"].help("en")


def test_an_assessment_reads_the_texts_not_the_whole_registry():
    # cold start: the because line and the report need labels and help only, one language's table
    code = ("from vetting.workflows.assess import assess_file\nfrom vetting.model import registry as r\n"
            f"a = assess_file({json.dumps(str(FIXTURES / 'linkstar-proposal.yaml'))}, lang='zh')\n"
            "assert any(f.because for f in a.findings)\n"
            "print(r.registry.cache_info().currsize, r._texts.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "1"]


# GOV-007 (a missed KPI has a consequence) counts a stop-loss as one of three answers; a one-off project
# or a subscription answers it with contract.kpi_penalty or contract.refund_formula (fields.yaml's header)
_ENGAGEMENTS_ON_PURPOSE = {("contract.stop_loss.present", "GOV-007")}
# derived.free_exit reads the exit-fee formula only to rule a free exit out (an unasked formula leaves it to
# for_convenience, notice_days and early_termination_fee): the rules that read it for every engagement judge a
# one-off project or a subscription on those three
_ENGAGEMENTS_ON_PURPOSE |= {("contract.termination.exit_fee_formula", r) for r in ("CRED-014", "CRED-015", "CRED-018", "CRED-020", "GOV-007", "KPI-004", "REN-001", "REN-004")}


def _rule_engagements(applies) -> set[str]:
    """The engagements a rule's ``applies`` lets it judge (its top-level derived.engagement tests)."""
    allowed = set(typing.get_args(typing.get_args(Engagement)[0]))
    for cond in applies or ():
        test = cond.get("derived.engagement") if isinstance(cond, dict) else None
        if isinstance(test, str):
            allowed &= {test}
        elif isinstance(test, dict):
            allowed = {e for e in allowed if ("in" not in test or e in test["in"]) and e not in test.get("not_in", ())
                       and e != test.get("ne")}
    return allowed


def test_a_field_asked_only_for_some_engagements_is_read_only_by_rules_for_them():
    """`vetting serve` skips a question whose registry `engagements` leave out the deal's engagement:
    no rule may judge the field for an engagement it leaves out (else the skipped answer would count)."""
    limited = {f.path: set(f.attributes.engagements) for f in registry() if f.attributes.engagements}
    assert {"contract.stop_loss.present", "governance.review_cadence", "governance.monthly_plan",
            "governance.change_log"} <= set(limited)
    wrong = []
    for rule in get_ruleset(()).rules:
        judged = _rule_engagements(rule.rule.applies)
        for scope, kind, t in conditions.tests(rule.cond):
            for p in [t.path] + ([t.arg.path] if isinstance(t.arg, conditions.Ref) else []):
                if scope == "deal":
                    read = _deal_reads(p)
                else:
                    base = CHILD_KINDS[kind if scope == "child" else rule.rule.subject][0]
                    read = {f"{base}.{q}" for q in RECORD_DERIVED.get(p, (p,))}
                wrong += [f"{rule.id} reads {path} for {sorted(judged - limited[path])}" for path in read
                          if path in limited and judged - limited[path] and (path, rule.id) not in _ENGAGEMENTS_ON_PURPOSE]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_every_choice_has_an_english_label_that_names_one_value_of_its_field():
    """An English form shows the label and merges it back: within a field no two values share a label,
    and no label is another value of the field (it would merge back to that one)."""
    for f in registry():
        labels = [c.en.casefold() for c in f.choices]
        assert all(labels) and len(set(labels)) == len(labels), f.path
        assert not {c.en for c in f.choices} & (set(f.values) - {c.value for c in f.choices if c.en == c.value}), f.path
    assert registry()["provider.legal_form"].choices[0].shown("en") == "Registered company"
