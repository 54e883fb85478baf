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

from .base import defined_in, NUM, Context, Hit, moneys, num

CI = re.I
# ordered: a more specific name first (广告投入产出比 before 投入产出比, Net Sales before sales)
_A, _Z = r"(?<![A-Za-z])", r"(?![A-Za-z])"  # an ASCII word's edges (广告ACoS: no \b between 告 and A)
_METRICS = (("tacos", rf"{_A}TACoS{_Z}|{_A}TACOS{_Z}|总广告销售成本比"), ("acos", rf"{_A}ACoS{_Z}|{_A}ACOS{_Z}|广告销售成本比"),
            ("roas", rf"{_A}ROAS{_Z}|广告投入产出比|广告回报率"), ("roi", rf"{_A}ROI{_Z}|投资回报率|投入产出比"),
            ("conversion_rate", r"转化率|conversion rate"), ("refund_rate", r"退款率|refund rate"),
            ("return_rate", r"退货率|return rate"), ("order_defect_rate", rf"{_A}ODR{_Z}|订单缺陷率|order defect rate"),
            ("review_rating", r"店铺评分|商品评分|星级|review rating|star rating"), ("ranking", rf"排名|{_A}BSR{_Z}|ranking"), ("net_sales", r"净销售额|结算回款|回款(?:金额|额)?目标|net sales|net revenue"), ("profit_margin", r"利润率|profit margin"),
            ("sessions", rf"访客数|流量|{_A}sessions{_Z}|traffic"), ("units", rf"销量|订单量|{_A}units{_Z}|order volume"),
            ("gmv", rf"{_A}GMV{_Z}|销售额|营业额|成交额|成交金额|销售金额|交易额|gross sales|total sales|{_A}sales{_Z}|{_A}revenue{_Z}"),
            ("account_health", rf"店铺体验分|体验分|店铺表现分|账户健康|账号健康|account health|{_A}AHR{_Z}|shop performance score|shop score"),
            ("custom", rf"响应时间|(?:平均)?在线人数|观看人数|回复时间|响应时长|回复率|响应率|点击率|差评率|好评率|纠纷率|单次转化成本|{_A}CPA{_Z}|{_A}CPC{_Z}|{_A}CTR{_Z}|"
                       r"response time|reply time|response rate"))
_SOURCES = (("ads_console", r"广告后台|广告报表|广告控制台|Ads console|advertising console|Campaign Manager|Walmart Connect|Amazon Ads\b|Amazon Advertising"),
            ("seller_central", r"卖家后台|卖家中心|Seller Central|Seller Cent(?:er|re)|Business Reports?\b|业务报告"), ("erp", rf"{_A}ERP{_Z}"),
            ("provider_report", r"乙方(?:提供的|出具的)?报告|(?:Agency|Provider)['’]s (?:own )?reports?"),
            ("platform_backend", r"平台后台|店铺后台|商家后台|(?:Shopify|TikTok Shop|Shopee|Lazada|Temu|独立站|抖店|天猫|淘宝|京东)\s*(?:商家|卖家)?后台"
                                 r"|platform (?:back-?end|dashboard)|Shopify (?:admin|analytics|dashboard)"))
_CONTEXT = re.compile(r"KPI|考核|业绩承诺|业绩目标|销售目标|运营目标|服务标准|绩效|Key Performance|performance indicator|performance targets?|service levels?|\bSLA\b|"
                      r"^\s*(?:#+\s*)?(?:第[0-9一二三四五六七八九十]+条|[0-9.]+)?\s*(?:目标|Performance|Goals?|Objectives?)\s*$|"
                      r"^\s*(?:#+\s*)?(?:[0-9.]+\s*)?(?:#+\s*)?Targets?\b|\b(?:our|the|Agency['’]s|Provider['’]s) targets? (?:is|are)\b", CI)
_NO_PROMISE = re.compile(r"力争|争取|尽力|不构成|不作为|仅供参考|仅作[^。,;]{0,4}说明|背景说明|for (?:information|background)(?: purposes)?(?: only)?|不保证|不承诺|for reference|not (?:a |an )?(?:guarantee|promise|commitment)"
                         r"|does not (?:guarantee|constitute)|best efforts", CI)
_AIM = re.compile(r"\baims? (?:to|for)\b", CI)  # a hope, unless measured: "I aim to bring ACoS to 28% or lower, measured in …"
_AIM_MEASURED = re.compile(r"measured|as reported|as shown|or (?:lower|higher|less|more|below|above|better)|at (?:least|most)|no more than|not (?:to )?exceed", CI)
_NOT_KPI = re.compile(r"解除|终止|解约|退出合作|违约|提成|佣金|服务费|预付|奖金|奖励|terminat|commission|performance fee|retainer|invoice|bonus|下降|下滑|\bdecline|\bdrops?\b|\bfalls?\b|"
                      # the trigger of an exit (a stop-loss), not a target: "may end this agreement", 连续两个月高于35%的
                      r"\b(?:end|exit|cancel|leave|withdraw from) (?:this|the) (?:agreement|contract|engagement)|"
                      r"连续\s*[0-9]+\s*个?(?:考核|统计|自然)?(?:月|周|季度)|\b[0-9]+\s+consecutive\s+(?:calendar\s+)?(?:months|weeks|quarters)|"
                      r"\b[0-9]+\s+(?:calendar\s+)?(?:months|weeks|quarters)\s+in\s+a\s+row", CI)
_GROWTH = re.compile(r"(?:增长|提升|提高|增幅|同比增长|环比增长)(?:率|幅度)?\s*(?:应|须)?(?:不低于|不少于|至少|达到|超过|高于|为)?\s*" + NUM + r"\s*%|(?:growth|increase|grow\w*|uplift)\s+(?:of|by)?\s*"
                     + NUM + r"\s*%|(?:increase|grow|raise|lift)\w*\s+(?:[\w-]+\s+){0,3}?by\s+(?:at least\s+)?" + NUM + r"\s*%|" + NUM + r"\s*%\s*(?:growth|increase|above (?:the )?baseline)", CI)
_MOST = re.compile(r"不高于|不超过|不(?:得|应|能|可|会)(?:超过|高于)|低于|小于|以内|以下|≤|<=|at most|no more than|not (?:to )?exceed|not more than|below|under|maximum|or (?:lower|less|below|under)", CI)
_LEAST = re.compile(r"不低于|不少于|至少|以上|≥|>=|at least|no less than|not less than|minimum|or more|or higher|(?<!不)(?<!不得)(?<!不应)(?<!不能)(?<!不可)(?<!不会)(?:超过|高于|大于)|"
                    r"(?<!not )(?<!no )(?:\babove\b|more than|greater than|higher than|in excess of)", CI)
_PERIODS = ((r"每周|周度|按周|weekly|per week|each week", "week"), (r"每季度|季度|quarterly|per quarter", "quarter"),
            (r"每月|月度|按月|自然月|当月|月(?:销售额|GMV|目标|考核)|monthly|(?:per|each|every|any|in a) (?:calendar )?month\b|month by month", "month"),
            (r"(?:合作|合同|服务)期(?:限)?内?累计|整个(?:合作|合同|服务)期|(?:total|cumulative|aggregate)[^.;]{0,60}?(?:over|during|across) the "
             r"(?:whole |entire |initial )?(?:Term|term|contract period|engagement)\b", "contract"))
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
    if _MOST.search(before) or _MOST.search(text[n.end():n.end() + 10] if n else ""):
        return value, "at_most"
    return value, "absolute"


# a quantity or an operation: a column naming only where a figure is read and its qualifiers (生意参谋，含税，扣除退款 /
# "Seller Central, excluding VAT, net of refunds") is the data source, not a formula
_FORMULA_SIGNAL = re.compile(r"金额|除以|/|÷|×|乘以|减去|加上|合计|总额|之和|比值|比率|占比|计算|订单|销售额|花费|支出|消耗|divided|\bminus\b|"
                             r"\bsum\b|\btotal\b|ratio|gross|calculat|amount|sales|revenue|orders?|spend|cost", CI)


def _row(cells: list[str], ctx: Context) -> tuple[str | None, tuple | None, str | None, str | None]:
    """A table row's metric, target, formula and id: the metric is named in its first cell, or (a row named only
    目标一 / "KPI 1") in the cell after it; a metric the format does not name (CPA, CTR) is a custom one."""
    name, rest = cells[0], cells[1:]
    metric = metric_of(name)
    kid = None
    if not metric and re.fullmatch(r"[A-Z]{2,6}", name) and rest and re.search(r"[0-9]", rest[0]):
        metric = "custom"
    if not metric and rest and re.fullmatch(r"(?:目标|指标|考核项|KPI)\s*[0-9一二三四五六七八九十]*|[0-9]+\.?|[A-Z]", name, CI):
        metric = metric_of(rest[0])
        m = re.search(next(p for n, p in _METRICS if n == metric), rest[0], CI) if metric else None
        rest = [rest[0][m.end():]] + rest[1:] if m else rest
    target = _target(rest[0]) if metric and rest else None
    article, col = ctx.extra.get("kpi_formula_col", ("", None))
    col = col if article == ctx.article else None
    formula = cells[col] if col is not None and 1 < col < len(cells) else None
    return metric, target, formula, kid


def kpi(s: str, ctx: Context) -> list[Hit]:
    if not (_CONTEXT.search(ctx.heading) or _CONTEXT.search(s) or re.search(r"KPI|考核指标|Key Performance", ctx.article, CI)):
        return []
    cells = _cells(s)
    if cells:
        return _kpi_clause(s, cells, ctx)
    # each clause of the sentence that names a metric (月销售额不低于20万元；ACoS不高于30%；未达到的，服务费减半)
    parts = [part for clause in re.split(r"[;；]", s) for part in _by_metric(clause) if metric_of(part)]
    promise = re.match(r"[^:：]{0,30}(?:承诺|保证|考核目标|指标)\s*[:：]", s)
    return [h for part in parts[:4] for h in _kpi_clause((promise.group() if promise and part is not parts[0] else "") + part, None, ctx)]


def _by_metric(clause: str) -> list[str]:
    """A clause cut where a new metric with its figure starts (转化率不低于10%，退款率不超过5%), each keeping the words after it."""
    groups: list[str] = []
    for chunk in re.split(r"(?<=[,，])", clause):
        if not groups or all(metric_of(t) and re.search(r"[0-9]", t) for t in (chunk, groups[-1])):
            groups.append("")
        groups[-1] += chunk
    return groups


def _kpi_clause(s: str, cells: list[str] | None, ctx: Context) -> list[Hit]:
    if _NO_PROMISE.search(s) or _NOT_KPI.search(s) or _BASELINE.search(s) or (_AIM.search(s) and not _AIM_MEASURED.search(s)):
        return []
    if cells and _header(cells, ctx):
        return []
    kid, column = None, None
    if cells:
        metric, target, column, kid = _row(cells, ctx)
        formula = column if column and _FORMULA_SIGNAL.search(column) else None  # a column naming only where it is read
    else:
        metric = metric_of(s)
        m = re.search(next(p for n, p in _METRICS if n == metric), s, CI) if metric else None
        target = _target(_without_baseline(s[m.end():])) if m else None
        around = re.search(r"(?:increase|grow|raise|lift)\w*\s+(?:[\w-]+\s+){0,3}?by\s+(?:at least\s+)?" + NUM + r"\s*%", s, CI)
        if m and around and around.start() < m.start() < around.end():  # "increase monthly revenue by at least 20%"
            target = (num(around.group(1)), "growth_pct")
        ahead = re.search(NUM + r"\s*%\s*(?:increase|growth|uplift|rise) in\b", s[:m.start()] if m else "", CI)  # "a 25% increase in GMV"
        target = target or ((num(ahead.group(1)), "growth_pct") if ahead else None)
        f = re.search(r"(?:口径|计算方式|计算公式|计算方法)\s*(?:为|是|:)\s*([^;。]+)|(?:calculated|measured|defined) as ([^;.]+)", s, CI)
        formula = (f.group(1) or f.group(2)).strip() if f else None
    if not metric or not target:
        return []
    ids = ctx.extra.setdefault("kpi_ids", [])
    kid = kid or metric
    kid = kid if kid not in ids else f"{kid}-{ids.count(kid) + 1}"
    ids.append(kid)
    hits = [Hit(f"kpis[{kid}].metric", metric, 0.8), Hit(f"kpis[{kid}].target", target[0], 0.8),
            Hit(f"kpis[{kid}].target_kind", target[1], 0.75)]
    period = _period(_without_baseline(s)) or _period(_without_baseline(ctx.article), strict=True)
    if period:
        hits.append(Hit(f"kpis[{kid}].period", period, 0.75))
    if formula:
        hits.append(Hit(f"kpis[{kid}].formula", formula, 0.75))
    compared = re.search(r"(?:较|相比|对比|相对于|compared (?:to|with)|relative to|versus|vs\.?|\bover)\s*[^。;,]{0,40}", s, CI)
    period = baseline_period(compared.group()) if compared else None
    if period:
        hits.append(Hit(f"kpis[{kid}].baseline_period", period, 0.7))
    measured = _measured(s, kid, metric, formula or column, " | ".join(cells[2:]) if cells else "")
    defined = defined_in(s, ctx)  # "Net Sales of EUR 75,000", where "Net Sales" means … less refunds, as shown in Seller Central
    if defined:
        have = {h.field for h in measured}
        measured += [h for h in _measured(defined, kid, metric, None) if h.field not in have]
    return hits + [_backend_of(h, s, ctx) for h in measured]


_OTHER_PLATFORM = re.compile(r"TikTok|抖店|抖音|Temu", CI)


def _backend_of(hit: Hit, s: str, ctx: Context) -> Hit:
    """TikTok Shop's Seller Center (抖店后台) is that platform's back end, not Seller Central. (Shopee's and Lazada's Seller
    Centre stay read as Seller Central, as the corpus labels them.)"""
    if not (hit.field.endswith(".data_source") and hit.value == "seller_central") or re.search(r"Seller Central|亚马逊|Amazon", s, CI):
        return hit
    return Hit(hit.field, "platform_backend", hit.confidence) if _OTHER_PLATFORM.search(s) else hit


_STATED_PERIODS = ((r"按周(?:考核|统计|计算|评估)|每周考核|周度考核|(?:measured|assessed|reviewed) weekly|on a weekly basis", "week"),
                   (r"按季度?(?:考核|统计|计算|评估)|每季度考核|季度考核|(?:measured|assessed|reviewed) quarterly|on a quarterly basis", "quarter"),
                   (r"按(?:自然)?月(?:度)?(?:考核|统计|计算|评估)|每月考核|月度考核|(?:measured|assessed|reviewed) monthly|on a monthly basis|"
                    r"per calendar month", "month"))


def _period(text: str, strict: bool = False) -> str | None:
    """A KPI's period; ``strict`` (the article around it): only a period stated as the KPIs' (按月考核, "measured monthly"),
    not a month named in passing (当月, 月销售额)."""
    return next((period for pat, period in (_STATED_PERIODS if strict else _PERIODS) if re.search(pat, text, CI)), None)


_BASE_PERIOD = re.compile(r"(?:较|相比|比|对比|相对于|over|above|versus|vs\.?|compared (?:to|with)|relative to)[^。;,]{0,40}?"
                          r"(?:基准期?|同期|上年|去年|the baseline|baseline|prior (?:year|period|quarter)|previous (?:year|period|quarter)|last year|same (?:month|period|quarter)(?: last year)?)\)?"
                          r"|[0-9]{4}\s*年\s*第?[一二三四1-4]\s*季度|\bQ[1-4]\s*[0-9]{4}|[0-9]{4}\s*Q[1-4]", CI)


def _without_baseline(text: str) -> str:
    """The text without the period a baseline was measured on (较2026年第四季度月均销售额): not the KPI's own period."""
    return _BASE_PERIOD.sub(" ", text)


def _measured(s: str, kid: str, metric: str, formula: str | None, later_cells: str = "") -> list[Hit]:
    """Where the KPI is read (data source), whether refunds are deducted and tax included, its attribution window."""
    hits = []
    said = [next(g for g in m.groups() if g) for m in re.finditer(r"以([^。;,]{2,60}?)(?:报表|数据|报告)?(?:统计)?为准|(?:as reported (?:in|by)|as shown (?:in|by)|according to|"
                                                         r"(?:measured|reported|tracked|calculated|read)(?: \w+)? (?:in|from|by|using|on)|from|based on|\bper) ([^.;,]{3,40})|(?:数据来源|来源于)\s*:?\s*([^。;,]{3,40})", s, CI)]
    source = next((name for where in said + [formula or "", later_cells] for name, pat in _SOURCES if re.search(pat, where, CI)), None)
    if source:
        hits.append(Hit(f"kpis[{kid}].data_source", source, 0.75))
    where = formula or s
    if metric in ("gmv", "net_sales") and (_NET.search(where) or _GROSS.search(where)):
        hits.append(Hit(f"kpis[{kid}].net_of_refunds", not _GROSS.search(where), 0.75))
    tax = _TAX_OUT.search(s) or _TAX_IN.search(s)
    if metric in ("gmv", "net_sales", "units") and tax:
        hits.append(Hit(f"kpis[{kid}].includes_tax", not _TAX_OUT.search(s), 0.75))
    window = _window(s)
    if window and metric in ("roas", "acos", "tacos", "roi", "conversion_rate", "gmv"):
        hits.append(Hit(f"kpis[{kid}].attribution_window_days", window, 0.75))
    return hits


_TAX_OUT = re.compile(r"不含税|未含税|不含(?:增值)?税|扣除(?:增值)?税|税前|(?:excluding|exclusive of|net of|excl\.?|exc\.?|ex\.?|before) (?:VAT|GST|sales tax|taxes)", CI)
_TAX_IN = re.compile(r"(?<![不未])含税|含(?:增值)?税|(?:including|inclusive of|incl\.?) (?:VAT|GST|sales tax|taxes)|tax[- ]inclusive", CI)
_WINDOW = re.compile(r"([0-9]+)\s*(?:天|日)\s*(?:内)?(?:的)?(?:点击)?归因|归因(?:窗口|周期|期|时间)?\s*(?:为|是|:)?\s*([0-9]+)\s*(?:天|日)"
                     r"|([0-9]+)[- ]day (?:click[- ]?through |post[- ]click |click )?attribution|attribution (?:window|period) of ([0-9]+) days"
                     r"|attribution (?:window|period)\s*(?:is|:)?\s*([0-9]+) days|([0-9]+)\s*天(?:点击)?归因", CI)


def _window(s: str) -> int | None:
    m = _WINDOW.search(s)
    v = int(next(g for g in m.groups() if g)) if m else None
    return v if v and 1 <= v <= 365 else None


def kpi_window(s: str, ctx: Context) -> list[Hit]:
    """An attribution window in a sentence of its own (ROAS按7天归因口径统计 / "all ad metrics use a 14-day attribution
    window"): the window of that metric's KPI, or ("*") of every ad KPI the contract agrees."""
    window = _window(s)
    if not window or _cells(s) is not None:
        return []
    metric = metric_of(s)
    if metric in ("roas", "acos", "tacos", "roi", "conversion_rate"):
        return [Hit(f"kpis[{metric}].attribution_window_days", window, 0.7)]
    if re.search(r"广告|\bads?\b|advertising", s, CI):
        return [Hit("kpis[*].attribution_window_days", window, 0.7)]
    return []


_RAMP = re.compile(r"(?:考核|KPI|指标)[^。;]{0,10}?自?(?:合作|服务|本合同生效后的?)?第\s*([0-9]+)\s*个?(?:自然)?月(?:起|开始)"
                   r"|(?:自|从)[^。;,]{0,6}?第\s*([0-9]+)\s*个?(?:自然)?月(?:起|开始)[^。;]{0,10}?(?:考核|执行|适用|生效|计算|统计|评估)"
                   r"|前\s*([0-9]+)\s*个月[^。;]{0,12}?(?:不考核|不纳入考核|为(?:磨合|爬坡|过渡|适应)期|免于考核)"
                   r"|(?:KPIs?|targets?|performance (?:indicators|targets))[^.;]{0,40}?(?:apply|applies|start|begin|take effect|measured|assessed|counts?)"
                   r"\s+(?:only )?(?:from|after|starting (?:from|with|in)) (?:the )?(?:month ([0-9]+)|([0-9]+)(?:st|nd|rd|th) month|(?:first )?([0-9]+) months)"
                   r"|first ([0-9]+) months?[^.;]{0,40}?(?:ramp[- ]up|onboarding|not (?:be )?(?:measured|assessed|counted))"
                   # "Our target is … from the 3rd month after the Start Date", "target … from the fourth month of the term"
                   r"|\btargets?\b(?:[^.;]|\.(?=[0-9])){0,140}?\b(?:from|starting (?:from|with|in)|beginning (?:with|in)) (?:the )?([0-9]+)(?:st|nd|rd|th) (?:calendar )?month\b", CI)


_ALL_PERIOD = re.compile(r"(?:上述|以上|各项|所有|全部|本条)?(?:指标|KPI|考核指标)[^。;]{0,10}?(?:按|每)(自然月|月|季度|周)度?[^。;,]{0,12}?(?:进行)?(?:考核|计算|统计|评估)"
                         r"|(?:all |the )?(?:KPIs|targets|indicators|metrics)[^.;]{0,30}?(?:measured|assessed|reviewed|calculated|evaluated)\s+"
                         r"(monthly|quarterly|weekly|per calendar month|each (?:calendar )?month|per quarter)", CI)


def kpi_all_period(s: str, ctx: Context) -> list[Hit]:
    """上述指标按自然月考核 / "All KPIs are measured monthly": the period of every KPI that does not state its own."""
    m = _ALL_PERIOD.search(s)
    if not m or _NO_PROMISE.search(s) or metric_of(s):
        return []
    period = _period(m.group()) or {"季度": "quarter", "周": "week"}.get(m.group(1) or "", "month")
    return [Hit("kpis[*].period", period, 0.7)]


_ORDINALS = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th"}


def kpi_ramp(s: str, ctx: Context) -> list[Hit]:
    """考核自合作第三个月起执行 → 2; "the first two months are a ramp-up period": every KPI is judged only after them."""
    if not (_CONTEXT.search(ctx.heading) or _CONTEXT.search(s) or _CONTEXT.search(ctx.article)):
        return []
    s = re.sub(r"\b(first|second|third|fourth|fifth|sixth)(?= (?:calendar )?month\b)", lambda o: _ORDINALS[o.group(1).lower()], s, flags=CI)
    m = _RAMP.search(s)
    if not m and re.search(r"(?:首月|第1个(?:自然)?月|(?:合作|服务)?首个(?:自然)?月)[^。;]{0,16}?(?:不纳入考核|不计入考核|不考核|免于考核|"
                           r"为[^。;,]{0,10}?(?:磨合|爬坡|过渡|适应|测试|交接|调整)期)|\b1st (?:calendar )?month (?:is|will be) an? "
                           r"(?:learning|ramp[- ]up|onboarding|setup|set-up|trial) period", s, CI) and not _NO_PROMISE.search(s):
        return [Hit("kpis[*].starts_after_months", 1, 0.7)]
    if not m or _NO_PROMISE.search(s):
        return []
    i = next(i for i, g in enumerate(m.groups()) if g)
    n = int(m.group(i + 1))
    # 第N个月起, "month N", "the Nth month" name the first month judged; 前N个月, "after N months" the months before it
    after = n - 1 if i in (0, 1, 3, 4, 7) else n
    return [Hit("kpis[*].starts_after_months", after, 0.7)] if 0 <= after <= 24 else []


_BASELINE = re.compile(r"基准(?:销售额|值|GMV)?\s*(?:为|是|:)|以[^。;]{4,60}?为(?:基准|基数)|\bbaseline\b[^.]{0,30}?\b(?:is|means|shall be)\b", CI)


def baseline(s: str, ctx: Context) -> list[Hit]:
    """基准销售额为…即25,000美元 / "the Baseline is USD 40,000 of monthly net sales": the baseline of that metric's KPI."""
    m = _BASELINE.search(s)
    if not m or _NO_PROMISE.search(s):
        return []
    metric = metric_of(s[max(0, m.start() - 10):])
    amounts = [a for a in moneys(s) if a[2] > m.start()]
    if not metric or not amounts:
        return []
    hits = [Hit(f"kpis[{metric}].baseline", amounts[0][0], 0.75)]
    period = baseline_period(s)
    return hits + ([Hit(f"kpis[{metric}].baseline_period", period, 0.7)] if period else [])


_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4}
_MONTH_EN = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def _months_in(text: str) -> list[str]:
    """YYYY-MM of each month named (2026年10月, 2026.10, October 2026; 至12月 takes the year before it)."""
    out, year = [], None
    r = re.search(_MONTH_EN + r"\s+(?:to|through|until|-|–)\s+" + _MONTH_EN + r",?\s+([0-9]{4})", text, CI)
    if r:  # October to December 2026
        first, last = _MONTHS_EN.index(r.group(1).lower()) + 1, _MONTHS_EN.index(r.group(2).lower()) + 1
        year = int(r.group(3))
        return [f"{year - (first > last)}-{first:02d}", f"{year}-{last:02d}"]
    for m in re.finditer(r"([0-9]{4})\s*[年.\-/]\s*([0-9]{1,2})(?:\s*月)?(?![0-9]*\s*日)|(?:至|到|-|~|—)\s*([0-9]{1,2})\s*月(?!\s*[0-9]+\s*日)"
                         r"|" + _MONTH_EN + r"\s+([0-9]{4})", text, CI):
        if m.group(1):
            year, month = int(m.group(1)), int(m.group(2))
        elif m.group(3) and year:
            month = int(m.group(3))
        elif m.group(4):
            year, month = int(m.group(5)), _MONTHS_EN.index(m.group(4).lower()) + 1
        else:
            continue
        if 1 <= month <= 12:
            out.append(f"{year}-{month:02d}")
    return out


def baseline_period(text: str) -> str | None:
    """The period a baseline was measured on, as the deal format writes it: 2025-12, 2026-Q4, 2026-10/2026-12, 2026."""
    q = re.search(r"([0-9]{4})\s*年\s*第?([一二三四1-4])\s*季度|\bQ([1-4])\s*(?:of\s+)?([0-9]{4})|\b([0-9]{4})\s*Q([1-4])\b", text, CI)
    if q:
        year, n = (q.group(1), q.group(2)) if q.group(1) else (q.group(4), q.group(3)) if q.group(3) else (q.group(5), q.group(6))
        return f"{year}-Q{_CN_Q.get(n, n)}"
    months = _months_in(text)
    if len(months) == 1:
        return months[0]
    if len(months) == 2 and months[0] < months[1]:
        return f"{months[0]}/{months[1]}"
    y = re.search(r"([0-9]{4})\s*(?:年度|年全年|全年)|(?:calendar|fiscal) year ([0-9]{4})", text, CI)
    return (y.group(1) or y.group(2)) if y and not months else None


_PROJECT_ZH = re.compile(r"项目(?:总价|总费用|费用|价款|总金额)|(?:一|1)次性(?:收取|支付|缴纳|付清)?[^。,;]{0,6}?(?:培训|课程|设计|咨询|项目|拍摄|制作)费|(?:培训|课程|设计|咨询)费(?:用)?(?:为|共计|合计|总计)|(?:合同|服务|培训|课程)(?:总价|总价款|总金额)|"
                         r"(?:培训|课程|项目|咨询)?服务费(?:用)?(?:共计|合计|总计)|费用(?:共计|合计|总计)")
_PROJECT_EN = re.compile(r"(?:total|fixed|one-?off|one-?time)\s+(?:project|program|programme|course|package)?\s*(?:price|fee)|"
                         r"(?:project|program|programme|course|package|coaching|mentorship|enrol?ment|tuition) (?:fee|price|investment|cost)|\btuition\b", CI)
_RECURRING = re.compile(r"每月|月费|每年|年费|按月|per month|monthly(?!\s*instal)|per year|annual|a month|/\s*(?:month|月|年|人|次|小时)", CI)


def project_price(s: str, ctx: Context) -> list[Hit]:
    m = (_PROJECT_ZH if ctx.lang == "zh" else _PROJECT_EN).search(s)
    if not m or _RECURRING.search(s) or re.search(r"违约金|逾期|滞纳|保证金|押金|penalt|\blate\b|deposit|refund|每(?:张|个|条|款|件|次|篇|套|小时|人)|\bper (?:image|item|hour|listing|video|SKU|unit)\b", s, CI):
        return []
    amounts = [a for a in moneys(s) if a[2] >= m.start() and a[1]]
    if not amounts or re.search(r"%|百分之|一半|half|instal", s[m.end():amounts[0][2]], CI):
        return []  # 支付项目总价款的30%作为定金，即7200元: a share of the price, not the price
    return [Hit("fees.project_price", amounts[0][0], 0.8)]


PATTERNS = (kpi, kpi_window, kpi_all_period, kpi_ramp, baseline, project_price)
