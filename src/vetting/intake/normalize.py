"""Extracted contract text → the text the patterns read, with a map back to the extracted text.

Every step keeps, for each character of the normalised text, the offset of the extracted
character it came from, so a match can be quoted exactly as the document's text layer has it
(page and start/end offsets), whatever was rewritten in between:

1. NFKC per character (full-width digits and punctuation: （30） → (30)), then the look-alike map:
   PDF text layers printed with CJK fonts carry Kangxi radicals (⽅ for 方, which NFKC maps) and
   CJK Radicals Supplement forms NFKC leaves alone (⺠ for 民, ⻢ for 马, ⻓ for 长, 戶 for 户).
2. Line breaks inside a wrapped PDF line are joined (a sentence goes on on the next line); in text and
   Markdown files, a line that cannot end where it breaks (人民币 before its amount, a comma) too.
3. A key-terms line with dot leaders (Start Date ........ 1 December 2027) is read as a row | Start Date | 1 December 2027 |.
4. Numbers: 三十（30）日 → 30日, 百分之五 → 5%, 壹万贰仟元整 → 12000元, 九十天 → 90天,
   twelve (12) months → 12 months, ten percent (10%) → 10%.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cn2an

# CJK Radicals Supplement (U+2E80–U+2EFF) and compatibility forms NFKC does not map, as PDF text
# layers of Noto CJK documents carry them, mapped to the characters they stand for.
LOOKALIKES = {
    "⺀": "冫", "⺁": "厂", "⺅": "亻", "⺇": "几", "⺈": "刀", "⺊": "卜", "⺌": "小", "⺍": "小", "⺎": "兀",
    "⺏": "尢", "⺐": "尢", "⺑": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌",
    "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺",
    "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牜", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "目",
    "⺬": "礻", "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺱": "网", "⺲": "罒", "⺳": "网", "⺴": "网",
    "⺵": "网", "⺶": "羊", "⺷": "羊", "⺸": "羊", "⺹": "老", "⺺": "聿", "⺻": "聿", "⺼": "月", "⺽": "臼",
    "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "西", "⻄": "西", "⻅": "见", "⻆": "角",
    "⻇": "角", "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝",
    "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "阝", "⻖": "阝", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣", "⻡": "飠",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾",
    "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
    "戶": "户", "⼾": "户",
}
CJK_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬貳參陸"
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_NUM = {w: i + 1 for i, w in enumerate(_UNITS)}
_EN_NUM.update({t: 20 + 10 * i for i, t in enumerate(_TENS)})
_EN_NUM.update({f"{t}-{u}": 20 + 10 * i + j + 1 for i, t in enumerate(_TENS) for j, u in enumerate(_UNITS[:9])})
_EN_NUM["one hundred"] = 100
_EN_WORDS = "|".join(sorted(_EN_NUM, key=len, reverse=True))


@dataclass
class Text:
    """Normalised text and, per character, the offset in the extracted text it came from."""

    norm: str
    idx: list[int]  # len(norm) + 1 entries: the last is the extracted text's length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The extracted text's offsets of norm[start:end]."""
        return self.idx[start], self.idx[end] if end < len(self.idx) - 1 else self.idx[-1]


def chars(raw: str) -> Text:
    out, idx = [], []
    for i, c in enumerate(raw):
        c2 = LOOKALIKES.get(c) or unicodedata.normalize("NFKC", c)
        c2 = "".join(LOOKALIKES.get(x, x) for x in c2)
        if c in "\u3000\u00a0\t\r":
            c2 = " "
        for x in c2:
            out.append(x)
            idx.append(i)
    idx.append(len(raw))
    return Text("".join(out), idx)


def _cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


_CLAUSE_START = re.compile(
    r"\s*(第[0-9" + CJK_NUM + r"]+[条章节款]|[0-9]+(\.[0-9]+)*[.、\s]|[" + CJK_NUM + r"]+、|\([0-9" + CJK_NUM
    + r"]+\)|#|Article\b|Section\b|ARTICLE\b|SECTION\b|甲方|乙方|丙方)")


def _new_clause(body: str, nxt: str) -> bool:
    """The next line starts a clause, unless it is only a party (乙方届时公布…) after a line that cannot end (…同意按)."""
    if not _CLAUSE_START.match(nxt):
        return False
    return not (re.match(r"\s*(?:甲方|乙方|丙方)", nxt) and _DANGLING.search(body))


def _joined(t: Text, lines: list[str], wraps) -> Text:
    """``t`` with the line break after each line for which ``wraps(line, next line, line without its
    trailing space)`` holds taken out (a space instead between two Latin words), offsets kept."""
    out, idx, pos = [], [], 0
    for n, line in enumerate(lines):
        out.append(line)
        idx.extend(t.idx[pos:pos + len(line)])
        pos += len(line)
        if n == len(lines) - 1:
            break
        nxt, body = lines[n + 1], line.rstrip()
        if not wraps(line, nxt, body):
            out.append("\n")
            idx.append(t.idx[pos])
        elif body[-1].isascii() and body[-1].isalnum() and nxt.lstrip()[:1].isascii():
            out.append(" ")
            idx.append(t.idx[pos])
        pos += 1
    idx.append(t.idx[-1])
    return Text("".join(out), idx)


def join_wrapped(t: Text) -> Text:
    """A PDF page: a line that runs on (no end punctuation, next line not a new clause) is joined."""
    lines = t.norm.split("\n")
    width = max((len(x.rstrip()) for x in lines), default=0)
    return _joined(t, lines, lambda line, nxt, body: bool(
        body and len(body) >= 0.75 * width and body[-1] not in "。;:!?|" and nxt.strip()
        and not _new_clause(body, nxt)))


_DANGLING = re.compile(r"(?:[,、(\[]|人民币|美元|港币|RMB|USD|SGD|GBP|EUR|US\$|¥|\$|的|及|和|或|与|为|至|自|按|向|于|在|"
                       r"\b(?:of|to|the|a|an|and|or|on|for|by|with|in|from|at|than|per|under|within|is|are|shall|will|may))$", re.I)
_NOT_RUN_ON = re.compile(r"\s*(?:[|*•>-]|#)")


def join_soft(t: Text) -> Text:
    """A text or Markdown file: a clause broken across lines is joined where the line cannot end there (a
    comma, 人民币 before its amount, "of" before a date), unless the next line starts a new clause."""
    lines = t.norm.split("\n")
    width = max((len(x) for x in lines), default=0)
    hard = width >= 20 and sum(1 for x in lines if len(x) == width) >= 3  # copied from a fixed-width viewer

    def wraps(line: str, nxt: str, body: str) -> bool:
        run_on = _DANGLING.search(body) or (hard and len(line) == width and body[-1:] not in "。;:!?")
        return bool(body and run_on and nxt.strip() and not _new_clause(body, nxt)
                    and not _NOT_RUN_ON.match(line) and not _NOT_RUN_ON.match(nxt))

    return _joined(t, lines, wraps)


def _sub(t: Text, pattern: re.Pattern, repl) -> Text:
    """re.sub that keeps the offset map: a replacement's characters map to the match's start."""
    out, idx, last = [], [], 0
    for m in pattern.finditer(t.norm):
        new = repl(m)
        if new is None:
            continue
        out.append(t.norm[last:m.start()])
        idx.extend(t.idx[last:m.start()])
        out.append(new)
        idx.extend([t.idx[m.start()]] * len(new))
        last = m.end()
    out.append(t.norm[last:])
    idx.extend(t.idx[last:])
    return Text("".join(out), idx)


def cn_number(s: str) -> float | None:
    try:
        v = cn2an.cn2an(s.replace("萬", "万").replace("貳", "贰").replace("參", "叁").replace("陸", "陆"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return v


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _frac(m: re.Match) -> str | None:
    v = cn_number(m.group(2))
    if v is None:
        return None
    return fmt(v * {"百": 1, "千": 0.1, "万": 0.01}[m.group(1)]) + "%"


def _money(m: re.Match) -> str | None:
    v = cn_number(m.group(1))
    return None if v is None else fmt(v) + "元"


def _unit(m: re.Match) -> str | None:
    v = cn_number(m.group(1))
    return None if v is None else fmt(v) + m.group(2)


_N = "[" + CJK_NUM + "]+"
_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_SMALL = "[一二三四五六七八九十]{1,3}"


def _cn_date(m: re.Match) -> str | None:
    """二〇二七年三月一日 → 2027年3月1日."""
    month, day = cn_number(m.group(2)), cn_number(m.group(3))
    if month is None or day is None:
        return None
    return "".join(_DIGIT[c] for c in m.group(1)) + f"年{int(month)}月{int(day)}日"


_NUM_WORD = r"(?:" + _EN_WORDS + r"|hundred|thousand|million|and)"
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_STEPS = (
    # three thousand nine hundred and ninety-seven US dollars (US$3,997) → US$3,997: the amount in figures stands for the words
    (re.compile(r"\b" + _NUM_WORD + r"(?:[\s-]+" + _NUM_WORD + r")*\s+(?:(?:US|U\.S\.|Singapore|Hong Kong|Australian|Canadian)\s+)?"
                r"(?:dollars|pounds(?: sterling)?|euros|yuan|renminbi)?\s*\(\s*((?:US\$|S\$|HK\$|USD|GBP|EUR|SGD|HKD|RMB|CNY|\$|£|€|¥)\s*"
                r"[0-9][0-9,]*(?:\.[0-9]+)?)\s*\)", re.I), lambda m: m.group(1)),
    # the 1st day of October, 2027 / 1st September 2027 → 1 October 2027
    (re.compile(r"\b(?:the\s+)?([0-9]{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+" + _MONTH + r",?\s+([0-9]{4})", re.I),
     lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)}"),
    (re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)\s+" + _MONTH + r"\b,?", re.I), lambda m: f"{m.group(1)} {m.group(2)}"),
    (re.compile(r"([〇零○一二三四五六七八九]{4})\s*年\s*(" + _SMALL + r")\s*月\s*(" + _SMALL + r")\s*[日号]"), _cn_date),
    # 百分之八（8%） → 8%; 三十（30） → 30
    (re.compile(r"[百千万]分之" + _N + r"\s*\(\s*([0-9.]+\s*%)\s*\)"), lambda m: m.group(1).replace(" ", "")),
    (re.compile(_N + r"\s*\(\s*([0-9][0-9,.]*)\s*\)"), lambda m: m.group(1)),
    (re.compile(r"([百千万])分之(" + _N + ")"), _frac),
    (re.compile(r"(" + _N + r")\s*[元圆]整?"), _money),
    (re.compile(r"(" + _N + r")(个月|个工作日|个自然日|工作日|自然日|日|天|年|周|个季度|季度|个|期|次|名|人)"), _unit),
    # 2027.3.1 / 2027/03/01 → 2027年3月1日 (a date written with dots or slashes)
    (re.compile(r"(?<![0-9.])(20[0-9]{2})[./](1[0-2]|0?[1-9])[./](3[01]|[12][0-9]|0?[1-9])(?![0-9])"),
     lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"),
    # 一年半 → 18个月, 半年 → 6个月, 3个点 → 3%
    (re.compile(r"([0-9]+)\s*年半"), lambda m: f"{int(m.group(1)) * 12 + 6}个月"),
    (re.compile(r"(?<![上下0-9])半年(?![度0-9])"), lambda m: "6个月"),
    (re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*个点"), lambda m: m.group(1) + "%"),
    (re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*万元"), lambda m: fmt(float(m.group(1)) * 10000) + "元"),
    (re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*万(?=\s*(?:美元|美金|港元|港币|欧元|英镑|日元|新元|澳元|加元))"), lambda m: fmt(float(m.group(1)) * 10000)),
    (re.compile(r"\b(?:" + _EN_WORDS + r")\s*(?:percent|per cent)?\s*\(\s*([0-9][0-9,.]*\s*%?)\s*\)", re.I),
     lambda m: m.group(1).replace(" ", "")),
    (re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(?:percent|per cent)\b", re.I), lambda m: m.group(1) + "%"),
    (re.compile(r"\b(" + _EN_WORDS + r")([\s-]+)(?=(?:calendar |business |working )?(?:months?|years?|days?|weeks?|consecutive)\b)", re.I),
     lambda m: str(_EN_NUM[m.group(1).lower()]) + " "),
)


def numbers(t: Text) -> Text:
    for pattern, repl in _STEPS:
        t = _sub(t, pattern, repl)
    return t


# a key-terms line with dot leaders (Subscription Start Date ........ 1 December 2027, 服务期限……12个月) is a two-column row
_LEADERS = re.compile(r"^[ \t]*([^\n.|]{2,60}?)[ \t]*\.{4,}[ \t]*([^\n.][^\n]*?)[ \t]*$", re.M)


def leaders(t: Text) -> Text:
    return _sub(t, _LEADERS, lambda m: f"| {m.group(1)} | {m.group(2)} |")


# a Chinese table whose cells a PDF text layer separates by spaces only: a header line of short words naming columns
# (费用项目 收费标准 支付方式), then the lines with as many space-separated cells are its rows
_HEAD_WORDS = re.compile(r"项目|标准|方式|金额|内容|名称|费用|指标|目标|口径|说明|备注|价格|单价|数量|交付物|时间|期限")
_CELL = re.compile(r"[^\s|]+")


def _replace(t: Text, spans: list[tuple[int, int, str]]) -> Text:
    out, idx, last = [], [], 0
    for a, b, new in spans:
        out.append(t.norm[last:a])
        idx.extend(t.idx[last:a])
        out.append(new)
        idx.extend([t.idx[a]] * len(new))
        last = b
    out.append(t.norm[last:])
    idx.extend(t.idx[last:])
    return Text("".join(out), idx)


def space_tables(t: Text) -> Text:
    spans, pos, cols = [], 0, 0
    for line in t.norm.split("\n"):
        cells = _CELL.findall(line)
        if cols and len(cells) == cols and "|" not in line and re.search(r"[0-9]", line) and not re.search(r"[。;]", line):
            spans.append((pos, pos + len(line), "| " + " | ".join(cells) + " |"))
        elif 2 <= len(cells) <= 5 and all(re.fullmatch(r"[\u4e00-\u9fff]{2,6}", c) for c in cells) \
                and sum(bool(_HEAD_WORDS.search(c)) for c in cells) >= 2:
            cols = len(cells)
            spans.append((pos, pos + len(line), "| " + " | ".join(cells) + " |"))
        else:
            cols = 0
        pos += len(line) + 1
    return _replace(t, spans) if spans else t


def normalize(raw: str, wrapped: bool = False, soft: bool = False) -> Text:
    t = chars(raw)
    if wrapped:
        t = join_wrapped(t)
    elif soft:
        t = join_soft(t)
    return numbers(space_tables(leaders(t)))
