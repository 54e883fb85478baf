"""Chinese typography of every zh string: the checks (tests/test_zh_typography.py) and a fixer.

Rules (issue 14 point 2), for text in Chinese:

- no space after full-width punctuation (a folded YAML block joins its lines with a space:
  a line ending in "，" followed by a line of Chinese reads "， 其" once loaded);
- full-width punctuation in Chinese sentences: no ASCII ! ? , ; : right after a Chinese character;
- one placeholder style, 【】 (not ［］);
- one quotation style, 「」 (not “” nor ASCII quotes around Chinese text; the fixer turns “” into
  「」 and leaves ASCII quotes alone: in a YAML file they are mostly the YAML's own), 『』 inside 「」;
- a rule's zh ``fix`` (the clause to paste into the contract) is in 「」.

The fixer rewrites the files in place, mechanically, so it can be run again after other edits:

    PYTHONPATH=src /work/venv/bin/python tests/zh_typography.py --fix

It touches only Chinese text: zh: sections of rules/*.yaml and the *.zh.yaml tables of
report_templates/. Without --fix it lists the problems (exit 1 if any).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_PUNCT = "，。；：！？、）」】》"
ASCII_TO_FULL = {"!": "！", "?": "？", ",": "，", ";": "；", ":": "："}

_SPACE_AFTER = re.compile(f"([{FULL_PUNCT}])[ \u3000\t]+")
_ASCII_AFTER_CJK = re.compile(f"([{CJK}])([!?,;:])(?![/\\w])|([{CJK}])([!?,;:])(?=[ ]?[{CJK}])")
_QUOTED_ASCII = re.compile(f'"([^"\n]*[{CJK}][^"\n]*)"')


def problems(text: str) -> list[str]:
    """What is wrong with one Chinese string, one phrase per problem."""
    out = []
    for m in _SPACE_AFTER.finditer(text):
        out.append(f"space after {m.group(1)!r}: …{text[max(0, m.start() - 8):m.end() + 8]}…")
    for m in re.finditer(f"[{CJK}][!?,;:]", text):
        out.append(f"ASCII {m.group(0)[1]!r} after a Chinese character: …{text[max(0, m.start() - 8):m.end() + 8]}…")
    for ch in "［］":
        if ch in text:
            out.append(f"placeholder {ch!r}: use 【】")
    for ch in "“”":
        if ch in text:
            out.append(f"quotation mark {ch!r}: use 「」")
    if _nest(text) != text:
        out.append("a quotation inside 「」: use 『』")
    if _QUOTED_ASCII.search(text):
        out.append("ASCII quotes around Chinese text: use 「」")
    return out


def clause_problems(fix: str) -> list[str]:
    """A zh clause to paste into the contract (a rule's ``fix``) is quoted in 「」 like the others."""
    return [] if "「" in fix and "」" in fix else ["the clause is not in 「」"]


def fix_text(text: str) -> str:
    """``text`` with the problems above fixed (idempotent)."""
    text = _SPACE_AFTER.sub(r"\1", text)
    text = re.sub(f"([{CJK}])([!?,;:])", lambda m: m.group(1) + ASCII_TO_FULL[m.group(2)], text)
    text = text.replace("［", "【").replace("］", "】").replace("“", "「").replace("”", "」")
    return _nest(text)


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


# ---------------------------------------------------------------- files

def _joins(prev: str, nxt: str) -> bool:
    """Whether a folded block's line break between these lines would put a space into Chinese."""
    a, b = prev.rstrip(), nxt.lstrip()
    if not a or not b:
        return False
    return a[-1] in FULL_PUNCT or (re.match(f"[{CJK}]", a[-1]) is not None and
                                   re.match(f"[{CJK}{FULL_PUNCT}（「【]", b[0]) is not None)


def _fix_lines(lines: list[str], chinese: list[bool]) -> list[str]:
    """Fix the Chinese lines and join the folded-block lines whose break would become a stray space."""
    out: list[str] = []
    folded_indent = None  # indentation of the current folded block's lines
    for line, zh in zip(lines, chinese):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if folded_indent is not None and (not stripped or indent < folded_indent):
            folded_indent = None
        if zh and folded_indent is not None and out and _joins(out[-1], line) and indent == folded_indent:
            out[-1] = out[-1].rstrip() + fix_text(stripped).rstrip("\n") + ("\n" if line.endswith("\n") else "")
            out[-1] = fix_text(out[-1])
            continue
        # YAML's own syntax stays: comments, and flow collections ("months: [1月, 2月]": the commas are YAML's)
        plain = zh and not stripped.startswith("#") and not re.match(r"[\w.-]+:\s*[\[{]", stripped)
        out.append(fix_text(line) if plain else line)
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
    fixed = _fix_lines(lines, chinese)
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
    from vetting.rulepack import load_packs
    from vetting.yamlsafe import load_yaml_text

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


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        for path, kind in files():
            if fix_file(path, kind):
                print(f"fixed {path.relative_to(ROOT)}")
    found = [(where, p) for where, text in zh_strings() for p in problems(text)]
    found += [(where, p) for where, text in zh_strings() if where.endswith("zh.fix") for p in clause_problems(text)]
    for where, p in found:
        print(f"{where}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
