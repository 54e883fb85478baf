"""Patterns for the contract's terms: term, start date, governing law, stop-loss, termination (the renewal: renewal.py).

Each function reads one normalised sentence (and its article, through ``ctx``) and returns hits.
"""
from __future__ import annotations

import re

from .base import note_definition, DATE_EN, DATE_ZH, SELLER_WORDS_EN, Context, Hit, date_of, days, months, moneys, negated_zh
from .renewal import renewal, renewal_notice
import datetime as dt

C, CI = 0, re.I

# ---------------------------------------------------------------- term and start date

_TERM_ZH = re.compile(r"(?<!保密)(?<!付款)(?<!续约)(?<!续期)(?<!验收)(?<!质保)(?<!竞业)(?<!限制)(?<!试用)"
                      r"(?:合同|合作|服务|订阅|协议|委托|培训|有效)?期限\s*(?:为|是|:|\|)?\s*([0-9]+)\s*(个月|年|天|日)"
                      r"|(?:服务|合同|合作|订阅|协议|委托)期\s*(?:为|是|:)?\s*([0-9]+)\s*(个月|年)(?![0-9])"
                      r"|(?:有效期|期限)\s*(?:为|是|:)?\s*自[^。,;]{0,16}?之日起(?:计算|起算)?\s*(?:共|共计)?\s*([0-9]+)\s*(个月|年)(?![0-9])"
                      r"|(?:合作|服务|签约|合同)(?:周期|时间|时长)\s*(?:为|是|:|\|)?\s*([0-9]+)\s*(个月|年)(?![0-9])"
                      r"|(?<!保密)(?<!质保)(?<!竞业)(?:服务期|合同期|合作期|有效期)[^。;]{0,30}?,\s*(?:共|共计|合计)\s*([0-9]+)\s*(个月|年)(?![0-9])"
                      r"|为期\s*([0-9]+)\s*(个月|年|天|日)|有效期\s*(?:为|是|:)?\s*([0-9]+)\s*(个月|年|天|日)(?![0-9])"
                      r"|(?<!保密)(?<!付款)(?<!续约)(?<!续期)(?<!验收)(?<!质保)(?<!竞业)(?<!限制)(?<!试用)(?<!账)(?<!结算)(?<!免费)(?<!保修)"
                      r"(?<!磨合)(?<!考核)(?<!宽限)(?<!过渡)(?<!交付)(?<!观察)(?<!缓冲)(?<!排他)(?<!禁止)(?<!退款)(?<!质量)"
                      r"(?:托管|运营|代运营|项目|孵化|陪跑|投放|推广|授权|许可|使用|会员|顺延)期\s*(?:为|是|:)\s*([0-9]+)\s*(个月|年)(?![0-9])")
_TERM_EN = re.compile(r"\bterm of (?:this \w+ )?(?:is |shall be |of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\bterm (?:of this (?:Agreement|SOW|Order Form|Contract) )?(?:is|shall be) ([0-9]+)[\s-]*(months?|years?)"
                      r"|for a (?:period|term) of ([0-9]+)[\s-]*(months?|years?) (?:from|starting|beginning|commencing)"
                      r"|\bcontinues? (?:in force )?for (?:a |an )?(?:minimum |initial )?(?:period of |term of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:runs?|lasts?) for (?:an? |the )?(?:initial |minimum |fixed |first )?(?:period of |term of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:Term|Period|Agreement|Subscription|Engagement)\b[^.;]{0,60}?\blasts? ([0-9]+)[\s-]*(months?|years?)"
                      r"|\bTerm\b[^.;]{0,80}?\bending ([0-9]+)[\s-]*(months?|years?) (?:later|thereafter|after)"
                      r"|^\s*(?:[0-9.]+\s*)?(?:An?|The|This|Our) ([0-9]+)[\s-]*(months?|years?)[\s-]+(?:mentorship|coaching|training|program|programme|course|"
                      r"engagement|retainer|subscription|accelerator|incubat\w+)\b"
                      r"|^\s*\|?\s*(?:[0-9.]+\s*)?(?:\*\*)?(?:(?:Initial|Minimum|Subscription|Contract|Service|Agreement|Fixed) ){0,2}Term(?:\*\*)?\s*[:|]\s*(?:\*\*)?"
                      r"([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:remains?|be|is|stays?) in (?:full )?(?:force|effect) for (?:an? )?(?:initial |minimum )?(?:period of |term of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:is|shall be|remains?) valid for (?:a period of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:duration|length) of (?:this Agreement |the Agreement |the Term |the engagement )?(?:is |shall be |will be )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:is|be) for an? (?:fixed |initial |minimum )?(?:period|term) of ([0-9]+)[\s-]*(months?|years?|days)"
                      r"|\b(?:begins|starts|commences) on [^.;]{0,30}? with an? (?:minimum|initial|fixed) (?:period|term) of ([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:Services?|work) (?:will|shall) be (?:provided|performed|rendered) for (?:a (?:period|term) of )?([0-9]+)[\s-]*(months?|years?)"
                      r"|\b(?:Agreement|SOW|Contract|[Ee]ngagement|Order Form|Subscription) (?:is|shall be|will be) for (?:a |an )?(?:fixed |initial |minimum )?(?:period of |term of )?([0-9]+)[\s-]*(months?|years?)\b"
                      r"|\b(?:an?|the|this) (?:initial |fixed |minimum )?([0-9]+)[\s-]*(months?|years?) (?:initial |fixed )?(?:term|contract|agreement|engagement)\b"
                      r"(?![^.]{0,80}(?:notice|confidential|non-solicit|warrant|payment|renew|exclusiv|restrict))"
                      r"|\bTerm[\"”]?\s+means\s+(?:the\s+|a\s+)?(?:period of\s+)?([0-9]+)[\s-]*(months?|years?)", CI)


def _span_months(a: str | None, b: str | None) -> int | None:
    """Whole months from ``a`` to ``b`` inclusive (2026-04-01 … 2027-03-31 → 12), else None."""
    if not a or not b:
        return None

    start, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b) + dt.timedelta(days=1)
    n = (end.year - start.year) * 12 + end.month - start.month
    return n if 0 < n <= 240 and end.day == start.day else None


def term(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = _TERM_ZH.search(s)
        if m and not re.search(r"保密|竞业|质保|最短|最低|最少|至少", s[:m.start()][-6:]):
            v, unit = [g for g in m.groups() if g][:2]
            n = months(float(v), unit) if not (unit == "年" and float(v) >= 1900) else None  # 期限:2026年1月1日至… is a date
            if n:
                return [Hit("contract.term_months", n, 0.9)]
            m = None
        r = re.search(r"(?:期限|期间|有效期|合作期|服务期|订阅期|托管期|项目期)[^。]{0,8}?自?\s*(" + DATE_ZH + r")\s*(?:起)?\s*(?:至|到|-|~|—|–)\s*("
                      + DATE_ZH + ")", s)
        r = r or re.search(r"(?:自|从)\s*(" + DATE_ZH + r")\s*(?:起)?(?:生效|开始)?[^。]{0,4}?(?:有效期|期限|服务期|合作期)?\s*(?:至|到)\s*("
                               + DATE_ZH + ")", s)  # 自2027年8月1日起生效，有效期至2028年7月31日
        if r:
            n = _span_months(date_of(re.match(DATE_ZH, r.group(1))), date_of(re.match(DATE_ZH, r.group(5))))
            return [Hit("contract.term_months", n, 0.75)] if n else []
        return []
    m = _TERM_EN.search(s)
    if not m and not re.search(r"thereafter|renew|payment|invoice|notice", s, CI):
        r = re.search(r"\b(?:term|period|engagement|agreement|services?|subscription|runs?)\b(?:[^.]{0,40}?\bfrom|\s*(?:\*\*)?\s*[|:])\s+(" + DATE_EN
                      + r")\s*(?:to|until|through|till|-|–|—)\s*(" + DATE_EN + ")", s, CI)  # "runs from 1 June 2027 to 31 May 2028", "| Term | … – … |"
        n = r and _span_months(date_of(re.match(DATE_EN, r.group(1))), date_of(re.match(DATE_EN, r.group(11))))
        return [Hit("contract.term_months", n, 0.75)] if n else []
    if not m or re.search(r"thereafter|renew|payment terms", s[:m.start()], CI):
        return []
    g = [x for x in m.groups() if x]
    n = months(float(g[0]), g[1])
    return [Hit("contract.term_months", n, 0.9)] if n else []


def start_date(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search(r"(?:自|从)\s*" + DATE_ZH + r"\s*(?:起|开始|至)|(?:起始日|生效日|开始日|起算日|服务开始日期|开始日期|开始时间|起始时间|上线日期|起算日期)\w{0,2}\s*(?:为|:|\|)?\s*"
                      + DATE_ZH + "|" + DATE_ZH + r"\s*(?:起算|起生效|开始生效)"
                      r"|(?:合作|服务)周期[^。]{0,16}?" + DATE_ZH + r"\s*(?:至|到|-|~|—|–)\s*[0-9]{4}\s*年"
                      r"|(?:期限|期间|有效期|合作期|服务期|订阅期|托管期|项目期|合同期|运营期)(?:\s*(?:为|是|:|\|)?|[^。]{0,20}?(?:即|为|自|从))\s*" + DATE_ZH
                      + r"\s*(?:起)?\s*(?:至|到|-|~|—|–)\s*[0-9]{4}\s*年", s)
        if not m or re.search(r"签订|签署|补充", s[:m.start()]):
            return []
        g = [x for x in m.groups() if x]
        d = date_of(re.match(DATE_ZH, "{}年{}月{}日".format(*g[:3])))
        return [Hit("contract.start_date", d, 0.85)] if d else []
    s = re.sub(r"\b(?:the\s+)?([0-9]{1,2})(?:st|nd|rd|th)\s+of\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b",
               r"\1 \2", s)  # the 15th of January 2028
    m = re.search(r"(?:effective|start|commencement|starting|begin\w*)\s*date\W{0,8}(?:is\s+|shall be\s+|means\s+)?" + DATE_EN
                  + r"|^\s*\|?\s*(?:\*\*)?(?:Commencement|Start|Effective|Commencement Date|Start Date|Effective Date)(?:\*\*)?\s*[:|]\s*(?:\*\*)?" + DATE_EN
                  + r"|\b(?:is|shall be|becomes?|will be) effective (?:as of|from|on)\s+" + DATE_EN
                  + r"|\b(?:takes?|shall take|will take) effect (?:on|from|as of)\s+" + DATE_EN
                  + r"|(?:as of|commencing on|starting on|effective)\s+" + DATE_EN + r"[^.]{0,12}\(?the [\"“]?Effective Date"
                  + r"|^\s*\|?\s*(?:\*\*)?(?:Term|Period|Contract Period|Service Period)(?:\*\*)?\s*[|:]\s*" + DATE_EN + r"\s*(?:to|until|through|-|–|—)\s*[0-9A-Z]"
                  + r"|\b(?:valid|term|effective|engagement|runs?|period|subscription)\b[^.]{0,40}?\bfrom\s+" + DATE_EN + r"\s+(?:to|until|through|till)\b"
                  + r"|\b(?:period|term)\b[^.;]{0,30}?\b[0-9]+[\s-]*(?:months?|years?) (?:from|commencing(?: on)?|starting(?: on)?|beginning(?: on)?)\s+"
                  + DATE_EN
                  + r"|(?:commenc\w*|start\w*|begin\w*)\s+(?:on\s+|from\s+)?(?:the\s+(?:[A-Z]\w+\s+){1,2}Date\s+of\s+)?" + DATE_EN
                  + r"|(?:commenc\w*|start\w*|begin\w*|effective)\s+(?:on|from|as of)\s+the\s+(?:[A-Z]\w+\s+){0,2}Date,?\s+(?:being|namely|which is|i\.e\.,?)\s+" + DATE_EN, s, CI)
    if not m:
        return []
    d = date_of(re.search(DATE_EN, m.group()))
    return [Hit("contract.start_date", d, 0.85)] if d else []


# ---------------------------------------------------------------- governing law

_LAW_ZH = {"中华人民共和国": "CN", "中国": "CN", "香港特别行政区": "HK", "香港": "HK", "新加坡": "SG", "美国": "US",
           "英国": "GB", "日本": "JP", "英格兰": "GB", "德国": "DE", "德意志联邦共和国": "DE", "法国": "FR", "荷兰": "NL", "意大利": "IT",
           "西班牙": "ES", "爱尔兰": "IE", "瑞士": "CH", "澳大利亚": "AU", "加拿大": "CA", "马来西亚": "MY", "泰国": "TH", "越南": "VN",
           "印度尼西亚": "ID", "菲律宾": "PH", "韩国": "KR", "大韩民国": "KR", "阿联酋": "AE", "阿拉伯联合酋长国": "AE", "澳门": "MO",
           "澳门特别行政区": "MO", "台湾地区": "TW", "新西兰": "NZ", "墨西哥": "MX", "巴西": "BR", "印度": "IN"}
_ZH_PLACES = "|".join(sorted(_LAW_ZH, key=len, reverse=True))
_US_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
              "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
              "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
              "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
              "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|the United States|United States")
_LAW_EN = [(r"England(?: and Wales)?|the United Kingdom|United Kingdom", "GB"), (r"Singapore", "SG"),
           (r"Hong Kong(?: SAR)?|(?:the )?Hong Kong Special Administrative Region", "HK"),
           (r"(?:the )?People['’]s Republic of China|the PRC|PRC|China", "CN"), (_US_STATES, "US"), (r"Japan", "JP"),
           (r"(?:the )?(?:Federal Republic of )?Germany", "DE"), (r"(?:the )?Republic of Ireland|Ireland", "IE"),
           (r"(?:the )?(?:French Republic|France)", "FR"), (r"(?:the )?(?:Kingdom of (?:the )?)?Netherlands", "NL"), (r"(?:the )?(?:Italian Republic|Italy)", "IT"),
           (r"(?:the )?(?:Kingdom of )?Spain", "ES"), (r"Switzerland", "CH"), (r"Austria", "AT"), (r"Belgium", "BE"), (r"Poland", "PL"),
           (r"Sweden", "SE"), (r"Denmark", "DK"), (r"Malaysia", "MY"), (r"Thailand", "TH"), (r"Vietnam|Viet Nam", "VN"), (r"Indonesia", "ID"),
           (r"(?:the )?Philippines", "PH"), (r"India", "IN"), (r"(?:the )?United Arab Emirates|UAE|Dubai|Abu Dhabi", "AE"),
           (r"(?:the )?Republic of Korea|South Korea|Korea", "KR"), (r"Taiwan", "TW"), (r"New Zealand", "NZ"), (r"Mexico", "MX"),
           (r"Brazil", "BR"), (r"Macau|Macao", "MO"),
           (r"Australia|New South Wales|Victoria|Queensland|Western Australia|South Australia|Tasmania", "AU"),
           (r"Canada|Ontario|British Columbia|Quebec|Alberta", "CA"), (r"Scotland", "GB")]


def law(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search((r"(?<!不)适用\s*(P)\w{0,4}?法律"
                       r"|受\s*(P)\w{0,4}?法律(?:管辖|约束)"
                       r"|(?:准据法|管辖法律|适用(?:的)?法律)\s*(?:为|是|:|\|)\s*(P)\w{0,4}?法律?"
                       r"|(?:依据|依照|按照|根据|依)\s*(P)(?:\s*\([^()]{0,20}\))?\w{0,4}?法律"
                       r"(?:进行)?(?:解释|管辖|订立|执行)|以\s*(P)(?:\s*\([^()]{0,20}\))?\w{0,4}?"
                       r"法律(?:作)?为(?:准据法|适用法律|管辖法律)").replace("(P)", "(" + _ZH_PLACES + ")"), s)
        if not m:
            return []
        return [Hit("contract.governing_law", _LAW_ZH[next(g for g in m.groups() if g)], 0.95)]
    short = re.search(r"(?:govern|constru|interpret)\w*\s+(?:by|under|in accordance with)\s+(?:the\s+)?(English|Singapore|Singaporean|New York|Hong Kong|Chinese|PRC|Californian|Delaware|German|French|Dutch|Irish|Swiss|Japanese|Australian|Malaysian|Scots|Scottish)"
                      r"\s+law|\b(English|Singapore|Singaporean|New York|Hong Kong|Chinese|PRC|Californian|Delaware|German|French|Dutch|Irish|Swiss|Japanese|Australian|Malaysian|Scots|Scottish) law (?:shall |will )?"
                      r"(?:govern|appl)", s, CI)
    if short:
        code = {"english": "GB", "singapore": "SG", "singaporean": "SG", "hong kong": "HK", "chinese": "CN", "prc": "CN", "german": "DE",
                "french": "FR", "dutch": "NL", "irish": "IE", "swiss": "CH", "japanese": "JP", "australian": "AU", "malaysian": "MY",
                "scots": "GB", "scottish": "GB"}
        return [Hit("contract.governing_law", code.get((short.group(1) or short.group(2)).lower(), "US"), 0.9)]
    m = re.search(r"govern\w*\s+by(?:,? and (?:shall be )?construed in accordance with,?)?\s+(?:the\s+)?laws?\s+of\s+"
                  r"(?:the\s+)?(?:State of\s+|Commonwealth of\s+)?(.+?)(?:[,.;(]|$|\s+and\s+(?:the\s+)?courts|\s+without)", s, CI) \
        or re.search(r"\blaws? of\s+(?:the\s+)?(?:State of\s+|Commonwealth of\s+)?(.+?)\s+(?:shall\s+|will\s+)?(?:govern|appl)", s, CI) \
        or (re.search(r"govern|constru|interpret|governing law", s, CI) and re.search(
            r"(?:subject to|under|in accordance with|pursuant to)\s+(?:the\s+)?laws?\s+of\s+(?:the\s+)?(?:State of\s+|Commonwealth of\s+)?"
            r"(.+?)(?:[,.;(]|$|\s+and\s+|\s+without)", s, CI))
    m = m or re.match(r"\s*(?:[0-9.]+\s*)?\|?\s*(?:\*\*)?(?:Governing|Applicable) [Ll]aw(?:\*\*)?\s*[:|]\s*(?:the\s+)?(?:laws? of\s+(?:the\s+)?)?"
                      r"(?:State of\s+)?([^.;|(]+?)\s*(?:law)?\s*[.;|]?\s*$", s)  # Governing law: Hong Kong SAR.
    if not m:
        return []
    place = m.group(1).strip()
    for part in [place] + [p.strip() for p in place.split(",")]:  # "New South Wales, Australia"
        for pattern, code in _LAW_EN:
            if re.fullmatch(pattern, part, CI):
                return [Hit("contract.governing_law", code, 0.95 if part == place else 0.9)]
    return []


# ---------------------------------------------------------------- stop-loss

_PERIOD = {"月": "month", "个月": "month", "个自然月": "month", "自然月": "month", "周": "week", "个星期": "week", "季度": "quarter", "个季度": "quarter",
           "month": "month", "week": "week", "quarter": "quarter"}


def stop_loss(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        thr = re.search(r"(?:低于|未达到|未达|不足|少于|不到|未完成|未能完成|未能达到|未实现|达不到)[^,;。]{0,25}?([0-9]+(?:\.[0-9]+)?)%", s)
        run = re.search(r"连续\s*([0-9]+)\s*(个月|月|周|个星期|个季度|季度|个自然月|自然月)", s) \
            or re.search(r"连续\s*([0-9]+)\s*个?(?:考核|统计|自然)?(月|周|季度)", s)
        exit_ = re.search(r"甲方[^。;]{0,12}?(?:有权|可以|可)[^。]{0,30}?(?:解除|终止|解约|退出合作)", s)
        free = re.search(r"(?:无需|不需|无须|不必|不)(?:向乙方)?(?:承担|支付)(?:任何)?(?:违约金|违约责任|赔偿|费用|责任|补偿)|无责解约|"
                         r"互不(?:承担|追究)(?:任何)?(?:违约)?责任|无需(?:任何)?(?:补偿|赔偿)", s)
    else:
        thr = re.search(r"(?:below|less than|under|fails? to (?:reach|meet|achieve))\s+([0-9]+(?:\.[0-9]+)?)%", s, CI)
        run = re.search(r"(?:for\s+)?([0-9]+)\s+consecutive\s+(?:calendar\s+)?(month|week|quarter)s?", s, CI) \
            or re.search(r"\b([0-9]+)\s+(?:calendar\s+)?(month|week|quarter)s?\s+in\s+a\s+row", s, CI)
        exit_ = re.search(r"\b" + SELLER_WORDS_EN + r"\s*(?:may|shall have the right to|is entitled to|can)(?:,[^,]{0,30},)?\s+"
                          r"(?:terminate|cancel|end|exit|withdraw from)", s)
        free = re.search(r"without\s+(?:paying\s+)?(?:any\s+|the\s+)?(?:further\s+)?(?:early\s+)?(?:exit\s+|cancellation\s+)?(?:fee|penalty|termination fee|early termination fee|liability|"
                         r"compensation|obligation|cost|charge)|with no (?:termination )?(?:fee|penalty)|free of (?:charge|penalty)|(?:pay|owe) no (?:further )?"
                         r"(?:charges?|fees?|penalty|compensation)(?! other than| except)|no (?:termination |exit )?(?:fee|penalty|charge) "
                         r"(?:is|shall be|will be) (?:payable|due)", s, CI)
        run = run or re.search(r"\bin\s+([0-9]+)\s+consecutive\s+(?:calendar\s+)?(month|week|quarter)s?", s, CI)
        if re.search(r"stop[- ]loss", s, CI) and re.search(r"does not (?:entitle|give)[^.]{0,40}terminate", s, CI):
            return [Hit("contract.stop_loss.present", False, 0.7)]
    kpi = re.search(r"KPI|考核|目标|指标|服务标准|ROAS|ACoS|ROI|投入产出比|销售额|转化率|target|goal|sales|revenue|service levels?", s, CI)
    if not (exit_ and ((thr and (run or re.search(r"止损|stop[- ]loss", s, CI))) or (run and kpi))):
        return []
    hits = [Hit("contract.stop_loss.present", True, 0.9)]
    if thr:
        hits.append(Hit("contract.stop_loss.threshold_pct", float(thr.group(1)), 0.85))
    if run:
        hits.append(Hit("contract.stop_loss.consecutive_periods", int(run.group(1)), 0.85))
        hits.append(Hit("contract.stop_loss.period", _PERIOD[run.group(2).lower()], 0.85))
    if free:
        hits.append(Hit("contract.stop_loss.no_fault_exit", True, 0.85))
    n = re.search(r"提前\s*([0-9]+)\s*(日|天|个工作日)|([0-9]+)\s*(days?|business days)['’]?\s*(?:prior\s+)?(?:written\s+)?notice", s, CI)
    if n:
        hits.append(Hit("contract.stop_loss.notice_days", days(float(n.group(1) or n.group(3)), n.group(2) or n.group(4)), 0.75))
    elif re.search(r"with immediate effect|terminate (?:this Agreement )?immediately|立即解除|立即终止|即时解除|立即解约", s, CI):
        hits.append(Hit("contract.stop_loss.notice_days", 0, 0.75))
    return hits


# ---------------------------------------------------------------- termination

_TERMINATE_ZH = re.compile(r"(任何一方|任一方|甲方|双方|甲乙双方|各方)(?:在[^。;,]{0,12}?(?:内|期间))?均?(?:亦|也)?(?:可|可以|有权)(?:随时)?[^。;,]{0,20}?(?:单方)?(?:解除|终止)"
                           r"(?:本合同|本协议|合同|协议|项目|合作|服务|本委托书|委托书|本订单|订单|委托|(?=\s*(?:[,;。]|$)))")
_WITH_NOTICE_ZH = re.compile(r"甲方(?:在[^。;,]{0,12}?(?:内|期间))?(?:单方|提前|随时)?(?:单方|提前)?(?:解除|终止)(?:本合同|本协议|合同|协议|合作|项目|本委托书|委托)的\s*,\s*(?:应|须|需|应当)(?:当)?提前\s*[0-9]+")
_NO_FEE_ZH = re.compile(r"(?:无需|不需|无须|不必|不)(?:向对方|向乙方)?(?:支付|承担)(?:任何|其他|其它|额外)?(?:违约金|违约责任|赔偿|费用|解约金)|"
                        r"仅需?(?:支付|结清|承担)已(?:服务|发生|提供)[^。,;]{0,8}?(?:费用|服务费)|(?<![^,;。|\s])(?:无|免)(?:任何)?(?:违约金|解约金)"
                        r"|乙方不(?:另|另行)?(?:收取|主张)(?:任何)?(?:违约金|解约金|赔偿)")
_NOTICE = re.compile(r"提前\s*([0-9]+)\s*(日|天|个月|个工作日|周)")
# leaving free once the minimum period is over ("After the minimum period … without any fee"): the fee is to leave during it
_AFTER_MIN_EN = re.compile(r"\b(?:after|following|once) (?:the (?:end|expiry|expiration) of )?the (?:minimum|initial|first|fixed) (?:[\w-]+ )?(?:term|period)\b"
                           r"(?! (?:has )?not)", re.I)


def termination(s: str, ctx: Context) -> list[Hit]:
    return _termination_zh(s) if ctx.lang == "zh" else _termination_en(s)


def _termination_zh(s: str) -> list[Hit]:
    hits = []
    if re.search(r"(?:甲方|双方|甲乙双方|任何一方)均?(?:不得|无权|不能|不可以|不可)(?:单方面?|擅自|随意|无故)?(?:提前)?(?:解除|终止)", s):
        hits.append(Hit("contract.termination.for_convenience", False, 0.9))
    m = _TERMINATE_ZH.search(s) or re.search(r"甲方(?:如需|需要|要求|如要|如欲|若需|拟)(?:提前)?(?:解除|终止|解约)|甲方[^。;,]{0,20}?(?:即可|便可|可以|可|有权)(?:随时)?(?:单方)?解约", s) \
        or (_WITH_NOTICE_ZH.search(s) if not re.search(r"剩余[^。]{0,16}(?:总额|全部|全额)|全部剩余|未履行[^。]{0,10}(?:全部|总额)", s) else None)
    own_wish = re.match(r"\s*(?:[0-9.]+\s*)?(?:如|若|如果)甲方(?:要求|需要|希望|拟|决定)?提前(?:解除|终止)", s)  # 如甲方要求提前终止: a right
    conditional = (re.match(r"\s*(?:[0-9.]+\s*)?(?:如|若|如果|因|当|在(?![^,;。]{0,10}期(?:间|内)\s*,))", s) and not own_wish) or re.search(r"违约的|违约时|严重违约|连续|未能|低于|逾期", s) \
        or (m and re.search(r"的\s*,\s*$", s[:m.start()]))
    if m and not conditional and not negated_zh(s, m.end() - 6):
        hits.append(Hit("contract.termination.for_convenience", True, 0.85))
        n = _NOTICE.search(s)
        if n:
            hits.append(Hit("contract.termination.notice_days", days(float(n.group(1)), n.group(2)), 0.85))
        if _NO_FEE_ZH.search(s):
            hits.append(Hit("contract.termination.early_termination_fee", 0, 0.85))
    if not conditional and not any(h.field == "contract.termination.early_termination_fee" for h in hits) and re.search(
            r"甲方[^。;,]{0,10}?(?:解除|终止)[^。;]{0,16}?" + _NO_FEE_ZH.pattern, s) and not re.search(r"违约的|违约时|乙方", s[:12]):
        hits.append(Hit("contract.termination.early_termination_fee", 0, 0.8))
    if re.search(r"提前解除|提前终止|单方解除|单方终止|解约", s) and re.search(r"违约金|解约金|补偿金|赔偿", s) \
            and not re.search(r"保证金|押金|评价|投诉|泄露|逾期", s):
        amounts = moneys(s)
        if amounts and "%" not in s:
            hits.append(Hit("contract.termination.early_termination_fee", amounts[0][0], 0.85))
    if re.search(r"终止|解除|到期|(?:服务|合作|合同)结束", s):
        if re.search(r"(?:交还|移交|交接|返还|交付|归还)[^。]{0,20}?(?:资料|素材|账号|文件|文档|数据|源文件|话术)|(?:交回|交出)[^。]{0,20}?(?:资料|素材|文件|文档|源文件|话术)"
                     r"|(?:资料|素材|账号|密码|文件|数据|源文件)[^。;]{0,16}?(?:交还|移交|交接|返还|归还)(?:给|予|至)?(?:甲方|委托方)", s):
            hits.append(Hit("contract.termination.handover", True, 0.8))
        r = re.search(r"([0-9]+)\s*个?(工作日|日|天)内[^。]{0,40}?(?:删除|移除|注销|收回|停用|关闭|退出|交回|交还|归还|解除)[^。]{0,12}?(?:账号|权限|访问|授权)", s) \
            or re.search(r"(?:账号|权限|访问|授权)[^。]{0,30}?([0-9]+)\s*个?(工作日|日|天)内[^。]{0,6}?(?:删除|移除|注销|收回|停用|关闭|解除|取消)", s)
        if r:
            hits.append(Hit("contract.termination.access_removal_days", int(r.group(1)), 0.8))
    return hits


_MAY_EN = r"(?:may|can|(?:shall|will) be entitled to|is entitled to|(?:shall )?ha(?:s|ve) the right to|reserves the right to)"


def _termination_en(s: str) -> list[Hit]:
    hits = []
    if re.search(r"\b" + SELLER_WORDS_EN + r" (?:may not|cannot|can ?not|shall not|is not entitled to|has no right to) (?:terminate|cancel|end)"
                 r"\b(?! for (?:cause|breach))", s) and not re.search(r"\bwithout (?:giving|providing|at least|[0-9])|\bunless\b|\bexcept\b"
                                                                     r"|other than by", s, CI):
        hits.append(Hit("contract.termination.for_convenience", False, 0.9))
    m = re.search(r"\b(?:" + SELLER_WORDS_EN + r"|Either [Pp]arty|either party|Each [Pp]arty|each party)\s+" + _MAY_EN + r"(?:,? at any time,?)?\s+(?:terminate|cancel|end)\s+"
                  r"(?:this|the)\s+(?:Agreement|agreement|SOW|Order Form|Contract|contract|Statement of Work|Subscription|Services|[Ee]ngagement)\s+"
                  r"(?:for convenience|at any time|without cause|for any reason|at (?:its|their) convenience|on|upon|by giving|by providing|by serving|giving|providing|with|(?:(?:before|prior to) the end of|during) (?:the|its|this)"
                  r"[^.;,]{0,40}?\b(?:on|upon|by giving|with)\b)", s)
    m = m or re.search(r"\b(?:[Tt]his|[Tt]he) (?:Agreement|agreement|Contract|contract|SOW|Order Form) may be terminated by (?:the )?"
                       r"(?:Client|Customer|Seller|either party|Party A)\s+(?:at any time|for convenience|without cause|for any reason|on|"
                       r"upon|by giving)", s)
    m = m or re.search(r"\b(?:" + SELLER_WORDS_EN + r"|Either [Pp]arty|either party)\s+" + _MAY_EN + r"(?:,? at any time,?)?\s+(?:terminate|cancel|end)(?:\s+(?:this|the|its|their|your)\s+\w+)?\s+"
                       r"(?:for convenience|at any time|anytime|at will|without cause|for any reason|(?:on|upon|with|by giving|by providing|by serving|giving|providing)\s+(?:at least |not less than )?[0-9]+\s*"
                       r"(?:days?|months?|business days|weeks?)(?:['’]s?)?\s+(?:prior\s+)?(?:written\s+)?notice(?!\s+(?:before|prior to|ahead of)\b))", s)
    m = m or re.search(r"\b(?:continues?|remains?|shall (?:continue|remain)|will (?:continue|remain)) (?:in (?:full )?(?:force|effect) )?until terminated by "
                       r"(?:either party|the Client|Client|either of the parties)\s+(?:giving|on|upon|with|by giving)\s+(?:at least |not less than )?[0-9]+\s*"
                       r"(?:days?|months?|business days|weeks?)(?:['’]s?)?\s+(?:prior\s+)?(?:written\s+)?notice", s) \
        if not re.search(r"renew|automatic|thereafter|month[- ]to[- ]month|rolling", s, CI) else None
    m = m or re.search(r"\b(?:[Ii]f|[Ss]hould|[Ww]here) (?:the )?(?:Client|Customer|Seller) terminates (?:this|the) (?:Agreement|Contract|SOW|Order Form) "
                       r"for convenience", s)
    if m and m.group().split()[0].lower() in ("if", "should", "where"):
        hits.append(Hit("contract.termination.for_convenience", True, 0.8))
        m = None
    if m and re.search(r"\bonly (?:upon|on|by|after|against) (?:the )?pay", s, CI):
        m = None  # "may cancel … only upon payment of the fees for the remaining months": leaving costs the whole term
    if m and not re.search(r"\b(?:if|in the event|where|should|unless|provided that)\b", s[:m.start()], CI) \
            and not re.search(r"\b(?:if|where|in the event)\b[^.]{0,40}(?:breach|fails?|insolv|bankrupt)|upon (?:a |any )?(?:material )?breach"
                              r"|\b(?:insolven\w*|bankrupt\w*|liquidat\w*|winding[- ]up|material breach)\b", s, CI):
        hits.append(Hit("contract.termination.for_convenience", True, 0.85))
        n = re.search(r"([0-9]+)\s*(days?|business days|months?|weeks?)(?:['’]s?)?\s*(?:prior\s+)?(?:written\s+)?notice", s, CI)
        if n:
            hits.append(Hit("contract.termination.notice_days", days(float(n.group(1)), n.group(2)), 0.85))
        if re.search(r"without (?:any |paying any |an? )?(?:early )?(?:termination fee|penalty|fee|(?:cancellation|termination|exit|break) (?:charge|fee|penalty))|"
                     r"\bno (?:early )?(?:cancellation|termination|exit) (?:fee|charge)", s, CI):
            if _AFTER_MIN_EN.search(s):  # free to leave once the minimum period is over: the fee applies during it
                hits.append(Hit("contract.termination.exit_fee_initial_term_only", True, 0.7))
            else:
                hits.append(Hit("contract.termination.early_termination_fee", 0, 0.85))
    f = re.search(r"(?:early )?(?:termination|exit|cancellation|break) (?:fee|charge|payment|penalty)\s*(?:of|equal to|in the amount of|:)\s+"
                  r"|(?:pay|payment of)\s+(?=\S*\s*[0-9][^.]{0,12}\s+as (?:an? )?(?:early )?(?:termination|exit|cancellation) (?:fee|charge))", s, CI)
    if f and not re.search(r"review|complain|disparag|deposit", s, CI):
        amounts = [a for a in moneys(s) if a[2] >= f.start()]
        if amounts and "%" not in s[f.end():]:
            hits.append(Hit("contract.termination.early_termination_fee", amounts[0][0], 0.85))
    if re.search(r"\bnothing (?:further |else )?(?:is|shall be|will be) (?:payable|due)[^.]{0,40}\bon termination|\bno (?:early )?"
                 r"(?:termination|exit|cancellation) (?:fee|charge|penalty) (?:is|shall be|will be) (?:payable|due)|\bthere (?:is|will be) no\b"
                 r"(?:[^.;]{0,40}?\bno)? (?:early )?(?:termination|exit|cancellation) (?:fee|charge|penalty)", s, CI):
        hits.append(Hit("contract.termination.early_termination_fee", 0, 0.8))
    if re.search(r"terminat|expir|end of (?:the|this)|after the Term|\bends\b|\bended\b", s, CI):
        if re.search(r"\bhand\s*over\b|\bhandover\b|transfer all|return all|deliver all", s, CI):
            hits.append(Hit("contract.termination.handover", True, 0.8))
        hits += _access_removal_en(s)
    return hits


def _access_removal_en(s: str) -> list[Hit]:
    """The days the provider has to give up its access ("remove its users within 2 days", "access will be revoked within …")."""
    r = re.search(r"(?:remove|revoke|relinquish|give up|delete)\s+(?:\w+['’]s\s+|its\s+|their\s+|our\s+|his\s+|her\s+|all\s+|any\s+)?(?:own\s+)?"
                  r"(?:user\s+)?(?:access|accounts?|logins?|permissions?|credentials)"
                  r"[^.]{0,30}?within\s+([0-9]+)\s+(?:business\s+|calendar\s+|working\s+)?days?", s, CI)
    r = r or re.search(r"(?:remove|revoke|relinquish|delete|disable)\s+(?:all\s+)?(?:of\s+)?(?:its|their|our|his|her)\s+(?:own\s+)?(?:users?|user accounts?|seats?|admin rights|access rights)"
                       r"[^.]{0,30}?within\s+([0-9]+)\s+(?:business\s+|calendar\s+|working\s+)?days?", s, CI) \
        or re.search(r"(?:access|permissions?|user accounts?|users?|logins?|credentials)[^.]{0,40}?(?:be|are|is) (?:removed|revoked|deleted|disabled|deactivated)[^.]{0,30}?"
                     r"within\s+([0-9]+)\s+(?:business\s+|calendar\s+|working\s+)?days?", s, CI)
    r = r or re.search(r"within\s+([0-9]+)\s+(?:business\s+|calendar\s+|working\s+)?days?[^.]{0,80}?(?:remove|revoke|delete|relinquish)"
                       r"[^.]{0,30}?(?:access|accounts?|users|logins?|permissions|credentials)", s, CI)
    return [Hit("contract.termination.access_removal_days", int(r.group(1)), 0.8)] if r else []


PATTERNS = (note_definition, renewal, renewal_notice, term, start_date, law, stop_loss, termination)
