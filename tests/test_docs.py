"""Docs change with the code: README, .ci/run, the deal-format doc and --help must not drift."""
from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.model.fields import CHILD_KINDS, catalog

_register()
ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sh_blocks(text):
    return re.findall(r"```sh\n(.*?)\n```", text, re.S)


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    first, second = _sh_blocks(README)[:2]
    assert "pip install ." in first and "vetting assess fixtures/" in first
    assert "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci.splitlines(), "the README's test command must appear verbatim in .ci/run"
    deal = re.search(r"vetting assess (\S+)", first).group(1)
    assert (ROOT / deal).is_file()


def test_readme_names_every_command():
    for name, cmd in cli.commands.items():
        assert f"vetting {name}" in README, name
        if isinstance(cmd, click.Group):
            for sub in cmd.commands:
                assert sub in README, f"vetting {name} {sub}"


def test_readme_session_is_real_output():
    block = README.split("<!-- session:start -->")[1].split("<!-- session:end -->")[0]
    body = re.search(r"```\n(.*?)\n```", block, re.S)
    assert body, "README has no session block"
    lines = body.group(1).splitlines()
    assert lines[0].startswith("$ vetting assess ")
    args = lines[0][2:].split()[1:]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    shown = [l for l in lines[1:] if l != "…"]
    actual = result.stdout.splitlines()
    for line in shown:
        assert line in actual, f"README session line no longer in the output: {line!r}"


def test_readme_terminal_block_is_what_a_terminal_shows():
    from terminal_run import on_a_terminal

    block = README.split("<!-- terminal:start -->")[1].split("<!-- terminal:end -->")[0]
    lines = re.search(r"```\n(.*?)\n```", block, re.S).group(1).splitlines()
    shown, code = on_a_terminal(lines[0][2:].split()[1:], ROOT, {"NO_COLOR": "1"})
    assert code == 0 and shown.rstrip("\n").splitlines() == lines[1:]


def test_deal_format_doc_names_every_field():
    doc = (ROOT / "docs" / "deal-format.md").read_text(encoding="utf-8")
    for kind in ("deal", *CHILD_KINDS):
        for path, info in catalog(kind).items():
            if info.derived:
                continue
            leaf = path.split(".")[-1]
            assert re.search(rf"\b{re.escape(leaf)}:", doc), f"{kind}.{path} is not in docs/deal-format.md"


def test_rule_format_doc_lists_every_operator_and_derived_field():
    from vetting.rules.conditions import OPS
    from vetting.model.fields import DERIVED_CHILD, DERIVED_DEAL
    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    for op in OPS:
        assert f"`{op}`" in doc, op
    for name in [*DERIVED_DEAL, *(n for d in DERIVED_CHILD.values() for n in d)]:
        assert f"`{name}`" in doc, name


def test_readme_states_the_core_pack_rule_count():
    from vetting.engine.ruleset import get_ruleset

    count = len(get_ruleset().rules)
    assert f"has {count} rules in ten" in README, f"README's rule count is not {count}"


def test_version_is_the_projects_and_works_from_a_checkout():
    # `vetting --version` names pyproject.toml's version, installed or not (it used to need the package
    # metadata and crashed from a checkout)
    import tomllib

    from click.testing import CliRunner

    from vetting import __version__
    from vetting.cli import cli

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == version
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output == f"vetting, version {version}\n"


def test_rule_format_lists_the_rules_with_a_check_text():
    import re

    from vetting.rules.rulepack import core_pack_dir, load_pack

    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    listed = re.search(r"`check:` today: ([^.]+)\.", doc).group(1)
    assert sorted(re.findall(r"[A-Z]+-\d{3}", listed)) == sorted(
        r.id for r in load_pack(core_pack_dir()).rules if r.rule.en.check)
