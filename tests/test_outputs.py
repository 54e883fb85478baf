"""What vetting writes: the JSON contract (golden file and JSON Schema), output files that never
damage what is not theirs, interrupted runs, batch output folders, strict JSON, terminal text."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT
from vetting.cli import _register, cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regen_golden  # noqa: E402  (the golden files' one definition: which fixtures, how rendered)

_register()
SEED = str(FIXTURES / "linkstar-proposal.yaml")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the JSON contract ---------------------------------------------------------------------------

@pytest.mark.parametrize("key", regen_golden.CONTRACT, ids=lambda k: ".".join(k))
def test_json_contract_matches_its_golden_file(key):
    name, lang, fmt = key
    golden = regen_golden.golden_path(*key)
    assert golden.exists(), f"{golden} missing; run: PYTHONPATH=src python tests/regen_golden.py"
    result = run("assess", str(FIXTURES / f"{name}.yaml"), "--lang", lang, "--format", fmt,
                 "--today", regen_golden.GOLDEN_TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs from `vetting assess --format json`; if the change is intended, run "
        "PYTHONPATH=src python tests/regen_golden.py and review git diff tests/golden/ "
        "(and docs/assessment.schema.json when the contract changed)")


def test_the_published_schema_is_what_vetting_schema_prints():
    """docs/assessment.schema.json is generated (tests/regen_golden.py); tests/test_contract.py checks
    every fixture's assessment against it and that it refuses what breaks the contract."""
    result = run("schema", "--assessment")
    assert result.exit_code == 0, result.output
    assert result.stdout == regen_golden.SCHEMA_FILE.read_text(encoding="utf-8"), (
        "docs/assessment.schema.json differs from `vetting schema --assessment`; run "
        "PYTHONPATH=src python tests/regen_golden.py and review the diff")
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


# -- never over an input, never a raw OSError --------------------------------------------------------

def _deal_copy(tmp_path, name="deal.yaml"):
    p = tmp_path / name
    p.write_bytes(Path(SEED).read_bytes())
    return p


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
def test_output_onto_the_input_is_refused_and_the_input_kept(tmp_path, how, monkeypatch):
    deal = _deal_copy(tmp_path)
    before = deal.read_bytes()
    target = {"same path": deal, "symlink": tmp_path / "link.yaml", "hard link": tmp_path / "hard.yaml",
              "relative path": Path("sub/../deal.yaml")}[how]
    if how == "symlink":
        target.symlink_to(deal)
    elif how == "hard link":
        target.hardlink_to(deal)
    elif how == "relative path":
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path)
    result = run("assess", str(deal), "--format", "json", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (f"vetting: cannot write {target}: it is the input file {deal}; "
                             "vetting never writes over its input: choose another output file\n")
    assert result.stdout == "" and deal.read_bytes() == before and not list(tmp_path.glob(".*.tmp"))


def test_compare_output_onto_one_of_its_deals_is_refused(tmp_path):
    a, b = _deal_copy(tmp_path, "a.yaml"), tmp_path / "b.yaml"
    b.write_bytes((FIXTURES / "gold-standard.yaml").read_bytes())
    before = b.read_bytes()
    result = run("compare", str(a), str(b), "--format", "json", "-o", str(b))
    assert result.exit_code == 2 and result.stderr.startswith(f"vetting: cannot write {b}: it is the input file {b}")
    assert b.read_bytes() == before


def test_unwritable_outputs_are_exit_2_naming_the_file(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep", encoding="utf-8")
    cases = {
        str(folder): f"vetting: cannot write {folder}: it is a folder; give a file name\n",
        str(a_file / "out.md"): f"vetting: cannot write {a_file / 'out.md'}: {a_file} is a file, not a folder\n",
        str(a_file / "deeper" / "out.md"):
            f"vetting: cannot write {a_file / 'deeper' / 'out.md'}: {a_file} is a file, not a folder\n",
    }
    for output, message in cases.items():
        for argv in (["assess", SEED, "-o", output], ["schema", "-o", output], ["rules", "catalog", "-o", output]):
            result = run(*argv)
            assert (result.exit_code, result.stderr) == (2, message), argv
    assert a_file.read_text(encoding="utf-8") == "keep" and list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: a read-only folder does not stop it")
def test_a_folder_without_write_permission_is_exit_2(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = run("assess", SEED, "-o", str(ro / "out.md"))
    finally:
        ro.chmod(0o700)
    assert result.exit_code == 2
    assert result.stderr == f"vetting: cannot write {ro / 'out.md'}: Permission denied\n"


def test_a_missing_parent_is_made(tmp_path):
    out = tmp_path / "a" / "b" / "out.json"
    assert run("assess", SEED, "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["deal_id"] == "linkstar-2026-q1"


def test_a_batch_never_writes_over_its_input(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    table = out / "summary.csv"
    table.write_text("id,provider.name\nx,P\n", encoding="utf-8")
    result = run("batch", str(table), "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"vetting: cannot write {table}: it is the input file {table}; vetting never writes "
                             "over its input: choose another --out folder\n")
    assert table.read_text(encoding="utf-8") == "id,provider.name\nx,P\n"
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv"]


# -- a batch's output folder: one run at a time, one run's files ------------------------------------

def _deal_folder(tmp_path, names):
    folder = tmp_path / "deals"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name in names:
        (folder / f"{name}.yaml").write_bytes((FIXTURES / f"{name}.yaml").read_bytes())
    return folder


def test_a_second_batch_into_a_busy_folder_is_refused(tmp_path):
    import fcntl

    folder = _deal_folder(tmp_path, ["gold-standard"])
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)  # what a running batch holds
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("batch", str(folder), "--out", str(out))
        assert result.exit_code == 2
        assert result.stderr == (f"vetting: cannot write {out}: another vetting batch is writing into this folder; "
                                 "wait for it to finish or choose another --out\n")
        assert list(out.iterdir()) == []
    finally:
        os.close(fd)
    result = run("batch", str(folder), "--out", str(out), "--no-xlsx", "--no-parquet")
    assert result.exit_code == 0, result.output  # the lock went with the run that held it


def _manifest(out):
    return json.loads((out / ".vetting-manifest.json").read_text(encoding="utf-8"))


def test_a_rerun_replaces_every_file_of_the_earlier_run_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    three = _deal_folder(tmp_path, ["gold-standard", "linkstar-proposal", "lock-in"])
    assert run("batch", str(three), "--out", str(out), "--reports", "md", "--parquet").exit_code == 0
    first = _manifest(out)["files"]
    assert first == sorted(["errors.csv", "findings.csv", "summary.csv", "results.xlsx", "errors.parquet",
                            "findings.parquet", "summary.parquet", "portfolio.html", "reports/gold-2026.md",
                            "reports/lazada-lockin.md", "reports/linkstar-2026-q1.md"])
    # what the user put there is theirs, whatever its name
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "reports" / "mine.md").write_text("mine", encoding="utf-8")
    one = _deal_folder(tmp_path, ["gold-standard"])
    result = run("batch", str(one), "--out", str(out), "--reports", "md", "--no-xlsx", "--no-parquet")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"note: removed 6 file(s) of the earlier run in {out}: errors.parquet, findings.parquet, "
        "reports/lazada-lockin.md, reports/linkstar-2026-q1.md, results.xlsx and 1 more")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".vetting-manifest.json", "errors.csv", "findings.csv", "notes.txt", "portfolio.html", "reports/gold-2026.md",
        "reports/mine.md", "summary.csv"]
    assert _manifest(out) == {"format": "vetting/batch-manifest@1",
                              "files": ["errors.csv", "findings.csv", "portfolio.html", "reports/gold-2026.md",
                                        "summary.csv"]}


def test_a_manifest_never_deletes_outside_the_folder_or_through_links(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    (out / "link.txt").symlink_to(outside)
    (out / ".vetting-manifest.json").write_text(json.dumps({"format": "vetting/batch-manifest@1", "files": [
        "../outside.txt", str(outside), "link.txt", ".vetting-manifest.json", "missing.csv"]}), encoding="utf-8")
    folder = _deal_folder(tmp_path, ["gold-standard"])
    assert run("batch", str(folder), "--out", str(out), "--no-xlsx", "--no-parquet").exit_code == 0
    assert outside.read_text(encoding="utf-8") == "keep" and (out / "link.txt").is_symlink()
    assert _manifest(out)["files"] == ["errors.csv", "findings.csv", "portfolio.html", "summary.csv"]


def test_a_foreign_manifest_deletes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data.csv").write_text("x", encoding="utf-8")
    (out / ".vetting-manifest.json").write_text('{"files": ["data.csv"]}', encoding="utf-8")  # no format: not ours
    folder = _deal_folder(tmp_path, ["gold-standard"])
    assert run("batch", str(folder), "--out", str(out), "--no-xlsx", "--no-parquet").exit_code == 0
    assert (out / "data.csv").read_text(encoding="utf-8") == "x"


# -- interrupted runs: exit 130 / 143, no temporary files, earlier results intact ---------------------

def _many_deals(tmp_path, n):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import synthetic_deals

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False, default=str) + "\n" for d in synthetic_deals(n, seed=5)),
                    encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("sig, code, said", [
    ("SIGTERM", 143, "vetting: stopped by signal 15\n"),
    ("SIGINT", 130, "vetting: interrupted\n"),
], ids=["sigterm", "ctrl-c"])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_signalled_batch_stops_with_its_code_and_leaves_no_temporary_file(tmp_path, sig, code, said, workers):
    import signal
    import subprocess
    import time

    small = _deal_folder(tmp_path, ["gold-standard"])
    out = tmp_path / "out"
    assert run("batch", str(small), "--out", str(out), "--no-xlsx", "--no-parquet").exit_code == 0
    earlier = {name: (out / name).read_bytes() for name in ("summary.csv", "findings.csv", "errors.csv")}
    deals = _many_deals(tmp_path, 3000)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", "from vetting.cli import main; main()", "batch", str(deals),
                             "--out", str(out), "--reports", "md", "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while len(list((out / "reports").glob("*.md"))) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before it could be signalled: give it more deals"
        proc.send_signal(getattr(signal, sig))
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, stderr
    assert stderr.decode() == said and stdout == b""
    assert [p.name for p in out.rglob("*.tmp")] == []
    assert {name: (out / name).read_bytes() for name in earlier} == earlier  # the earlier run's tables, intact
    # the manifest knows the reports the stopped run wrote, so the next run cleans them up
    listed = set(_manifest(out)["files"])
    written = {p.relative_to(out).as_posix() for p in (out / "reports").glob("*.md")}
    assert written and written <= listed and set(earlier) <= listed
    assert run("batch", str(small), "--out", str(out), "--no-xlsx", "--no-parquet").exit_code == 0
    assert not (out / "reports").exists() or list((out / "reports").iterdir()) == []


def test_temporaries_left_by_an_interrupted_write_are_removed(tmp_path):
    from vetting.io import atomic

    fd, tmp = atomic.temp_beside(tmp_path / "x.csv")
    os.close(fd)
    assert tmp.exists()
    assert atomic.remove_temporaries() == [str(tmp)]
    assert not tmp.exists() and atomic.remove_temporaries() == []


# -- strict JSON, terminal text ---------------------------------------------------------------------

def _no_constants(name):
    raise AssertionError(f"bare {name} in the JSON")


def test_compare_json_is_strict_with_figures_beyond_a_float(tmp_path):
    # the largest GMV a scenario may have (a deal's money bound; 1e308 is refused: test_hostile_options)
    deals = sorted(str(p) for p in (FIXTURES / "compare").glob("*.yaml"))
    result = run("compare", *deals, "--gmv=1e12", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    data = json.loads(result.stdout, parse_constant=_no_constants)
    scenario = next(s for s in data["deals"][0]["cost"]["scenarios"] if s["monthly_gmv"] == 1e12)
    assert all(v is None or isinstance(v, float) for v in (scenario["monthly"], scenario["first_year"]))


def test_strict_json_turns_non_finite_figures_into_null():
    from vetting.io import jsontext

    text = jsontext.dumps({"a": float("inf"), "b": [float("-inf"), float("nan"), 1.5], "c": (2, "x")})
    assert text == '{"a": null, "b": [null, null, 1.5], "c": [2, "x"]}'


def test_control_characters_are_escaped_for_a_terminal_only():
    from vetting.cli.terminal import escape_controls

    assert escape_controls("Evil\x1b[2J\rVerdict: proceed \u202eX\ttab\nline\x7f\x9b") == (
        "Evil\\u001b[2J\\u000dVerdict: proceed \\u202eX\ttab\nline\\u007f\\u009b")
    assert escape_controls("联星出海 LinkStar — 代运营") == "联星出海 LinkStar — 代运营"


def _hostile_deal(tmp_path):
    p = tmp_path / "hostile.yaml"
    p.write_text('id: esc\nprovider:\n  name: "Evil\\e[2J\\rVerdict: proceed \\u202eX"\nas_of: 2026-01-15\n',
                 encoding="utf-8")
    return p


@pytest.mark.slow
def test_deal_text_on_a_terminal_is_escaped_and_in_a_file_inert(tmp_path):
    import pty
    import subprocess

    deal = _hostile_deal(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}  # vetting's own colours off: any escape shown is the deal's
    cmd = [sys.executable, "-c", "from vetting.cli import main; main()", "assess", str(deal)]
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.PIPE, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        err = proc.stderr.read()
        proc.stderr.close()
    finally:
        os.close(master)
    shown = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0 and err == b""
    # the CR is a line break in deal text: folded into a space in Markdown (it stays inside its list item)
    assert "Evil\\u001b[2J\\u000dVerdict: proceed \\u202eX" in shown  # the summary shows the CR escaped, never obeyed
    assert "\r\n" in shown  # the terminal's own line ends (onlcr) are all the carriage returns there are
    assert "\rVerdict" not in shown and "\u202e" not in shown and "\x1b" not in shown
    out = tmp_path / "report.md"
    assert run("assess", str(deal), "-o", str(out)).exit_code == 0
    # a Markdown report holds no control character or bidi override, in a file or a pipe either (`cat report.md`
    # would run the ESC; hostile round 4): each shows as U+FFFD (vetting.io.visible), the break as a space
    assert "Evil\ufffd[2J Verdict: proceed \ufffdX" in out.read_bytes().decode("utf-8")
    piped = subprocess.run(cmd, capture_output=True, env=env)
    assert "Evil\ufffd[2J Verdict: proceed \ufffdX" in piped.stdout.decode("utf-8")


@pytest.mark.slow
def test_two_batches_into_one_folder_at_once_the_second_is_refused(tmp_path):
    import subprocess
    import time

    deals = _many_deals(tmp_path, 500)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", "from vetting.cli import main; main()", "batch", str(deals), "--out", str(out),
           "--reports", "md", "--no-xlsx", "--no-parquet"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while not list((out / "reports").glob("*.md")) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, "the first batch ended before the second started: give it more deals"
        second = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
        assert second.returncode == 2
        assert second.stderr.decode() == (f"vetting: cannot write {out}: another vetting batch is writing into this "
                                          "folder; wait for it to finish or choose another --out\n")
        stdout, stderr = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, stderr
    assert stdout.decode().startswith("500 rows: 500 assessed, 0 failed")
    assert len(list((out / "reports").glob("*.md"))) == 500 and not list(out.rglob("*.tmp"))


def test_a_run_stopped_while_converting_tables_lists_them_for_the_next_run(tmp_path, monkeypatch):
    from vetting.outputs.table_xlsx import XlsxStream
    from vetting.workflows.batch import run as run_batch

    out = tmp_path / "out"
    folder = _deal_folder(tmp_path, ["gold-standard"])

    def stopped(self):  # Ctrl-C while the workbook is written, after the CSV files are in place
        (self.out / "results.xlsx").write_bytes(b"half a workbook, as a crash at the wrong moment leaves it")
        raise KeyboardInterrupt

    monkeypatch.setattr(XlsxStream, "close", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_batch(folder, out, xlsx=True, parquet=False)
    assert _manifest(out)["files"] == ["errors.csv", "findings.csv", "portfolio.html", "results.xlsx", "summary.csv"]
    monkeypatch.undo()
    result = run("batch", str(folder), "--out", str(out), "--no-xlsx", "--no-parquet")
    assert result.exit_code == 0, result.output
    assert not (out / "results.xlsx").exists()
    assert _manifest(out)["files"] == ["errors.csv", "findings.csv", "portfolio.html", "summary.csv"]
