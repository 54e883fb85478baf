"""`vetting scan --reading model`: the optional model layer (intake/model.py) beside the patterns.

What a seller checks: a field only the model reads is proposed with its quote, below the pre-accept threshold and with a
note saying the model read it; a field the patterns read keeps their value; the numbers come from the sentence, never
from the model; the default reading is the patterns'. The cross-validated figures are printed by
``benchmarks/train_scan_model.py --cv`` (docs/scan.md), not asserted here.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.intake import model as M
from vetting.intake.proposals import ACCEPT_THRESHOLD, MIN_CONFIDENCE, propose
from vetting.intake.scan import read_contract

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "scan_corpus" / "dev"
_register()

ZH = "代运营服务合同\n甲方（委托方）：宁波市某某家居用品有限公司\n乙方（服务方）：广州某某跨境电商服务有限公司\n"
EN = ('STORE MANAGEMENT AGREEMENT\nThis Agreement is made between Lakeside Home Goods LLC (the "Client") and '
      'Northstar Commerce Partners Ltd (the "Agency").\n')
GAG = "contract.restricts_reviews_or_complaints"
# a gag clause in words no pattern holds (贬损…言论): the model reads it
GAG_ZH = ZH + "第九条 评价\n甲方不得在任何公开渠道发布贬损乙方的言论。\n"


def write(tmp_path, text: str, name: str = "contract.txt") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def by_field(tmp_path, text: str, **kwargs) -> dict:
    reading = read_contract([str(write(tmp_path, text))])
    return {p.field: p for p in propose(reading, **kwargs)}


# ---------------------------------------------------------------- values come from the sentence


@pytest.mark.parametrize("kind,text,value", [
    ("days", "甲方可提前三十（30）日书面通知乙方解除本合同。", 30),
    ("days", "Client may terminate on one month's notice.", 30),
    ("days", "乙方应在5个工作日内删除其子账号。", 5),
    ("months", "本合同期限为12个月。", 12),
    ("months", "The Agreement lasts two years.", 24),  # the normaliser writes the number
    ("months", "本合同期限为2年。", 24),
    ("months", "服务期满前1个月，双方均未书面提出终止的，本合同自动延续。", None),  # a notice before the end, not a term
    ("months", "The Agreement runs for 6 months and renews for 12 months.", None),  # two candidates: not read
    ("money", "甲方每月支付服务费人民币8000元。", 8000),
    ("money", "乙方不收取开户费。", 0),
    ("money", "There is no setup fee.", 0),
    ("money", "Late payments bear interest.", None),
    ("pct", "佣金为当月销售额的5%。", 5),
    ("pct", "A commission of 5% of sales, 3% after the first year.", None),
    ("date", "本合同自2027年3月1日起生效。", "2027-03-01"),
    ("date", "This Agreement commences on 1 March 2028.", "2028-03-01"),
    ("date", "签约日期：2027年8月15日", None),  # the signing date is not the start
    ("date", "Date: 15 August 2027", None),
    ("count", "连续2个月销售额低于目标的70%的，甲方可解除本合同。", 2),
    ("platforms", "乙方负责甲方在亚马逊美国站店铺的运营。", ["amazon"]),
])
def test_values_are_read_from_the_sentence(kind, text, value):
    from vetting.intake.normalize import normalize

    assert M.read_value(kind, normalize(text).norm) == value


def test_grams_mask_digits_and_split_chinese_without_a_tokenizer():
    g = M.grams("甲方提前30日通知", "第八条 解除")
    assert {"提前", "00日", "§解除"} <= g
    assert M.grams("fee of 8000 per month") == M.grams("fee of 9999 per month")


# ---------------------------------------------------------------- the model beside the patterns


def test_default_is_the_patterns_and_the_model_adds_what_they_miss(tmp_path):
    assert GAG not in by_field(tmp_path, GAG_ZH)
    got = by_field(tmp_path, GAG_ZH, reading_mode="model")[GAG]
    assert got.value is True and got.note == "model" and "贬损乙方的言论" in got.quote
    assert MIN_CONFIDENCE <= got.confidence <= M.MODEL_MAX < ACCEPT_THRESHOLD


@pytest.mark.parametrize("text,field,wrong", [
    (ZH + "第九条 评价\n乙方不得在任何公开渠道发布贬损甲方的言论。\n", GAG, True),  # the provider's promise, not a gag
    (EN + "6. Reviews. Agency agrees not to post negative comments about Client online.\n", GAG, True),
    (ZH + "第三条 期限\n本合同期满后不自动续约，双方如需继续合作应另行签订新合同。\n", "contract.auto_renewal.present", True),
    (EN + "3. Term. This Agreement shall not renew automatically.\n", "contract.auto_renewal.present", True),
    (ZH + "第四条 付款\n付款日遇法定节假日的，付款期限自动顺延至下一个工作日。\n", "contract.auto_renewal.present", True),
    (ZH + "第七条 解除\n乙方严重违约的，甲方有权解除本合同。\n", "contract.termination.for_convenience", True),
    (ZH + "第七条 解除\n乙方可提前15日书面通知甲方解除本合同。\n", "contract.termination.notice_days", 15),
    (EN + "9. Termination. Client may terminate this Agreement if Agency materially breaches it.\n",
     "contract.termination.for_convenience", True),
    (EN + "4. Fees. Late payments bear interest at 1.5% per month.\n", "fees.commission_pct", 1.5),
])
def test_traps_are_not_read_by_the_model(tmp_path, text, field, wrong):
    got = by_field(tmp_path, text, reading_mode="model").get(field)
    assert got is None or got.value != wrong, f"{field} read as {got.value} from {got.quote}"


def test_cli_flag_and_no_pre_accept(tmp_path):
    import jsonschema

    schema = json.loads((ROOT / "docs" / "scan.schema.json").read_text(encoding="utf-8"))
    f = write(tmp_path, GAG_ZH)
    out = {}
    for mode in ("patterns", "model"):
        result = CliRunner().invoke(cli, ["scan", str(f), "--format", "json", "--accept-confident", "--reading", mode,
                                          "--lang", "zh"], catch_exceptions=False)
        assert result.exit_code == 0
        out[mode] = json.loads(result.output)
        jsonschema.validate(out[mode], schema)
    assert GAG not in {p["field"] for p in out["patterns"]["proposals"]}
    got = next(p for p in out["model"]["proposals"] if p["field"] == GAG)
    assert got["accept"] is False and got["note"] == "model"
    assert any("模型" in n and GAG in n for n in out["model"]["notes"])


class _Fake:
    """A model that reads one field with one value from the sentence it names, whatever it says."""

    def __init__(self, field, value, needle):
        self.field, self.value, self.needle = field, value, needle


@pytest.fixture
def fake(monkeypatch):
    def readings(m, items, skip=frozenset()):
        i = next(n for n, (t, _) in enumerate(items) if m.needle in t)
        return {m.field: (m.value, i, 0.85)}

    monkeypatch.setattr(M, "readings", readings)
    return _Fake


def test_the_model_never_overrides_a_pattern(tmp_path, fake):
    text = ZH + "第三条 期限\n本合同期满后自动续约十二（12）个月。\n"
    alone = by_field(tmp_path, text)["contract.auto_renewal.present"]
    got = by_field(tmp_path, text, reading_mode="model", model=fake("contract.auto_renewal.present", False, "续约"))
    assert got["contract.auto_renewal.present"].value is True
    assert got["contract.auto_renewal.present"].confidence == alone.confidence  # a disagreement does not raise it


def test_agreement_raises_confidence_but_never_to_pre_accept(tmp_path, fake):
    text = ZH + "第三条 期限\n本合同期满后自动续约十二（12）个月。\n"
    alone = by_field(tmp_path, text)["contract.auto_renewal.present"]
    got = by_field(tmp_path, text, reading_mode="model", model=fake("contract.auto_renewal.present", True, "续约"))
    p = got["contract.auto_renewal.present"]
    assert p.confidence >= alone.confidence
    assert alone.confidence >= ACCEPT_THRESHOLD or p.confidence < ACCEPT_THRESHOLD


# ---------------------------------------------------------------- the shipped weights


@pytest.fixture(scope="module")
def trainer():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("train_scan_model", ROOT / "benchmarks" / "train_scan_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_scan_model"] = module
    spec.loader.exec_module(module)
    return module


def test_weights_load_without_pickle_and_are_from_the_current_dev_corpus(trainer):
    with np.load(M.DATA, allow_pickle=False) as z:
        assert set(z["fields"]) <= set(M.FIELDS)
        assert z["topic"].shape == (len(z["vocab"]), len(z["fields"]))
        assert z["value_w"].shape == (len(z["vocab"]), len(z["value_fields"]))
        assert not np.isfinite(z["thresholds"]).all()  # fields whose CV precision never reached the target stay off
        assert str(z["corpus"][0]) == trainer.corpus_fingerprint(DEV), (
            "the dev corpus changed since the weights were fitted: run python benchmarks/train_scan_model.py")


def test_training_is_deterministic(trainer):
    T = trainer
    contracts = T.load_contracts({"d01", "d03", "d04", "d40"})
    a = T.fit(contracts, thresholds=np.zeros(len(M.FIELDS)))
    b = T.fit(list(contracts), thresholds=np.zeros(len(M.FIELDS)))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert a["topic"].any() and "contract.auto_renewal.present" in set(a["value_fields"])
    m = T.as_model(a)
    renew = m.fields.index("contract.auto_renewal.present")
    items = [("本合同期满后自动续约十二个月。", "第三条 期限"), ("甲方应按时支付服务费。", "第四条 付款")]
    assert (m.scores(m.rows(items))[:, renew].argmax()) == 0


def test_model_proposals_reach_the_yaml_file_as_plain_values(tmp_path):
    f = write(tmp_path, GAG_ZH)
    out = tmp_path / "p.yaml"
    result = CliRunner().invoke(cli, ["scan", str(f), "--reading", "model", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    got = next(p for p in doc["proposals"] if p["field"] == GAG)
    assert got["value"] is True and isinstance(got["confidence"], float)
