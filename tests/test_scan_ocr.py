"""Scanned PDF pages: read offline by OCR with the optional extra (``pip install 'vetting[ocr]'``), and
without it, one line that says the PDF has no text layer and how to install the OCR.

The scanned page is made here the way a seller gets one: a dev contract's PDF rasterised with
pdftoppm (poppler-utils) into an image, and the image saved as a PDF without any text layer.
"""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from needs import poppler, require
from vetting.intake import ocr, readers
from vetting.intake.proposals import propose
from vetting.intake.render import document
from vetting.intake.scan import read_contract

DEV = Path(__file__).resolve().parent / "scan_corpus" / "dev"


def scanned_pdf(tmp_path: Path) -> Path:
    poppler()
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", str(DEV / "d07-zh-saas-erp.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    out = tmp_path / "扫描件-合同.pdf"
    image.save(out, "PDF", resolution=150)
    return out


def test_the_scanned_page_has_no_text_layer(tmp_path):
    pdf = scanned_pdf(tmp_path)
    assert ocr.scanned(readers._pdf(pdf.read_bytes())) == [0]


def test_without_the_extra_a_scanned_pdf_says_how_to_install_it(tmp_path, monkeypatch):
    pdf = scanned_pdf(tmp_path)
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(readers.ReadRefused) as e:
        readers.read(pdf, pdf.read_bytes())
    assert e.value.key == "scan_no_text_layer"
    en = (Path(__file__).resolve().parents[1] / "report_templates" / "cli.en.yaml").read_text(encoding="utf-8")
    zh = (Path(__file__).resolve().parents[1] / "report_templates" / "cli.zh.yaml").read_text(encoding="utf-8")
    for text in (en, zh):
        line = next(x for x in text.splitlines() if x.strip().startswith("scan_no_text_layer:"))
        assert "pip install 'vetting[ocr]'" in line


@pytest.mark.slow
def test_ocr_reads_a_scanned_chinese_contract_offline(tmp_path):
    require(importlib.util.find_spec("rapidocr_onnxruntime"), "the OCR extra (pip install 'vetting[ocr]')")
    pdf = scanned_pdf(tmp_path)
    reading = read_contract([str(pdf)])
    props = {p.field: p for p in propose(reading)}
    # d07's first page, as its labels state them: read from pixels, through the same normalisation
    assert props["contract.term_months"].value == 12  # 十二（12）个月
    assert props["contract.start_date"].value == "2026-06-01"
    assert props["contract.auto_renewal.present"].value is True
    assert props["contract.auto_renewal.cancel_notice_days"].value == 30
    assert props["fees.model"].value == "subscription"
    assert props["currency"].value == "CNY"
    page = reading.pages[0]
    for p in props.values():  # every quote is the OCR text at its offsets
        assert page.text[p.start:p.end] == p.quote
    notes = document(reading, list(props.values()), "zh")["notes"]
    assert any("OCR" in n and "第1页" in n for n in notes)
