"""Patterns for the KPIs a contract agrees (kpis[]) and a one-off project price (fees.project_price).

A KPI is read from a sentence or a table row inside an article about KPIs (考核指标, KPI, Key
Performance Indicators) that names a metric and a number: the metric (GMV, ROAS, TACoS …), its
target and how the target is meant (增长20% → growth_pct, 不低于 / at least → at_least, 不超过 /
no more than → at_most, an amount → absolute), the period it is judged on, its formula (口径, "how it
is measured") and, for sales metrics, whether refunds are deducted. A target the contract says is no
promise (力争, 不构成承诺, "not a guarantee") is not a KPI. Each KPI's fields are proposed under
``kpis[<metric>]``; a baseline (基准销售额为…, "the baseline is …") is proposed for the KPI of its metric.
"""
from __future__ import annotations

import re

from .base import NUM, Context, Hit, moneys, num

CI = re.I
# ordered: a more specific name first (广告投入产出比 before 投入产出比, Net Sales before sales)
_A, _Z = r"(?<![A-Za-z])", r"(?![A-Za-z])"  # an ASCII word's edges (广告ACoS: no \b between 告 and A)
_METRICS = (("tacos", rf"{_A}TACoS{_Z}|{_A}TACOS{_Z}|总广告销售成本比"), ("acos", rf"{_A}ACoS{_Z}|{_A}ACOS{_Z}|广告销售成本比"),
            ("roas", rf"{_A}ROAS{_Z}|广告投入产出比|广告回报率"), ("roi", rf"{_A}ROI{_Z}|投资回报率|投入产出比"),
            ("conversion_rate", r"转化率|conversion rate"), ("refund_rate", r"退款率|refund rate"),
            ("return_rate", r"退货率|return rate"), ("order_defect_rate", rf"{_A}ODR{_Z}|订单缺陷率|order defect rate"),
            ("review_rating", r"店铺评分|商品评分|星级|review rating|star rating"), ("ranking", rf"排名|{_A}BSR{_Z}|ranking"),
            ("net_sales", r"净销售额|net sales|net revenue"), ("profit_margin", r"利润率|profit margin"),
            ("sessions", rf"访客数|流量|{_A}sessions{_Z}|traffic"), ("units", rf"销量|订单量|{_A}units{_Z}|order volume"),
            ("gmv", rf"{_A}GMV{_Z}|销售额|营业额|成交额|gross sales|total sales|{_A}sales{_Z}|{_A}revenue{_Z}"))
_SOURCES = (("ads_console", r"广告后台|广告报表|广告控制台|Ads console|advertising console|Campaign Manager|Walmart Connect"),
            ("seller_central", r"卖家后台|卖家中心|Seller Central|Seller Cent(?:er|re)"), ("erp", rf"{_A}ERP{_Z}"),
            ("provider_report", r"乙方(?:提供的|出具的)?报告|(?:Agency|Provider)['’]s (?:own )?reports?"),
            ("platform_backend", r"平台后台|店铺后台|商家后台|platform (?:back-?end|dashboard)"))
_CONTEXT = re.compile(r"KPI|考核|业绩承诺|Key Performance|performance indicator|performance targets?|service levels?|\bSLA\b", CI)
_NO_PROMISE = re.compile(r"力争|争取|尽力|不构成|不作为|仅供参考|不保证|不承诺|for reference|not (?:a |an )?(?:guarantee|promise|commitment)"
                         r"|does not (?:guarantee|constitute)|best efforts|aims? to", CI)
_NOT_KPI = re.compile(r"解除|终止|违约|提成|佣金|服务费|预付|terminat|commission|performance fee|retainer|invoice", CI)
_GROWTH = re.compile(r"(?:增长|提升|提高|增幅|同比增长|环比增长)\s*" + NUM + r"\s*%|(?:growth|increase|grow\w*|uplift)\s+(?:of|by)?\s*"
                     + NUM + r"\s*%|" + NUM + r"\s*%\s*(?:growth|increase|above (?:the )?baseline)", CI)
_MOST = re.compile(r"不高于|不超过|低于|小于|以内|以下|≤|<=|at most|no more than|not (?:to )?exceed|not more than|below|under|maximum", CI)
_LEAST = re.compile(r"不低于|不少于|至少|以上|≥|>=|at least|no less than|not less than|minimum|or more|or higher", CI)
_PERIODS = ((r"每周|周度|按周|weekly|per week|each week", "week"), (r"每季度|季度|quarterly|per quarter", "quarter"),
            (r"每月|月度|按月|自然月|当月|monthly|per (?:calendar )?month|each (?:calendar )?month", "month"))
_FORMULA_HEAD = re.compile(r"口径|计算|公式|取数|how (?:it is )?measured|formula|definition|calculat|measured", CI)
_NET = re.compile(r"扣除(?:[^|。,;]{0,6})?(?:退款|退货)|(?:退款|退货)后|less (?:refunds|returns)|net of (?:refunds|returns)|"
                  r"excluding (?:refunds|returns)", CI)
_GROSS = re.compile(r"不扣除(?:退款|退货)|含退款|including (?:refunds|returns)", CI)


def metric_of(text: str) -> str | None:
    for name, pat in _METRICS:
        if re.search(pat, text, CI):
            return name
    return None


def _cells(s: str) -> list[str] | None:
    if not s.lstrip().startswith("|"):
        return None
    cells = [c.strip() for c in s.strip().strip("|").split("|")]
    return cells if len(cells) >= 2 else None


def _header(cells: list[str], ctx: Context) -> bool:
    """A table's header row (no numbers): notes the column that names the formula (口径, "How it is measured")."""
    if any(re.search(r"[0-9]", c) for c in cells):
        return False
    if all(re.fullmatch(r"[-: ]*", c) for c in cells):
        return True  # the |---|---| line under the header
    col = next((i for i, c in enumerate(cells) if _FORMULA_HEAD.search(c) and len(c) <= 24), None)
    ctx.extra["kpi_formula_col"] = (ctx.article, col)
    return True


def _target(text: str) -> tuple[float, str] | None:
    g = _GROWTH.search(text)
    if g:
        return num(next(x for x in g.groups() if x)), "growth_pct"
    amounts = [a for a in moneys(text) if a[1]]
    n = re.search(r"(?<![A-Za-z0-9.])" + NUM + r"\s*(%|倍|分|x\b|星)?", text)
    value = amounts[0][0] if amounts and (not n or amounts[0][2] <= n.start() + 4) else (num(n.group(1)) if n else None)
    if value is None:
        return None
    before = text[:(amounts[0][2] if amounts and value == amounts[0][0] else n.start()) + 1]
    if _LEAST.search(before) or (n and _LEAST.search(text[n.end():n.end() + 10])):
        return value, "at_least"
    if _MOST.search(before) or _MOST.search(text[n.end():n.end() + 6] if n else ""):
        return value, "at_most"
    return value, "absolute"


def kpi(s: str, ctx: Context) -> list[Hit]:
    if not (_CONTEXT.search(ctx.heading) or _CONTEXT.search(s) or re.search(r"KPI|考核指标|Key Performance", ctx.article, CI)):
        return []
    cells = _cells(s)
    if not cells:  # the clause of the sentence that names the metric (乙方承诺…达到X元；未达到的，服务费减半)
        s = next((part for part in re.split(r"[;；]", s) if metric_of(part)), s)
    if _NO_PROMISE.search(s) or _NOT_KPI.search(s) or _BASELINE.search(s):
        return []
    if cells and _header(cells, ctx):
        return []
    if cells:
        name, rest = cells[0], cells[1:]
        metric = metric_of(name)
        target = _target(rest[0]) if metric and rest else None
        article, col = ctx.extra.get("kpi_formula_col", ("", None))
        col = col if article == ctx.article else None
        formula = cells[col] if col is not None and 1 < col < len(cells) else None
    else:
        metric = metric_of(s)
        m = re.search(next(p for n, p in _METRICS if n == metric), s, CI) if metric else None
        target = _target(s[m.end():]) if m else None
        f = re.search(r"(?:口径|计算方式|计算公式|计算方法)\s*(?:为|是|:)\s*([^;。]+)|(?:calculated|measured|defined) as ([^;.]+)", s, CI)
        formula = (f.group(1) or f.group(2)).strip() if f else None
    if not metric or not target:
        return []
    ids = ctx.extra.setdefault("kpi_ids", [])
    kid = metric if metric not in ids else f"{metric}-{ids.count(metric) + 1}"
    ids.append(metric)
    hits = [Hit(f"kpis[{kid}].metric", metric, 0.8), Hit(f"kpis[{kid}].target", target[0], 0.8),
            Hit(f"kpis[{kid}].target_kind", target[1], 0.75)]
    for pat, period in _PERIODS:
        if re.search(pat, s, CI) or re.search(pat, ctx.article, CI):
            hits.append(Hit(f"kpis[{kid}].period", period, 0.75))
            break
    if formula:
        hits.append(Hit(f"kpis[{kid}].formula", formula, 0.75))
    said = [m.group(1) or m.group(2) for m in re.finditer(r"以([^。;,]{2,24}?)(?:报表|数据|报告)?为准|(?:as reported (?:in|by)|according to|"
                                                         r"measured (?:in|from|by)|from) ([^.;,]{3,40})", s, CI)]
    source = next((name for where in said + [formula or ""] for name, pat in _SOURCES if re.search(pat, where, CI)), None)
    if source:
        hits.append(Hit(f"kpis[{kid}].data_source", source, 0.75))
    where = formula or s
    if metric in ("gmv", "net_sales") and (_NET.search(where) or _GROSS.search(where)):
        hits.append(Hit(f"kpis[{kid}].net_of_refunds", not _GROSS.search(where), 0.75))
    return hits


_BASELINE = re.compile(r"基准(?:销售额|值|GMV)?\s*(?:为|是|:)|\bbaseline\b[^.]{0,30}?\b(?:is|means|shall be)\b", CI)


def baseline(s: str, ctx: Context) -> list[Hit]:
    """基准销售额为…即25,000美元 / "the Baseline is USD 40,000 of monthly net sales": the baseline of that metric's KPI."""
    m = _BASELINE.search(s)
    if not m or _NO_PROMISE.search(s):
        return []
    metric = metric_of(s[max(0, m.start() - 10):])
    amounts = [a for a in moneys(s) if a[2] > m.start()]
    if not metric or not amounts:
        return []
    return [Hit(f"kpis[{metric}].baseline", amounts[0][0], 0.75)]


_PROJECT_ZH = re.compile(r"项目(?:总价|总费用|费用|价款|总金额)|(?:合同|服务|培训|课程)(?:总价|总价款|总金额)|"
                         r"(?:培训|课程|项目|咨询)?服务费(?:用)?(?:共计|合计|总计)|费用(?:共计|合计|总计)")
_PROJECT_EN = re.compile(r"(?:total|fixed|one-?off|one-?time)\s+(?:project|program|programme|course|package)?\s*(?:price|fee)|"
                         r"(?:project|program|programme|course|package) (?:fee|price)", CI)
_RECURRING = re.compile(r"每月|月费|每年|年费|按月|per month|monthly|per year|annual|a month|/\s*month", CI)


def project_price(s: str, ctx: Context) -> list[Hit]:
    m = (_PROJECT_ZH if ctx.lang == "zh" else _PROJECT_EN).search(s)
    if not m or _RECURRING.search(s) or re.search(r"违约金|逾期|滞纳|保证金|押金|penalt|late|deposit|refund", s, CI):
        return []
    amounts = [a for a in moneys(s) if a[2] >= m.start() and a[1]]
    if not amounts:
        return []
    return [Hit("fees.project_price", amounts[0][0], 0.8)]


PATTERNS = (kpi, baseline, project_price)
