"""Templates read their words only through the text layer (issue 19): every text a Jinja template prints
is a ``Texts`` lookup (``tr("key", …)``, ``st(…)``, ``lt(…)``, ``s(…)``, ``t(…)`` in the web pages) or one
of its documented accessors (``items``, ``named``, ``date``, ``money`` …), so a missing key fails the
same way everywhere (KeyError), never a silent blank from a raw mapping read as ``t.doc.aside``.

The check parses each template (Jinja's own AST) and fails on a raw table in the context (``t``,
``table``, ``strings``), on an attribute of a Texts object that is not one of its accessors called
(``tr.table.doc``, ``tr.section(…)``, ``fmt.names``) and on an item read from a Texts object (``tr["doc"]``).
"""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from vetting.outputs import report
from vetting.text.tables import Texts

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {  # the templates, and the names their context gives Texts objects
    ROOT / "report_templates": {"tr", "fmt", "st", "lt"},
    ROOT / "src" / "vetting" / "web" / "templates": {"t"},
}
COMPARISON = {"s"}  # the comparison's Texts (elsewhere ``s`` is a source record of an including loop)
RAW = {"t", "table", "strings"}  # a string table's mapping, as templates read it before
# what a template may call on a Texts object (section() gives the raw mapping: not for templates)
ACCESSORS = {"items", "named", "date", "money", "days", "pct", "percent", "subject", "subjects", "path", "fact"}
FLAGS = {"html", "markdown", "lang"}  # what a Texts object is for (no text): a template may read them


class _Any(dict):
    """Every filter and test name is known (the check reads names, it renders nothing)."""

    def __contains__(self, name) -> bool:
        return True

    def get(self, name, default=None):
        return super().get(name, str)


def raw_reads(source: str, texts: set[str]) -> list[str]:
    """Every place ``source`` reads a string table other than through a Texts lookup, in words."""
    env = jinja2.Environment()
    env.filters, env.tests = _Any(env.filters), _Any(env.tests)
    tree = env.parse(source)
    # a template's own variable (a loop's, a set's, a macro's argument) is not the context's Texts
    texts = texts - {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    out = [f"raw table '{name}' in the context" for name in sorted(meta.find_undeclared_variables(tree) & (RAW - texts))]
    called = {id(c.node) for c in tree.find_all(nodes.Call)}
    for node in tree.find_all(nodes.Getattr):
        if node.attr == "table":
            out.append(f"'.table' read on {getattr(node.node, 'name', '…')}")
        elif isinstance(node.node, nodes.Name) and node.node.name in texts:
            if node.attr not in FLAGS and (node.attr not in ACCESSORS or id(node) not in called):
                out.append(f"{node.node.name}.{node.attr} is not a Texts lookup")
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.node, nodes.Name) and node.node.name in texts:
            out.append(f"{node.node.name}[…] reads the table")
    return out


def _templates():
    for folder, texts in FOLDERS.items():
        for path in sorted(folder.glob("*.j2")):
            names = texts | COMPARISON if path.name.startswith("comparison.") else texts
            yield pytest.param(path, names, id=f"{folder.name}/{path.name}")


@pytest.mark.parametrize("path,texts", list(_templates()))
def test_templates_read_texts_only_through_texts(path, texts):
    assert raw_reads(path.read_text(encoding="utf-8"), texts) == []


def test_the_accessors_are_texts_methods():
    assert all(callable(getattr(Texts, name, None)) for name in ACCESSORS)


@pytest.mark.parametrize("source", [
    "{{ r.rule_ids | join(t.doc.id_sep) }}",  # the raw table the checklist templates used to read
    "{{ tr.table.doc.aside }}",
    "{{ st.table['one_page'] }}",
    "{{ tr['doc'] }}",
    "{{ tr.section('verdict')[v] }}",
    "{{ fmt.names }}",
    "{{ t.verdict[v] if v in t.verdict else v }}",
])
def test_the_check_finds_a_planted_raw_read(source):
    assert raw_reads(source, {"tr", "fmt", "st"})


@pytest.mark.parametrize("source", [
    '{{ tr("doc.aside", text=x) }}', "{{ r.rule_ids | join(tr('doc.id_sep')) }}", '{{ tr.named("verdict", v) }}',
    "{{ fmt.date(a.as_of) }}", "{% for x in st.items('asks') %}{{ x }}{% endfor %}",
    "{% set t = track %}{{ t.title }}",  # a template's own variable named t is not a table
])
def test_the_check_leaves_lookups_alone(source):
    assert raw_reads(source, {"tr", "fmt", "st"}) == []


def test_no_raw_table_in_the_report_context():
    for html in (True, False):
        context = report._context("zh", html)
        assert "t" not in context
        assert not any(isinstance(v, dict) for v in context.values())


@pytest.mark.parametrize("html", [True, False])
def test_a_missing_text_fails_loudly(html):
    env = report.environment(html)
    page = env.from_string("{{ r | join(tr('doc.no_such_sep')) }}")
    with pytest.raises(KeyError, match="doc.no_such_sep"):
        page.render(r=["A", "B"], **report._context("en", html))


def test_named_gives_the_table_name_or_the_value():
    tr = Texts("zh", html=True)
    assert tr.named("verdict", "error") == "error"
    assert tr.named("verdict", "proceed") == tr("verdict.proceed") != "proceed"
