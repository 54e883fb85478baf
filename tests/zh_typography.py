"""Chinese typography of every zh string: the checks (tests/test_zh_typography.py) and a fixer.

Rules (issue 14 point 2), for text in Chinese:

- no space after full-width punctuation, none before it (a folded YAML block joins its lines with a
  space: a line ending in "，" followed by a line of Chinese reads "， 其" once loaded);
- full-width punctuation in Chinese sentences: no ASCII ! ? , ; : right after a Chinese character,
  nor an ASCII , ; : after a number or % that a Chinese character follows ("低于1%, 账户"), nor an
  ASCII , ; ! ? after a Latin word that a Chinese character follows ("GMV, 账户"); "1,000", "10:00",
  "applies: 条件" (a key of the rule format) stay;
- full-width parentheses （） around Chinese text, never half-width (...) nor a mixed pair （...);
- one placeholder style, 【】 (not ［］);
- one quotation style, 「」 (not “” nor ASCII quotes around Chinese text; the fixer turns “” into
  「」 and leaves ASCII quotes alone: in a YAML file they are mostly the YAML's own), 『』 inside 「」;
- a rule's zh ``fix`` (the clause to paste into the contract) is in 「」.

Code spans (`provider.kind`), URLs and Markdown link targets are never checked nor changed.

``rendered_problems`` applies the same rules to a report as a reader sees it (a zh report in Markdown,
or the text of its HTML as a browser lays it out), where templates join strings and deal data: no
space after full-width punctuation before more text on the line, no ASCII punctuation after Chinese,
no ［］ nor “”, no half-width parentheses around Chinese.

The fixer rewrites the files in place, mechanically, so it can be run again after other edits:

    PYTHONPATH=src /work/venv/bin/python tests/zh_typography.py --fix

It touches only Chinese text: zh: sections of rules/*.yaml and the *.zh.yaml tables of
report_templates/. Without --fix it lists the problems (exit 1 if any).
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_PUNCT = "，。；：！？、）」】》"
ASCII_TO_FULL = {"!": "！", "?": "？", ",": "，", ";": "；", ":": "："}

# Never checked nor changed: code spans, URLs, Markdown link targets ("[谈判路径](#谈判路径)").
_PROTECTED = re.compile(r"`[^`\n]*`|https?://(?:[^\s，。；：！？、（）「」【】《》()<>\"']|\([^\s()]*\))+|\]\([^)\n]*\)")
_SPACE_AFTER = re.compile(f"([{FULL_PUNCT}])[ \u3000\t]+")
_SPACE_BEFORE = re.compile(f"(?<=[^\\s])[ \u3000\t]+(?=[{FULL_PUNCT}])")
_ASCII_AFTER_CJK = re.compile(f"([{CJK}])([!?,;:])")
_ASCII_AFTER_NUMBER = re.compile(f"([0-9%])([,;:])[ \t]*(?=[{CJK}])")
_ASCII_AFTER_LATIN = re.compile(f"([A-Za-z)\\]])([,;!?])[ \t]*(?=[{CJK}])")
_HALF_PARENS = re.compile(f"\\(([^()\\n]*[{CJK}][^()\\n]*)\\)|(?<=[{CJK}])\\(([^()\\n]+)\\)")
_MIXED_PARENS = re.compile("（([^()（）\\n]*)\\)|\\(([^()（）\\n]*)）")
_SPACE_BEFORE_PAREN = re.compile(f"(?<=[{CJK}{FULL_PUNCT}])[ \t]+(?=（)")
_QUOTED_ASCII = re.compile(f'"([^"\n]*[{CJK}][^"\n]*)"')
# Rule texts (clauses, questions, explanations) write Chinese next to Latin words, numbers and placeholders
# without a space, as a contract does ("按Seller Central业务报告", "低于80%", "{kpi_name|【名称】}的"); the
# report tables may space them (their own style, "共 107 条规则"), rule texts may not, so one report never
# mixes both inside one paragraph.
_LATIN_SPACE = re.compile(f"(?<=[{CJK}])[ \t]+(?=[A-Za-z0-9{{¥$])|(?<=[A-Za-z0-9}}%])[ \t]+(?=[{CJK}])")


def _mask(text: str) -> tuple[str, list[str]]:
    """``text`` with each protected span (code, URL, link target) replaced by one private-use character."""
    saved: list[str] = []

    def keep(m: re.Match) -> str:
        saved.append(m.group(0))
        return chr(0xE000 + len(saved) - 1)
    return _PROTECTED.sub(keep, text), saved


def _unmask(text: str, saved: list[str]) -> str:
    return re.sub("[\ue000-\uf8ff]", lambda m: saved[ord(m.group(0)) - 0xE000], text) if saved else text


def _at(text: str, m: re.Match) -> str:
    return "…" + text[max(0, m.start() - 8):m.end() + 8].replace("\n", " ") + "…"


def problems(text: str, rule_text: bool = False) -> list[str]:
    """What is wrong with one Chinese string, one phrase per problem (``rule_text``: a rule's text, which
    also writes Latin words and numbers against Chinese without a space)."""
    t, saved = _mask(text)
    out = []

    def say(phrase: str, m: re.Match) -> None:
        out.append(f"{phrase}: {_unmask(_at(t, m), saved)}")
    for m in _SPACE_AFTER.finditer(t):
        say(f"space after {m.group(1)!r}", m)
    for m in _SPACE_BEFORE.finditer(t):
        say(f"space before {t[m.end()]!r}", m)
    for m in _ASCII_AFTER_CJK.finditer(t):
        say(f"ASCII {m.group(2)!r} after a Chinese character", m)
    for m in _ASCII_AFTER_NUMBER.finditer(t):
        say(f"ASCII {m.group(2)!r} after a number in a Chinese sentence", m)
    for m in _ASCII_AFTER_LATIN.finditer(t):
        say(f"ASCII {m.group(2)!r} after a Latin word in a Chinese sentence", m)
    for m in _HALF_PARENS.finditer(t):
        say("half-width parentheses around Chinese text: use （）", m)
    if rule_text:
        for m in _LATIN_SPACE.finditer(t):
            say("a space between Chinese and a Latin word or number in a rule text", m)
    for m in _MIXED_PARENS.finditer(t):
        say("a mixed pair of parentheses: use （）", m)
    for ch in "［］":
        if ch in t:
            out.append(f"placeholder {ch!r}: use 【】")
    for ch in "“”":
        if ch in t:
            out.append(f"quotation mark {ch!r}: use 「」")
    if _nest(t) != t:
        out.append("a quotation inside 「」: use 『』")
    if _QUOTED_ASCII.search(t):
        out.append("ASCII quotes around Chinese text: use 「」")
    return out


def clause_problems(fix: str) -> list[str]:
    """A zh clause to paste into the contract (a rule's ``fix``) is quoted in 「」 like the others."""
    return [] if "「" in fix and "」" in fix else ["the clause is not in 「」"]


def fix_text(text: str, rule_text: bool = False) -> str:
    """``text`` with the problems above fixed (idempotent); protected spans are left as they are."""
    t, saved = _mask(text)
    if rule_text:
        t = _LATIN_SPACE.sub("", t)
    t = _ASCII_AFTER_CJK.sub(lambda m: m.group(1) + ASCII_TO_FULL[m.group(2)], t)
    t = _ASCII_AFTER_NUMBER.sub(lambda m: m.group(1) + ASCII_TO_FULL[m.group(2)], t)
    t = _ASCII_AFTER_LATIN.sub(lambda m: m.group(1) + ASCII_TO_FULL[m.group(2)], t)
    while True:  # innermost pair first: "(见(附件)说明)"
        new = _HALF_PARENS.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", t)
        new = _MIXED_PARENS.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", new)
        if new == t:
            break
        t = new
    t = _SPACE_BEFORE_PAREN.sub("", t)
    t = t.replace("［", "【").replace("］", "】").replace("“", "「").replace("”", "」")
    t = _nest(t)
    t = _SPACE_AFTER.sub(r"\1", t)
    t = _SPACE_BEFORE.sub("", t)
    return _unmask(t, saved)


def _nest(text: str) -> str:
    """A quotation inside a 「」 quotation in 『』, as Chinese nests them."""
    out, depth = [], 0
    for ch in text:
        if ch == "「":
            depth += 1
            out.append("『" if depth > 1 else ch)
        elif ch == "」" and depth:
            out.append("』" if depth > 1 else ch)
            depth -= 1
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- reports as rendered

# After full-width punctuation, a space before more text is a stray one; before a table's "|", a
# " — " or " · " separator of the layout, a code span or the end of the line it is not.
_RENDERED_SPACE = re.compile(f"([{FULL_PUNCT}])[ \u3000\t]+(?=[^\\s|—·\ue000-\uf8ff])")
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section",
           "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"}
_CODE = {"code", "pre", "script", "style"}


class _TextOf(HTMLParser):
    """The text of an HTML page as a browser lays it out: one line per block, each run of white
    space inside a block shown as one space (a line break in the source too). Code and rule-id
    chips (<span class="rid">) come out as a Markdown code span, which the checks leave alone."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.code: list[str] = []  # open code elements, innermost last

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\0")
        if self.code:
            if tag == self.code[-1]:
                self.code.append(tag)
        elif tag in _CODE or "rid" in (dict(attrs).get("class") or "").split():
            self.code.append(tag)
            self.parts.append("`code`")

    def handle_endtag(self, tag):
        if self.code and tag == self.code[-1]:
            self.code.pop()
        if tag in _BLOCKS:
            self.parts.append("\0")

    def handle_data(self, data):
        if not self.code:
            self.parts.append(data)

    def text(self) -> str:
        lines = (re.sub(r"[ \t\r\n\f]+", " ", block).strip() for block in "".join(self.parts).split("\0"))
        return "\n".join(line for line in lines if line)


def html_text(page: str) -> str:
    parser = _TextOf()
    parser.feed(page)
    parser.close()
    return parser.text()


def rendered_problems(text: str, fmt: str, data=()) -> list[str]:
    """What a reader of a zh report (``fmt`` "md" or "html") would see wrong in its Chinese, one
    phrase per problem with the text around it. ``data``: the deal's own strings (a claim quoted as
    the provider wrote it), which are the seller's to write and are not checked."""
    if fmt == "html":
        text = html_text(text)
    else:  # as a reader sees it: no emphasis marks, no backslash escapes
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"(?<!\\)\*+", "", text))
    for value in sorted({d for d in data if len(d) > 1}, key=len, reverse=True):
        text = text.replace(value, "`data`")
    out = []
    for line in text.splitlines():
        t, saved = _mask(line)
        found = [(f"space after {m.group(1)!r}", m) for m in _RENDERED_SPACE.finditer(t)]
        found += [(f"ASCII {m.group(2)!r} after a Chinese character", m) for m in _ASCII_AFTER_CJK.finditer(t)]
        found += [(f"ASCII {m.group(2)!r} after a number in a Chinese sentence", m)
                  for m in _ASCII_AFTER_NUMBER.finditer(t)]
        found += [(f"ASCII {m.group(2)!r} after a Latin word in a Chinese sentence", m)
                  for m in _ASCII_AFTER_LATIN.finditer(t)]
        found += [("half-width parentheses around Chinese text", m) for m in _HALF_PARENS.finditer(t)]
        found += [(f"{m.group(0)!r}", m) for m in re.finditer("[［］“”]", t)]
        out += [f"{phrase}: {_unmask(_at(t, m), saved)}" for phrase, m in found]
    return out


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


def reports(fmts=("md", "html")):
    """(name, fmt, text, data): every bundled deal (fixtures/, fixtures/cases/, fixtures/compare/) rendered
    in Chinese, reported on one fixed day (the goldens' 2026-12-01) so the output does not move."""
    import datetime as dt

    sys.path.insert(0, str(ROOT / "src"))
    from vetting.workflows.assess import assess
    from vetting.model.loading import load_deal
    from vetting.outputs.report import md_escape, render

    paths = [p for d in ("", "cases", "compare") for p in sorted((ROOT / "fixtures" / d).glob("*.yaml"))]
    for path in paths:
        loaded = load_deal(path)
        a = assess(loaded, lang="zh", today=dt.date(2026, 12, 1))
        data = [d for s in _strings(loaded.deal.model_dump(mode="json")) for d in (s, md_escape(s))]
        for fmt in fmts:
            yield f"{path.relative_to(ROOT)}", fmt, render(a, fmt), data


# ---------------------------------------------------------------- files

def _joins(prev: str, nxt: str, rule_text: bool = False) -> bool:
    """Whether a folded block's line break between these (fixed) lines would put a space into Chinese:
    after or before full-width punctuation, between two Chinese characters, or after an ASCII , ; :
    that a number ends ("低于1%," then "账户…") or , ; ! ? that a Latin word ends."""
    a, b = prev.rstrip(), nxt.lstrip()
    if not a or not b:
        return False
    cjk = re.compile(f"[{CJK}]")
    if a[-1] in FULL_PUNCT or b[0] in FULL_PUNCT:
        return True
    if rule_text and (_LATIN_SPACE.search(a[-1] + " " + b[0]) is not None):
        return True
    if cjk.match(a[-1]):
        return re.match(f"[{CJK}（「【]", b[0]) is not None
    if len(a) > 1 and cjk.match(b[0]):
        return (a[-1] in ",;:" and re.match("[0-9%]", a[-2]) is not None) or \
            (a[-1] in ",;!?" and re.match(r"[A-Za-z)\]]", a[-2]) is not None)
    return False


def _fix_lines(lines: list[str], chinese: list[bool], rule_text: bool = False) -> list[str]:
    """Fix the Chinese lines and join the folded-block lines whose break would become a stray space."""
    out: list[str] = []
    folded_indent = None  # indentation of the current folded block's lines
    for line, zh in zip(lines, chinese):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if folded_indent is not None and (not stripped or indent < folded_indent):
            folded_indent = None
        if zh and folded_indent is not None and out and _joins(out[-1], fix_text(line, rule_text), rule_text) \
                and indent == folded_indent:
            out[-1] = out[-1].rstrip() + fix_text(stripped, rule_text).rstrip("\n") + ("\n" if line.endswith("\n") else "")
            out[-1] = fix_text(out[-1], rule_text)
            continue
        # YAML's own syntax stays: comments, and flow collections ("months: [1月, 2月]": the commas are YAML's)
        plain = zh and not stripped.startswith("#") and not re.match(r"[\w.-]+:\s*[\[{]", stripped)
        out.append(fix_text(line, rule_text) if plain else line)
        if re.search(r":\s*>-?\s*$", line):
            folded_indent = -1  # set by the first content line below
        elif folded_indent == -1:
            folded_indent = indent if stripped else None
    return out


def _quote_clauses(lines: list[str], chinese: list[bool]) -> list[str]:
    """A zh ``fix:`` text (the clause to paste into the contract) with no 「」 in it is put in 「」
    whole, as the others are: first line after ``fix: >-`` (or a one-line ``fix:``) and last line."""
    out = list(lines)
    i = 0
    while i < len(out):
        m = re.match(r"(\s*)fix:\s*(.*?)\s*$", out[i])
        if not (chinese[i] and m):
            i += 1
            continue
        value = m.group(2)
        if value and not value.startswith((">", "|")):
            if "「" not in value and not value.startswith(("'", '"')):
                out[i] = f"{m.group(1)}fix: 「{value}」\n"
            i += 1
            continue
        j = i + 1
        body = []
        while j < len(out) and out[j].strip() and len(out[j]) - len(out[j].lstrip(" ")) > len(m.group(1)):
            body.append(j)
            j += 1
        if body and not any("「" in out[k] for k in body):
            first, last = body[0], body[-1]
            indent = out[first][:len(out[first]) - len(out[first].lstrip(" "))]
            out[first] = indent + "「" + out[first].lstrip(" ")
            out[last] = out[last].rstrip("\n").rstrip() + "」\n"
        i = j
    return out


def _rule_file_chinese(lines: list[str]) -> list[bool]:
    """Which lines of a rule file are Chinese text: inside a ``zh:`` mapping, or an inline ``zh: {...}``."""
    flags, zh_indent = [], None
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if zh_indent is not None and stripped.strip() and indent <= zh_indent:
            zh_indent = None
        if re.match(r"zh:\s*$", stripped):
            zh_indent = indent
            flags.append(False)
            continue
        flags.append(zh_indent is not None or bool(re.match(r"zh:\s*\{", stripped)))
    return flags


def files() -> list[tuple[Path, str]]:
    """(file, kind): rule files ("rules") and Chinese string tables ("table")."""
    out = [(p, "rules") for p in sorted((ROOT / "rules").glob("*.yaml"))]
    out += [(p, "table") for p in sorted((ROOT / "report_templates").glob("*.zh.yaml"))]
    return out


def fix_file(path: Path, kind: str) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if kind == "rules":
        chinese = _rule_file_chinese(lines)
    else:
        chinese = [True] * len(lines)
    fixed = _fix_lines(lines, chinese, rule_text=kind == "rules")
    if kind == "rules":
        fixed = _quote_clauses(fixed, _rule_file_chinese(fixed))
    if fixed != lines:
        path.write_text("".join(fixed), encoding="utf-8")
        return True
    return False


# ---------------------------------------------------------------- the strings, as loaded

def zh_strings():
    """(where, text) for every Chinese string vetting shows: rule texts (variants too) and tables."""
    sys.path.insert(0, str(ROOT / "src"))
    from vetting.rules.rulepack import load_packs
    from vetting.io.yamlsafe import load_yaml_text

    for pack in load_packs(()):
        for r in pack.rules:
            for key, value in r.rule.zh.model_dump().items():
                if isinstance(value, str):
                    yield f"{r.file}: {r.id}: zh.{key}", value
            for i, v in enumerate(r.rule.variants):
                for key, value in v.zh.model_dump().items():
                    if isinstance(value, str):
                        yield f"{r.file}: {r.id}: variants[{i}].zh.{key}", value

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{where}[{i}]")
        elif isinstance(node, str):
            yield where, node

    for path, kind in files():
        if kind == "table":
            data = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
            for where, text in walk(data, ""):
                yield f"{path.name}: {where}", text


def _is_rule(where: str) -> bool:
    """Whether a zh_strings() place is a rule's text (not a string table's)."""
    return re.search(r": [A-Z]{2,6}-\d{3}: ", where) is not None


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        for path, kind in files():
            if fix_file(path, kind):
                print(f"fixed {path.relative_to(ROOT)}")
    found = [(where, p) for where, text in zh_strings() for p in problems(text, rule_text=_is_rule(where))]
    found += [(where, p) for where, text in zh_strings() if where.endswith("zh.fix") for p in clause_problems(text)]
    for where, p in found:
        print(f"{where}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
