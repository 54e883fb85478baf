"""`vetting scan`: what a seller checks in the proposals it reads from a provider's contract."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.intake.proposals import ACCEPT_THRESHOLD, propose
from vetting.intake.scan import read_contract

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "scan_corpus" / "dev"
HELD = ROOT / "tests" / "scan_corpus" / "heldout"
SCHEMA = json.loads((ROOT / "docs" / "scan.schema.json").read_text(encoding="utf-8"))
_register()


def scan(*names, **kwargs):
    reading = read_contract([str(DEV / n) for n in names])
    return reading, {p.field: p for p in propose(reading, **kwargs)}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def d01():
    return scan("d01-zh-store-operation-amazon.txt")


def test_chinese_contract_reads_numbers_money_and_renewal(d01):
    _, p = d01
    assert p["contract.auto_renewal.present"].value is True
    assert p["contract.auto_renewal.cancel_notice_days"].value == 60  # 六十（60）日
    assert p["fees.base_monthly"].value == 15000  # 壹万伍仟元整
    assert p["fees.commission_pct"].value == 8 and p["fees.commission_basis"].value == "total_gmv"
    assert p["currency"].value == "CNY"
    assert p["contract.termination.early_termination_fee"].value == 30000  # not the 伍万元 gag penalty
    assert "contract.stop_loss.present" not in p  # 止损评估报告 on request is no stop-loss
    assert p["fees.commission_pct"].value != 0.5  # 千分之五 late interest


def test_every_quote_is_the_extracted_text_at_its_offsets(d01):
    for names in (("d01-zh-store-operation-amazon.txt",), ("d07-zh-saas-erp.pdf",), ("d05-zh-tiktok-ads-tracked.docx",)):
        reading, props = scan(*names) if names[0] != "d01-zh-store-operation-amazon.txt" else d01
        pages = {(pg.file, pg.number): pg.text for pg in reading.pages}
        assert props
        for prop in props.values():
            assert pages[(prop.file, prop.page)][prop.start:prop.end] == prop.quote


@pytest.mark.parametrize("pdf", [DEV / "d07-zh-saas-erp.pdf", HELD / "h04-zh-saas-subscription.pdf"], ids=lambda p: p.name)
def test_chinese_pdf_text_layer_carries_kangxi_lookalikes(pdf):
    """The normalisation is exercised: Chromium-printed Chinese PDFs come out with Kangxi radicals."""
    from vetting.intake.sandbox import read_isolated

    raw = "".join(read_isolated(pdf)["pages"])
    assert any("\u2f00" <= c <= "\u2fdf" for c in raw)


def test_pdf_lookalikes_are_mapped_before_patterns():
    _, p = scan("d07-zh-saas-erp.pdf")
    assert p["currency"].value == "CNY"  # 人⺠币 in the text layer
    assert p["fees.base_monthly"].value == 1200  # not the yearly total 壹万肆仟肆佰元
    assert p["contract.auto_renewal.cancel_notice_days"].value == 30
    assert p["data_access.provider_access"].value == "api_app"


def test_english_traps():
    _, p = scan("d03-en-amazon-agency.txt")
    assert p["contract.stop_loss.present"].value is False  # "may request a stop-loss review"
    assert p["contract.ip.creatives"].value == "seller"  # "templates and tools remain the Agency's"
    assert p["fees.commission_pct"].value == 10  # not the 1.5% late interest
    assert p["contract.auto_renewal.cancel_notice_days"].value == 90
    _, p = scan("d04-en-ads-agency-fair.md")
    assert p["contract.auto_renewal.present"].value is False  # "shall not automatically renew"
    assert p["currency"].value == "GBP"
    _, p = scan("d09-en-saas-order-form.txt")
    assert p["contract.auto_renewal.cancel_notice_days"].value == 30  # not the 7-day reminder


def test_docx_reads_accepted_text_only():
    _, p = scan("d05-zh-tiktok-ads-tracked.docx")
    assert p["contract.auto_renewal.present"].value is False  # w:del 自动续约 dropped, w:ins 不自动续约 kept
    assert "contract.unilateral_changes" not in p  # a deleted paragraph
    assert "contract.auto_renewal.cancel_notice_days" not in p  # only in a comment
    assert p["fees.setup_fee"].value == 2000  # from the fee table
    assert p["currency"].value == "CNY"  # ad funds in USD are not the fees
    assert p["data_access.raw_data_export"].value is True  # an inserted paragraph


def test_bilingual_contract_is_read_in_the_prevailing_language():
    reading, p = scan("d06-bilingual-listing-studio.docx")
    assert reading.prevailing == ["zh"]
    assert p["contract.ip.creatives"].value == "seller"  # the English sentence says the studio keeps it
    reading = read_contract([str(DEV / "d06-bilingual-listing-studio.docx")], contract_lang="en")
    p = {x.field: x for x in propose(reading)}
    assert p["contract.ip.creatives"].value == "provider"  # --contract-lang en reads the English version


def test_supplement_overrides_the_main_contract():
    reading, p = scan("d01-zh-store-operation-amazon.txt", "d08-zh-supplement-to-d01.txt")
    assert reading.supplements == [False, True]
    assert p["contract.auto_renewal.present"].value is False
    assert (p["fees.commission_pct"].value, p["fees.commission_basis"].value) == (6, "incremental_gmv")
    assert p["data_access.provider_access"].value == "sub_account"
    assert p["contract.termination.early_termination_fee"].value == 30000  # the main contract's still stands
    assert "contract.restricts_reviews_or_complaints" not in p  # 主合同第八条删除


@pytest.mark.parametrize("body, supplement, title", [
    ("2.1 本合同期限自2028年3月1日起至2029年2月28日止。\n2.2 委托期限届满前六十日，委托人未书面通知终止合作的，本合同自动续展十二个月。\n",
     "补充条款\n\n经双方协商，补充条款与正文约定不一致的，以补充条款为准：\n一、第2.2条修改为：本合同期满后是否续约由委托人决定。\n", "zh"),
    ("2.1 This Agreement runs from March 1, 2028 to February 28, 2029.\n2.2 This Agreement shall automatically renew for "
     "successive twelve (12) month terms unless the Client gives sixty (60) days' written notice.\n",
     "Special Conditions\n\nThese Special Conditions shall prevail over the body of this Agreement.\n1. Clause 2.2 is "
     "replaced: any renewal requires a new agreement signed by both parties.\n", "en"),
])
def test_a_prevailing_section_that_rewrites_a_clause_silences_it(tmp_path, body, supplement, title):
    # a 补充条款 / Special Conditions section at the end of the same file that says it prevails and rewrites clause 2.2:
    # the body's automatic renewal is no fact of the contract any more (it was pre-accepted at 0.95 on d81)
    f = tmp_path / f"contract-{title}.txt"
    f.write_text(body + "\n" + supplement, encoding="utf-8")
    p = {x.field: x for x in propose(read_contract([str(f)]))}
    assert "contract.auto_renewal.present" not in p or p["contract.auto_renewal.present"].value is False
    assert "contract.auto_renewal.renewal_term_months" not in p
    assert p["contract.term_months"].value == 12  # clause 2.1 still stands


def test_proposals_name_the_rules_they_trigger(d01):
    _, p = d01
    assert "REN-001" in p["contract.auto_renewal.present"].rules
    assert "SEC-001" in p["data_access.provider_access"].rules


def test_json_matches_its_schema_and_yaml_is_a_proposals_file(tmp_path):
    out = tmp_path / "scan.json"
    result = run("scan", DEV / "d02-zh-store-operation-shopee-fair.md", "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["format"] == "vetting/scan@1" and doc["proposals"]
    result = run("scan", DEV / "d02-zh-store-operation-shopee-fair.md")
    doc = yaml.safe_load(result.output)
    jsonschema.validate(doc, SCHEMA)
    assert all(p["accept"] is False for p in doc["proposals"])


def test_accept_confident_and_complete(tmp_path):
    result = run("scan", DEV / "d04-en-ads-agency-fair.md", "--format", "json", "--complete", "--accept-confident")
    doc = json.loads(result.output)
    jsonschema.validate(doc, SCHEMA)
    accepted = [p for p in doc["proposals"] if p["accept"]]
    assert accepted and all(p["confidence"] >= ACCEPT_THRESHOLD for p in accepted)
    absent = {p["field"]: p for p in doc["proposals"] if p["absent"]}
    assert absent["contract.stop_loss.present"]["value"] is False
    assert all(not p["accept"] and p["quote"] == "" for p in absent.values())
    assert "contract.auto_renewal.present" not in absent  # the contract says it


def test_deal_conflicts_are_marked(tmp_path):
    deal = tmp_path / "deal.yaml"
    deal.write_text("id: blue-sail\nprovider: {name: 跨越星辰}\ncontract:\n  auto_renewal: {present: false}\n"
                    "fees: {base_monthly: 15000}\n", encoding="utf-8")
    result = run("scan", DEV / "d01-zh-store-operation-amazon.txt", "--deal", deal, "--format", "json")
    props = {p["field"]: p for p in json.loads(result.output)["proposals"]}
    assert props["contract.auto_renewal.present"]["conflict"] == {"deal": False}
    assert props["fees.base_monthly"]["conflict"] is None


@pytest.mark.parametrize("lang, words", [("en", ["not legal advice", "confirm"]), ("zh", ["不构成法律意见", "确认"])])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_says_it_is_not_legal_advice(lang, words, fmt):
    result = run("scan", DEV / "d11-en-shopee-store-management.md", "--format", fmt, "--lang", lang)
    assert result.exit_code == 0
    assert all(w in result.output for w in words)


def _docx(tmp_path, name, document: bytes, extra: dict | None = None) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           b'<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.slow
@pytest.mark.parametrize("make, needle", [
    (lambda d: d / "contract.doc", "save it as .docx"),
    (lambda d: d / "contract.wps", "save it as .docx"),
    (lambda d: d / "scan.png", "vetting[ocr]"),
    (lambda d: d / "empty.txt", "file is empty"),
    (lambda d: d / "broken.pdf", "not a readable PDF"),
    (lambda d: d / "encrypted.pdf", "PDF is encrypted"),
    (lambda d: d / "broken.docx", "not a readable DOCX"),
    (lambda d: d / "encrypted.docx", "encrypted"),
    (lambda d: _docx(d, "laughs.docx", _LAUGHS), "XML entities"),
    (lambda d: _docx(d, "bomb.docx", b"<w:document/>", {"word/media/x.bin": b"\0" * (4 * 1024 * 1024)}), "ZIP bomb"),
    (lambda d: d / "notext.pdf", "no text layer"),
    (lambda d: d / "french.txt", "neither in Chinese nor in English"),
    (lambda d: d / "huge.txt", "larger than"),
], ids=["doc", "wps", "image", "empty", "broken-pdf", "encrypted-pdf", "broken-docx", "encrypted-docx", "billion-laughs", "zip-bomb",
        "no-text-layer", "other-language", "oversize"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, needle):
    contents = {
        "contract.doc": b"\xd0\xcf\x11\xe0 old word", "contract.wps": b"\xd0\xcf\x11\xe0 wps", "scan.png": b"\x89PNG\r\n",
        "empty.txt": b"", "broken.pdf": b"%PDF-1.7\n garbage without objects", "broken.docx": b"PK\x03\x04 not a zip",
        "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "notext.pdf": _EMPTY_PDF, "encrypted.pdf": _ENCRYPTED_PDF, "french.txt": ("Le présent contrat est conclu entre les parties soussignées. " * 20).encode(),
    }
    path = make(tmp_path)
    if path.name == "huge.txt":
        path.write_bytes(b"a" * (20 * 1024 * 1024 + 1))
    elif path.name in contents:
        path.write_bytes(contents[path.name])
    result = CliRunner().invoke(cli, ["scan", str(path)])
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and needle in lines[0] and path.name in lines[0]
    assert "Traceback" not in result.output


_EMPTY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
              b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
_ENCRYPTED_PDF = _EMPTY_PDF.replace(b"trailer<</Root 1 0 R>>", b"4 0 obj<</Filter/Standard/V 1/R 2/O<" + b"11" * 32 + b">/U<"
                                    + b"22" * 32 + b">/P -4>>endobj\ntrailer<</Root 1 0 R/Encrypt 4 0 R/ID[<00112233445566778899aabbccddeeff>"
                                    b"<00112233445566778899aabbccddeeff>]>>")


def test_parser_runs_under_a_memory_limit(monkeypatch):
    """A parser that needs more than the limit ends as one 'within the limits' problem, not a crash of vetting."""
    from vetting.intake import sandbox

    monkeypatch.setattr(sandbox, "MEMORY", 40 * 1024 * 1024)
    with pytest.raises(sandbox.ParseFailed) as e:
        sandbox.read_isolated(DEV / "d07-zh-saas-erp.pdf")
    assert e.value.key == "scan_limits"


@pytest.mark.parametrize("raw, norm", [
    ("三十（30）日", "30日"), ("百分之五", "5%"), ("百分之八（8%）", "8%"), ("千分之五", "0.5%"),
    ("人民币壹万贰仟元整", "人民币12000元"), ("九十天", "90天"), ("两个月", "2个月"), ("1.5万元", "15000元"),
    ("twelve (12) months", "12 months"), ("ten percent (10%)", "10%"), ("two consecutive months", "2 consecutive months"),
    ("⼈⺠币", "人民币"), ("⻢来西亚", "马来西亚"), ("⽤⼾", "用户"), ("用戶", "用户"), ("１２０００", "12000"),
])
def test_normalisation_keeps_a_map_to_the_extracted_text(raw, norm):
    from vetting.intake.normalize import normalize

    text = normalize("甲方：" + raw + "。")
    assert text.norm == "甲方:" + norm + "。"
    start, end = text.span(3, len(text.norm) - 1)
    assert ("甲方：" + raw + "。")[start:end] == raw


@pytest.mark.parametrize("text, amount, code", [
    ("人民币15000元", 15000, "CNY"), ("¥8,000.00", 8000, "CNY"), ("USD 3,500", 3500, "USD"), ("$199.00", 199, "USD"),
    ("SGD 2,000", 2000, "SGD"), ("£1,200", 1200, "GBP"), ("RMB 12,000", 12000, "CNY"), ("3000美元", 3000, "USD"),
])
def test_currency_words(text, amount, code):
    from vetting.intake.base import moneys

    assert moneys(text)[0][:2] == (amount, code)
