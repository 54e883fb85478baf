"""The environment vetting runs in: a stdout in a legacy code page, the PDF engine's HOME, process
group and TMPDIR. Real child processes (the CLI, Debian's Chromium, a process tree that outlives its
parent), everything under tmp_path, bounded by timeouts."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile import ROOT, no_traceback, vetting
from vetting.cli import _register, cli
from vetting.outputs import pdf

_register()

V1 = ROOT / "fixtures" / "linkstar-proposal.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                                    reason="Chromium is not installed (under CI=true this fails instead)")


def _redirected(tmp_path: Path, encoding: str, *args) -> tuple[subprocess.CompletedProcess, bytes]:
    """``vetting ARGS > out`` with stdout in ``encoding``, as Python writes a redirected stdout on Chinese
    (cp936/GBK) or Western (cp1252) Windows."""
    out = tmp_path / "report.out"
    with open(out, "wb") as fh:
        proc = subprocess.run([sys.executable, "-c", "from vetting.cli import main; main()", *map(str, args)],
                              stdout=fh, stderr=subprocess.PIPE, timeout=120,
                              env={**os.environ, "PYTHONIOENCODING": encoding})
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", proc.stderr.decode("utf-8", "replace")), \
        out.read_bytes()


@pytest.mark.parametrize("encoding, lang", [("gbk", "en"), ("gbk", "zh"), ("cp1252", "en"), ("cp1252", "zh")])
def test_a_report_to_a_legacy_code_page_stdout_is_written_not_lost(tmp_path, encoding, lang):
    proc, data = _redirected(tmp_path, encoding, "assess", V1, "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "UnicodeEncodeError" not in proc.stderr
    text = data.decode(encoding)
    assert text.startswith("# ") and len(text) > 10_000
    assert ("linkstar-2026-q1" in text)


def test_a_stdout_that_cannot_show_the_report_says_to_use_o(tmp_path):
    proc, data = _redirected(tmp_path, "cp1252", "assess", V1, "--lang", "zh")
    assert proc.returncode == 0
    assert data.decode("cp1252").count("?") > 100  # the Chinese text, replaced
    assert "-o" in proc.stderr and "cp1252" in proc.stderr  # the note, in Chinese: escaped by a cp1252 stderr


def test_a_batch_summary_to_a_legacy_code_page_stdout_is_no_internal_error(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("id,provider.name,seller.monthly_gmv\nd1,伟业代运营,450000\n", encoding="utf-8")
    proc, data = _redirected(tmp_path, "cp1252", "batch", deals, "--out", tmp_path / "out", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    assert "internal" not in proc.stderr and "UnicodeEncodeError" not in proc.stderr
    assert str(tmp_path / "out") in data.decode("cp1252")


@needs_chromium
def test_the_pdf_engine_writes_nothing_under_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    r = vetting("assess", V1, "--format", "pdf", "-o", tmp_path / "r.pdf", env={"HOME": str(home)}, timeout=180, limit_memory=False)
    no_traceback(r)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert list(home.rglob("*")) == []


@needs_chromium
def test_the_pdf_engine_never_creates_a_missing_home(tmp_path):
    home = tmp_path / "no-such-home"
    r = vetting("assess", V1, "--format", "pdf", "-o", tmp_path / "r.pdf", env={"HOME": str(home)}, timeout=180, limit_memory=False)
    no_traceback(r)
    assert r.returncode == 0, r.stderr
    assert not home.exists()


@needs_chromium
def test_a_missing_tmpdir_is_named(tmp_path):
    missing = tmp_path / "no-such-tmp"
    r = vetting("assess", V1, "--format", "pdf", "-o", tmp_path / "r.pdf", env={"TMPDIR": str(missing)}, timeout=180, limit_memory=False)
    no_traceback(r)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"vetting: TMPDIR is {missing}, which is not a folder: create it, or unset TMPDIR, "
                                "to print a PDF")
    assert "zygote" not in r.stderr


def test_a_pdf_engine_that_times_out_is_killed_with_its_children(tmp_path, monkeypatch):
    """A stand-in engine that starts a child and hangs: on the timeout the whole process group goes."""
    from vetting.outputs import pdf

    child_pid = tmp_path / "child.pid"
    engine = tmp_path / "chromium"
    engine.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {child_pid}\nsleep 300\n", encoding="utf-8")
    engine.chmod(0o755)
    monkeypatch.setenv("VETTING_CHROMIUM", str(engine))
    monkeypatch.setattr(pdf, "TIMEOUT", 3)
    try:
        with pytest.raises(pdf.PdfError, match="did not finish printing the PDF within 3 s"):
            pdf.html_to_pdf("<html><body>x</body></html>")
        pid = int(child_pid.read_text())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        assert not _alive(pid), "the engine's child outlived the timeout"
    finally:
        if child_pid.exists() and _alive(int(child_pid.read_text())):
            os.kill(int(child_pid.read_text()), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@needs_chromium
def test_a_missing_tmpdir_is_named_in_chinese(tmp_path):
    missing = tmp_path / "no-such-tmp"
    r = vetting("assess", V1, "--format", "pdf", "-o", tmp_path / "r.pdf", "--lang", "zh",
                env={"TMPDIR": str(missing)}, timeout=180, limit_memory=False)
    no_traceback(r)
    assert r.returncode == 2
    assert r.stderr.strip() == f"vetting：TMPDIR为{missing}，但它不是文件夹：请创建该文件夹或取消TMPDIR设置，再生成PDF"


def test_pdf_without_an_engine_says_what_to_install_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["assess", str(V1), "--format", "pdf", "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.output.strip() == ("vetting：--format pdf需要PDF引擎：请安装Chromium（例如apt-get install chromium "
                                     "fonts-noto-cjk）或WeasyPrint（pip install 'vetting[pdf]'）")
    assert not out.exists()


@pytest.mark.parametrize("lang, line", [
    ("en", "{engine} could not print the PDF (exit 7): no room for the page"),
    ("zh", "{engine}无法生成PDF（退出码7）：no room for the page")])
def test_a_pdf_engine_that_fails_is_one_line_in_the_run_language(tmp_path, lang, line):
    """A real engine process that fails (a stand-in script that says why on stderr and exits 7)."""
    engine = tmp_path / "chromium"
    engine.write_text("#!/bin/sh\necho 'no room for the page' >&2\nexit 7\n", encoding="utf-8")
    engine.chmod(0o755)
    out = tmp_path / "r.pdf"
    r = vetting("assess", V1, "--format", "pdf", "-o", out, "--lang", lang, env={"VETTING_CHROMIUM": str(engine)},
                timeout=60)
    no_traceback(r)
    assert r.returncode == 2
    prefix = "vetting: " if lang == "en" else "vetting："
    assert r.stderr.strip() == prefix + line.format(engine=engine)
    assert not out.exists()
