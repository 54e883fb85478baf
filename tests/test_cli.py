"""The command line: exit codes, --fail-on, output files, help, and a fast single-deal path."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli

_register()
GOLD = str(FIXTURES / "gold-standard.yaml")      # low
STORE = str(FIXTURES / "small-store-heavy-fee.yaml")  # high
SEED = str(FIXTURES / "linkstar-proposal.yaml")  # critical


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def all_commands(group=cli, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in all_commands()], ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "vetting " + " ".join(path) in result.output or len(path) == 1 and f"vetting {path[0]}" in result.output


# --fail-on precedence (README "Exit codes"): bad input 2 beats a reached level 1 beats 0.
@pytest.mark.parametrize("deal, fail_on, code", [
    (GOLD, None, 0), (GOLD, "medium", 0), (GOLD, "low", 1),
    (STORE, "critical", 0), (STORE, "high", 0), (STORE, "medium", 1),
    (SEED, "critical", 1), (SEED, None, 0),
])
def test_fail_on_table(deal, fail_on, code):
    args = ["assess", deal, "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    result = run(*args)
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["format"] == "vetting/assessment@2"  # the result is printed either way


def test_bad_input_beats_fail_on(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("id: x\n", encoding="utf-8")
    result = run("assess", str(p), "--fail-on", "low")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_output_file_is_written_and_identical_to_stdout(tmp_path):
    out = tmp_path / "sub" / "a.json"
    assert run("assess", SEED, "--format", "json", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == run("assess", SEED, "--format", "json").stdout
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not mkstemp's 0600


def test_json_assessment_contract():
    data = json.loads(run("assess", SEED, "--format", "json").stdout)
    assert list(data)[:16] == ["format", "deal_id", "provider", "score", "level", "verdict", "completeness",
                               "exposure", "categories", "blockers", "fix_first", "path", "ask_first", "report_date", "cancel_by",
                               "waivers"]
    assert data["deal_id"] == "linkstar-2026-q1" and data["provider"] == "联星出海 LinkStar"
    assert set(data["categories"]) == {"kpi", "data", "exit", "renewal", "ip", "credibility", "fees", "security",
                                       "governance", "compliance"}
    for fig in data["categories"].values():
        assert set(fig) == {"score", "risks", "unknowns", "passed", "accepted", "not_applicable"}
    f = data["findings"][0]
    assert {"rule_id", "category", "severity", "status", "points", "subject", "refs", "title", "why", "ask", "fix"} <= set(f)
    points = [x["points"] for x in data["findings"]]
    assert points == sorted(points, reverse=True)
    assert {"risk", "unknown", "pass"} <= {x["status"] for x in data["findings"]} <= {"risk", "unknown", "pass", "na"}
    assert data["rules"]["packs"] == ["core@1.0.0"] and data["rules"]["count"] >= 60
    assert abs(sum(points) - data["score"]) < 0.2


def test_schema_is_json_schema_of_the_deal():
    doc = json.loads(run("schema").stdout)
    assert doc["$schema"].startswith("https://json-schema.org/")
    assert set(doc["required"]) == {"id", "provider"}
    assert "stop_loss" in json.dumps(doc)


def test_rules_list_and_show():
    listing = run("rules", "list").stdout.splitlines()
    assert len(listing) >= 60
    assert any(line.startswith("SEC-001 ") for line in listing)
    page = run("rules", "show", "SEC-001", "--lang", "zh").stdout
    assert page.startswith("# SEC-001")
    missing = run("rules", "show", "SEC-01")
    assert missing.exit_code == 2 and "did you mean 'SEC-001'?" in missing.output


def test_single_deal_path_does_not_import_pandas(tmp_path):
    code = ("import sys; from vetting.cli import main\n"
            "try:\n    main(['assess', %r, '--format', 'json', '-o', %r])\n"
            "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
            "assert 'pandas' not in sys.modules, 'pandas imported'\nprint('ok')") % (SEED, str(tmp_path / "out.json"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_no_traceback_for_an_internal_error(monkeypatch, capsys):
    from vetting.workflows import assess as api
    from vetting.cli import main

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api, "assess_file", boom)
    with pytest.raises(SystemExit) as exc:
        main(["assess", SEED])
    assert exc.value.code == 3
    assert capsys.readouterr().err == "vetting: internal error: RuntimeError: simulated bug (please report this)\n"


def test_output_onto_a_device_node_writes_through_and_keeps_it(tmp_path):
    """-o onto a device (here a FIFO and a character device made in tmp_path) writes into it and never replaces it."""
    import os
    import stat

    from vetting.io.writing import write_file

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # the reader is open before the write (a reader thread that has not reached open() yet would make
    # the FIFO look unread, which is refused at once: that race made this test flaky)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_file(fifo, b"through the pipe")
        got = os.read(reader, 100)
    finally:
        os.close(reader)
    assert got == b"through the pipe"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)

    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = run("assess", SEED, "--format", "json", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(null).st_mode), "the device node was replaced by a regular file"

    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run("assess", SEED, "--format", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("{")


# -- errors in one place ---------------------------------------------------------------------------

def test_an_internal_error_is_one_line_and_exit_3_under_clirunner_too(monkeypatch):
    """The catch-all lives in the command group, so CliRunner (not only main()) reaches it."""
    from vetting.workflows import assess as api

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api, "assess_file", boom)
    result = CliRunner().invoke(cli, ["assess", SEED], catch_exceptions=False)
    assert result.exit_code == 3
    assert result.stderr == "vetting: internal error: RuntimeError: simulated bug (please report this)\n"
    assert result.stdout == ""


def test_ctrl_c_inside_a_command_is_exit_130_not_click_s_abort(monkeypatch):
    from vetting.workflows import assess as api

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "assess_file", interrupted)
    result = CliRunner().invoke(cli, ["assess", SEED], catch_exceptions=False)
    assert result.exit_code == 130
    assert result.stderr == "vetting: interrupted\n"


def test_every_vetting_error_is_its_lines_and_its_exit_code(monkeypatch):
    from vetting.workflows import assess as api
    from vetting.io.errors import InputError, Problem, RulePackError

    cases = [
        (InputError([Problem("d.yaml", "fees.model", "'x' is not one of fixed", 8, suggestion="; did you mean 'fixed'?"),
                     Problem("d.yaml", "", "file is empty")]),
         "d.yaml:8: fees.model: 'x' is not one of fixed; did you mean 'fixed'?\nd.yaml: file is empty\n"),
        (RulePackError([Problem("p/fees.yaml", "when", "unknown field 'a.b'", 7, rule="MY-001"), "plain line"]),
         "p/fees.yaml:7: MY-001: when: unknown field 'a.b'\nplain line\n"),
    ]
    for error, text in cases:
        def raise_it(*a, **k):
            raise error

        monkeypatch.setattr(api, "assess_file", raise_it)
        result = CliRunner().invoke(cli, ["assess", SEED], catch_exceptions=False)
        assert (result.exit_code, result.stderr, result.stdout) == (2, text, "")


def test_the_cli_s_constants_are_the_library_s():
    from vetting.cli import common
    from vetting.rules.rulepack import LANGS
    from vetting.rules.scoring import LEVEL_ORDER

    assert common.LANGS == LANGS and common.LEVELS == LEVEL_ORDER


def test_a_rule_pack_error_has_file_line_rule_and_plain_words(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: Acme Policy\nversion: '1.0'\n", encoding="utf-8")
    (pack / "fees.yaml").write_text("""\
category: fees
rules:
  - id: ACME-001
    severity: blocker
    points: 70
    sources: [our policy]
    when:
      - fees.model: fixed
    en: {titel: Fixed fee, passed: No fixed fee, why: w, ask: a, evidence: e, fix: f}
    zh: {title: 固定费用, passed: 不是固定费用, why: 原因, ask: 问题, evidence: 证据, fix: 条款}
  - just text
  - id: acme-2
    severity: low
    points: 2
    sources: []
    when: {fees.model: fixed}
    en: {title: Fixed fee, passed: No fixed fee, why: w, ask: a, evidence: e, fix: f}
    zh: {title: 固定费用, passed: 不是固定费用, why: 原因, ask: 问题, evidence: 证据, fix: 条款}
""", encoding="utf-8")
    result = run("rules", "check", str(pack))
    assert result.exit_code == 2
    meta, fees = pack / "pack.yaml", pack / "fees.yaml"
    assert result.stderr.splitlines() == [
        f"{meta}:1: name: 'Acme Policy' must be lower-case letters, digits, '_' or '-' (e.g. acme-policy)",
        f"{meta}:2: version: '1.0' must be a version as three numbers (e.g. 1.0.0)",
        f"{fees}:5: ACME-001: points: must be ≤ 60, got 70",
        f"{fees}:9: ACME-001: en.title: is required",
        f"{fees}:9: ACME-001: en.titel: unknown field 'titel'; did you mean 'title'?",
        f"{fees}:11: rules[1]: expected a rule (a mapping with id:, severity:, when: ...), got 'just text'",
        f"{fees}:12: acme-2: id: 'acme-2' must be 2-6 capital letters, '-' and three digits (e.g. ACME-001)",
        f"{fees}:15: acme-2: sources: needs at least 1 entry, got []",
    ]
    assert "Input should" not in result.stderr and "Value error" not in result.stderr


COMMANDS = ("assess", "addendum", "batch", "compare", "explain", "init", "rules", "schema", "diff", "track", "remind",
            "serve", "scan", "ask", "merge")
# Every light command and format: the help of each command (and of the rules sub-commands), the schemas,
# each template, the catalog. None loads durable-rules or pandas; all but the workbook template do
# without openpyxl too. ``{out}`` is a file under tmp_path.
LIGHT = ([["--help"]] + [[c, "--help"] for c in COMMANDS]
         + [["rules", c, "--help"] for c in ("list", "show", "check", "catalog")]
         + [["schema"], ["schema", "--assessment"], ["schema", "--lang", "zh"],
            ["init"], ["init", "--lang", "zh"], ["init", "--format", "yaml", "-o", "{out}.yaml"],
            ["init", "--format", "xlsx", "-o", "{out}.xlsx"], ["init", "--format", "csv", "-o", "{out}.csv"],
            ["init", "--format", "actuals", "-o", "{out}.actuals.csv"],
            ["rules", "list"], ["rules", "list", "--lang", "zh"], ["rules", "show", "SEC-001"],
            ["rules", "catalog"]])


@pytest.mark.slow
@pytest.mark.parametrize("argv", LIGHT, ids=lambda a: " ".join(a).replace("{out}", "out"))
def test_commands_that_do_not_assess_do_not_load_the_engine_or_pandas(argv, tmp_path):
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    heavy = ("durable", "durable_rules_engine", "pandas") + (() if "xlsx" in argv else ("openpyxl",))
    code = ("import sys\nfrom vetting.cli import main\n"
            "try:\n    main(%r)\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
            "heavy = [m for m in %r if m in sys.modules]\n"
            "print('loaded:', heavy, file=sys.stderr)") % (argv, heavy)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines()[-1] == "loaded: []"
    written = sorted(tmp_path.glob("out*"))
    assert out.stdout or (written and written[0].stat().st_size > 0)  # it printed or wrote what it was asked


def test_the_light_command_list_names_every_command():
    assert set(COMMANDS) == set(cli.commands)


@pytest.mark.slow
def test_the_import_check_can_fail():
    """The same check on `assess` does see the engine: the test above is not blind."""
    code = ("import sys\nfrom vetting.cli import main\n"
            "try:\n    main(['assess', %r, '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('durable' in sys.modules, file=sys.stderr)") % (SEED,)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stderr.splitlines()[-1] == "True"


def test_rule_pack_problems_are_structured():
    from vetting.io.errors import RulePackError
    from vetting.rules.rulepack import load_pack

    from conftest import ROOT

    with pytest.raises(RulePackError) as exc:
        load_pack(ROOT / "tests" / "data" / "broken_pack")
    first = exc.value.problems[0]
    assert (first.line, first.rule, first.path) == (7, "MY-001", "when")
    second = exc.value.problems[1]
    assert (second.line, second.rule, second.path, second.suggestion) == (12, "MY-002", "severity", "")


def test_a_reader_that_goes_away_is_not_an_internal_error():
    """`vetting rules list | head -1`: the reader closes the pipe; vetting stops quietly with 141
    (128 + SIGPIPE), not "internal error". Here the reader leaves before vetting writes anything."""
    proc = subprocess.Popen([sys.executable, "-c", "from vetting.cli import main; main()", "rules", "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141, err
    assert err == b""


def test_a_waiver_that_ran_out_before_today_is_expired_in_the_report(tmp_path):
    """`--today` is the report date for every date-relative figure, the waivers' expiry too: a waiver
    still in force on the deal's as_of but past by --today is reported expired and its risk counts."""
    data = yaml.safe_load(Path(SEED).read_text(encoding="utf-8"))
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = json.loads(run("assess", str(plain), "--format", "json", "--today", "2026-03-01").output)
    rule = next(f["rule_id"] for f in before["findings"] if f["status"] == "risk" and f["severity"] != "blocker"
                and f["points"] > 0)
    data["waivers"] = [{"rule": rule, "reason": "accepted for the trial", "by": "COO", "expires": "2026-02-15"}]
    waived = tmp_path / "waived.yaml"
    waived.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert str(data["as_of"]) < "2026-02-15"
    after = json.loads(run("assess", str(waived), "--format", "json", "--today", "2026-03-01").output)
    assert [w["status"] for w in after["waivers"]] == ["expired"]
    assert after["score"] == before["score"]
    md = run("assess", str(waived), "--format", "md", "--today", "2026-03-01").output
    assert f"| {rule} | accepted for the trial | COO | Feb 15, 2026 | expired: the risk counts again |" in md
    held = json.loads(run("assess", str(waived), "--format", "json", "--today", "2026-02-15").output)
    assert [w["status"] for w in held["waivers"]] == ["applied"]


def test_main_gives_the_caller_its_garbage_collector_setting_back():
    """vetting's CLI raises the collector's first threshold for its own run (docs/performance.md); a
    script or test that calls main() keeps its own setting afterwards."""
    import gc

    from vetting.cli import main

    before = gc.get_threshold()
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert gc.get_threshold() == before


def test_main_freezes_the_collector_at_exit_only(tmp_path):
    """At exit the CLI freezes every object, so that Python's shutdown does not collect cycles over them
    (docs/performance.md, "Shutdown"); a process that calls main() is left as it was until it ends."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, file=sys.stderr))\n"
            "from vetting.cli import main\n"
            "for argv in (['assess', %r, '--format', 'json', '-o', 'a.json'], ['--version']):\n"
            "    try:\n        main(argv)\n    except SystemExit as e:\n        assert e.code == 0, e.code\n"
            "print('frozen after main:', gc.get_freeze_count(), file=sys.stderr)\n"
            ) % str(FIXTURES / "linkstar-proposal.yaml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    after_main, at_exit = out.stderr.splitlines()[-2:]
    assert after_main == "frozen after main: 0"
    assert at_exit == "frozen at exit: True"
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["format"].startswith("vetting/assessment@")
