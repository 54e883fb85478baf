"""`vetting init`: an annotated deal template with every field of the format, all unknown."""
from __future__ import annotations

import re
import typing

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from vetting.workflows.assess import assess_file
from vetting.cli import _register, cli
from vetting.cli.init import schema_lines
from vetting.model.fields import unwrap
from vetting.model.models import Deal
from vetting.model.registry import notes as field_notes
from vetting.outputs.report import deal_template

_register()


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def model_paths(model=Deal, prefix=""):
    """Every field of the deal format as a dotted path; list items without an index (kpis.target)."""
    out = []
    for name, field in model.model_fields.items():
        path = prefix + (field.alias or name)
        out.append(path)
        core = unwrap(field.annotation)
        if typing.get_origin(core) is list:
            core = unwrap(typing.get_args(core)[0])
        if isinstance(core, type) and issubclass(core, BaseModel):
            out += model_paths(core, path + ".")
    return out


def uncommented(text: str) -> dict:
    """The template with its commented-out list examples switched on."""
    lines = [re.sub(r"^(\s*)# (- |  )", r"\1\2", line) for line in text.splitlines()]
    return yaml.safe_load("\n".join(lines))


def yaml_paths(node, prefix=""):
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(prefix + k)
            out += yaml_paths(v, prefix + k + ".")
    elif isinstance(node, list):
        for item in node:
            out += yaml_paths(item, prefix)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_holds_every_field_of_the_deal_models(lang):
    assert sorted(set(yaml_paths(uncommented(deal_template(lang))))) == sorted(set(model_paths()))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_has_a_comment_in_both_languages(lang):
    assert sorted(field_notes(lang)) == sorted(model_paths())


def test_comments_say_what_a_field_means_and_which_values_it_takes():
    en = deal_template("en")
    assert re.search(r"^  kind: null +# what kind of provider it is · store_operation \| ads_management \| "
                     r"listing_optimization \| customer_service \| training \| saas \| consulting$", en, re.M)
    assert re.search(r"^    present: null +# the contract has a stop-loss clause · true \| false$", en, re.M)
    assert re.search(r"^  base_monthly: null +# fixed monthly fee · amount in the deal's currency$", en, re.M)
    assert re.search(r"^  # - id: null +# a short id for this KPI, unique in the deal · text$", en, re.M)
    zh = deal_template("zh")
    assert re.search(r"^    present: null +# 合同有止损条款 · true（是）\| false（否）$", zh, re.M)
    assert re.search(r"^  start_date: null +# 合同起始日 · 日期 YYYY-MM-DD$", zh, re.M)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_untouched_template_assesses_with_everything_unknown(tmp_path, lang):
    path = tmp_path / "deal.yaml"
    assert run("init", "--lang", lang, "-o", str(path)).exit_code == 0
    result = run("assess", str(path), "--lang", lang)
    assert result.exit_code == 0, result.output
    a = assess_file(path)
    # FEE-019 judges a monthly minimum only where one is quoted (an omitted minimum is none, as the fee take reads
    # it: a plain retainer is not asked about a minimum it does not have), so a blank one leaves it not applicable
    assert {f.status for f in a.findings if f.rule_id != "FEE-019"} == {"unknown"}
    assert {f.status for f in a.findings if f.rule_id == "FEE-019"} <= {"na"}
    assert a.verdict != "proceed"


def test_init_prints_to_stdout_without_output_file():
    result = run("init")
    assert result.exit_code == 0
    assert result.stdout == schema_lines("en") + deal_template("en")
    assert result.stdout.startswith("# yaml-language-server: $schema=deal.schema.json\n# editor help (descriptions, "
                                    "checks as you type): vetting schema --lang en -o deal.schema.json beside this file\n"
                                    "# A deal to assess with vetting (format vetting/deal@1).\n")


def test_init_refuses_to_overwrite_unless_forced(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text("id: mine\n", encoding="utf-8")
    result = run("init", "-o", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"vetting: cannot write {path}: it already exists; use --force to overwrite it\n"
    assert path.read_text(encoding="utf-8") == "id: mine\n"
    result = run("init", "-o", str(path), "--force", "--lang", "zh")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == schema_lines("zh") + deal_template("zh", filename="deal.yaml")
    assert result.stderr == f"vetting：已写入 {path}；填写后运行：vetting assess {path}\n"  # --lang zh speaks Chinese


def test_zh_template_speaks_chinese_and_names_the_file():
    zh = deal_template("zh", filename="报价.yaml")
    assert "填好后运行：vetting assess 报价.yaml --format html -o report.html --lang zh" in zh
    assert "stop-loss" not in zh and "the contract" not in zh


def test_help_has_an_example():
    out = run("init", "--help").output
    assert "Example:" in out and "vetting init -o deal.yaml" in out


# -- the batch table template (--format xlsx | csv) ----------------------------------------------

def _batch_assesses(path, tmp_path):
    import csv as csvmod

    out = tmp_path / "out"
    result = run("batch", str(path), "--out", str(out), "--no-parquet", "--passes")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 rows: 1 assessed, 0 failed (0 problems in errors.csv)")
    with open(out / "findings.csv", newline="", encoding="utf-8-sig") as fh:
        return {(f["rule_id"], f["subject"]) for f in csvmod.DictReader(fh)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xlsx_template_has_notes_drop_downs_record_sheets_and_a_sample_batch_reads(tmp_path, lang):
    import openpyxl

    from vetting.workflows.batch.template import deal_columns, record_columns

    path = tmp_path / "deals.xlsx"
    result = run("init", "--format", "xlsx", "--lang", lang, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == {
        "en": f"vetting: wrote {path}; replace the sample row with your deals, then run: vetting batch {path} --out results/\n",
        "zh": f"vetting：已写入 {path}；把示例行换成你的交易后运行：vetting batch {path} --out results/\n"}[lang]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["deals", "kpis", "claims", "track_record.case_studies", "contract.milestones", "waivers"]
    deals = wb["deals"]
    # en: the field paths on row 1; zh: Chinese names on row 1 and the field paths on row 2 (issue 24)
    hrow = 1 if lang == "en" else 2
    first = hrow + 1
    header = [c.value for c in deals[hrow]]
    assert header == [p for p, _ in deal_columns()]
    assert deals.freeze_panes == f"B{first}"
    assert deals.cell(row=first, column=1).value == "sample-001" and deals.max_row == first
    notes = {p: deals.cell(row=1, column=i).comment.text for i, p in enumerate(header, 1)}
    if lang == "en":
        assert notes["provider.kind"] == ("provider.kind\nwhat kind of provider it is\nvalues: store_operation | "
                                          "ads_management | listing_optimization | customer_service | training | "
                                          "saas | consulting")
        assert notes["contract.stop_loss.present"].endswith("the contract has a stop-loss clause\nvalues: true | false")
    else:
        assert notes["contract.stop_loss.present"] == "contract.stop_loss.present\n合同有止损条款\n可选值：true（是）| false（否）"
        assert deals.cell(row=first, column=header.index("provider.name") + 1).value == "示例代运营有限公司"
    from vetting.model.aliases import label

    for sheet_name, cols in [("deals", deal_columns())] + list(record_columns().items()):
        ws = wb[sheet_name]
        names = [c.value for c in ws[hrow]]
        if sheet_name != "deals":
            assert names == ["deal_id"] + [p for p, _ in cols]
        lists = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                lists[names[rng.min_col - 1]] = (dv.type, dv.formula1, str(rng))
        for col, info in cols:
            if info.type in ("enum", "bool"):
                if lang == "en":
                    values = list(info.values) if info.type == "enum" else ["true", "false"]
                else:
                    values = [label(v, "zh") for v in info.values] if info.type == "enum" else ["是", "否"]
                letter = openpyxl.utils.get_column_letter(names.index(col) + 1)
                if len(",".join(values)) + 2 <= 255:
                    assert lists[col] == ("list", '"' + ",".join(values) + '"', f"{letter}{first}:{letter}10000"), \
                        (sheet_name, col)
        assert all(c.comment is not None for c in ws[1])
    assert [c.value for c in wb["kpis"][first]][:3] == ["sample-001", "gmv-growth", None]
    findings = _batch_assesses(path, tmp_path)
    assert any(subject == "kpis[gmv-growth]" for _, subject in findings)  # the kpis sheet was read
    assert any(subject == "claims[0]" for _, subject in findings)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_template_has_every_column_a_sample_and_a_bom(tmp_path, lang):
    from vetting.workflows.batch.flat import RECORD_LISTS
    from vetting.workflows.batch.template import deal_columns

    path = tmp_path / "deals.csv"
    assert run("init", "--format", "csv", "--lang", lang, "-o", str(path)).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,title,currency,")
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert sorted(header) == sorted([p for p, _ in deal_columns()] + list(RECORD_LISTS))
    findings = _batch_assesses(path, tmp_path)
    assert any(subject == "kpis[gmv-growth]" for _, subject in findings)
    printed = run("init", "--format", "csv", "--lang", lang)
    assert printed.stdout == data.decode("utf-8-sig")


def test_xlsx_template_needs_a_file():
    result = run("init", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx writes a file: give it with -o, e.g. -o deals.xlsx" in result.output
