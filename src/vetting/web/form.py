"""The interview as the page shows it: topics of questions, each with its input's name (the field's
path), its current answer, its choices, its help, and when it applies."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import fieldinfo, formdata, interview

SLOT = "__i__"  # the index of a record in the template a new record is made from


@dataclass
class Question:
    name: str
    spec: fieldinfo.FieldSpec
    text: str
    help: str
    value: str = ""
    chosen: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    when: str = ""

    @property
    def kind(self) -> str:
        return self.spec.kind


@dataclass
class Group:
    name: str
    spec: fieldinfo.FieldSpec
    text: str
    help: str
    items: list[list[Question]] = field(default_factory=list)
    blank: list[Question] = field(default_factory=list)
    none: bool = False
    when: str = ""
    kind: str = "records"


@dataclass
class Topic:
    key: str
    entries: list


def question(name: str, spec: fieldinfo.FieldSpec, values: dict, lang: str) -> Question:
    value = values.get(name)
    q = Question(name, spec, fieldinfo.question(spec.path, lang), fieldinfo.label(spec.path, lang),
                 when=interview.when(spec, name))
    if spec.kind in ("enum", "enums"):
        q.choices = tuple((v, fieldinfo.choice(v, lang)) for v in spec.values)
    if spec.kind == "enums":
        q.chosen = tuple(value) if isinstance(value, list) else ()
        q.value = formdata.NONE if value == [] else ""
    elif spec.kind == "hidden":
        q.value = str(value or "")
    else:
        q.value = formdata.shown(value, spec)
    return q


def group(name: str, spec: fieldinfo.FieldSpec, values: dict, counts: dict, lang: str) -> Group:
    specs = fieldinfo.specs()
    g = Group(name, spec, fieldinfo.question(spec.path, lang), fieldinfo.label(spec.path, lang),
              none=values.get(name) == formdata.NONE, when=interview.when(spec, name))
    for i in range(counts.get(name, 0)):
        g.items.append([question(f"{name}[{i}].{c.rsplit('.', 1)[1]}", specs[c], values, lang) for c in spec.children])
    g.blank = [question(f"{name}[{SLOT}].{c.rsplit('.', 1)[1]}", specs[c], {}, lang) for c in spec.children]
    return g


def build(data: dict, lang: str) -> list[Topic]:
    """The interview's topics with the answers in ``data`` filled in."""
    values, counts = formdata.flatten(data)
    out = []
    for topic in interview.topics():
        entries = []
        for spec in topic.fields:
            if spec.kind == "records":
                entries.append(group(spec.path, spec, values, counts, lang))
            else:
                entries.append(question(spec.path, spec, values, lang))
        out.append(Topic(topic.key, entries))
    return out
