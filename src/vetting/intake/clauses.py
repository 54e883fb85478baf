"""Patterns for the one-sided clauses and the way the work is run: unilateral changes, the non-cooperation escape,
gag clauses, non-solicit and exclusivity (as free text), KPI penalties, black-hat bans, meetings and reviews.

Each binds one party: a gag clause or a no-hire clause is the seller's, a black-hat ban or a change of prices the
provider's; a sentence that says nothing restricts the seller (本协议不限制甲方委托其他服务商, "Nothing in this
Agreement stops the Client from hiring other agencies") states the absence of the clause.
"""
from __future__ import annotations

import re

from .base import Context, Hit

CI = re.I


def clauses(s: str, ctx: Context) -> list[Hit]:
    return _clauses_zh(s) if ctx.lang == "zh" else _clauses_en(s)


# a change both sides agree, or one the seller asks for, is no unilateral change
_AGREED_CHANGE = re.compile(r"协商|同意|确认|双方|书面协议|(?:根据|按照?|应)甲方(?:的)?(?:要求|需求|指示|申请)")


def _clauses_zh(s: str) -> list[Hit]:
    hits = []
    if re.search(r"乙方保留[^。]{0,20}?(?:调整|变更|修改)[^。]{0,10}?(?:价格|费用|收费|服务内容)[^。]{0,6}权利", s):
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    elif re.search(r"乙方有权[^。]{0,30}?(?:调整|变更|修改)[^。]{0,12}?(?:价格|费用|收费|服务费|服务内容|服务范围|服务项目|条款|功能|费率|服务标准|预算|售价|定价)", s) and (
            re.search(r"无需|无须|不需|单方|自行", s) or re.search(r"调整[^。]{0,8}(?:价格|费用|收费|功能|服务内容|费率|服务费)", s)):
        hits.append(Hit("contract.unilateral_changes", True, 0.85))
    elif re.search(r"乙方(?:可|可以|得)[^。]{0,30}?(?:调整|变更|修改|上调|提高)[^。]{0,12}?"
                   r"(?:价格|费用|收费|服务费|服务内容|服务范围|费率|收费标准|比例)", s) and not _AGREED_CHANGE.search(s):
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    if not hits and re.search(r"乙方(?:可|可以|有权|得)[^。]{0,30}?(?:调整|变更|修改|更换|取消)[^。]{0,20}?(?:内容|时间|价格|费用|收费|范围|项目|功能|课程|标准|条款|费率)"
                              r"[^。]{0,16}?[,;]?\s*(?:无需|无须|不需|不必)(?:另行)?(?:征得|取得|经过?)?甲方(?:的)?(?:同意|确认|书面同意)", s):  # not only its staff
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    if re.search(r"(?:因|由于|鉴于)甲方[^。]{0,30}?(?:未|不|延迟|迟延|原因)[^。]{0,40}?乙方(?:不承担|不负|免除|免责)(?:任何)?(?:责任)?", s):
        hits.append(Hit("contract.non_cooperation_escape", True, 0.85))
    if re.search(r"甲方[^。]{0,20}?(?:不得|不在|不会|承诺不|保证不)[^。]{0,30}?(?:发表|发布|散布|作出|进行|给予|给出|留下|做出)[^。]{0,20}?(?:负面评价|差评|投诉|"
                 r"不利(?:的)?(?:评价|言论|评论|内容)|负面(?:言论|评论|内容)|诋毁|不利于乙方的(?:信息|言论|评价|内容|评论)|(?:有损|损害|影响)乙方(?:的)?(?:声誉|名誉|商誉|形象)的?(?:言论|评价|内容|信息|评论))|"
                 r"甲方[^。]{0,10}?不得[^。]{0,20}?(?:向[^。]{0,12}?)投诉", s):
        hits.append(Hit("contract.restricts_reviews_or_complaints", True, 0.85))
    elif re.search(r"(?:不限制|不影响|不妨碍)甲方[^。;]{0,20}?(?:评价|投诉|评论|反馈)", s):
        hits.append(Hit("contract.restricts_reviews_or_complaints", False, 0.75))
    m = re.search(r"不得[^。]{0,10}?(?:聘用|雇佣|雇用|聘请|招聘|招揽|挖角|挖走|录用)[^。]{0,20}?(?:员工|人员|导师|助教|讲师|主播|运营师|团队成员)", s)
    if m:
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No hiring of the other party's staff", 0.8))
    elif re.search(r"不设(?:置)?(?:任何)?(?:排他|独家)|非(?:排他|独家)(?:合作|条款)|甲方(?:可|可以|有权)(?:同时|自由|另行)?(?:选择|委托|聘请|与)[^。;]{0,4}?其他(?:服务商|代运营|机构|公司|团队)|(?:不限制|不影响|不妨碍)甲方[^。;]{0,8}?"
                   r"(?:委托|聘请|选择|使用|与)[^。;]{0,6}?其他", s):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No exclusivity: the seller may also engage other providers", 0.75))
    elif len(s) > 12 and re.search(r"独家|排他|唯一(?:的)?(?:合法)?(?:运营|代运营|外包)?(?:服务商|合作商|服务机构|代理商)|不得[^。]{0,24}?(?:委托|交由|交给|聘请|授权|与)(?:给)?(?:任何)?(?:其他|第三方)[^。]{0,12}?(?:代运营|服务商|服务机构|"
                   r"机构|公司|团队|合作|运营|顾问)", s):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "Exclusivity", 0.75))
    if re.search(r"未(?:能)?(?:达到|达成|完成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标|业绩目标)[^。]{0,30}(?:服务费|费用)[^。]{0,12}?按(?:实际)?(?:完成|达成)(?:比例|率)|"
                 r"未(?:能)?达(?:到|成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标)[^。]{0,30}(?:扣减|减免|退还|减少|返还|减半|打折|扣除)[^。]{0,8}(?:服务费|费用)|未(?:能)?达(?:到|成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标)[^。]{0,30}(?:服务费|费用)[^。]{0,6}(?:减半|打折|按[0-9]+%)", s):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    elif re.search(r"(?:承诺|保证|考核)[^。]{0,90}?[;,]\s*未(?:能)?(?:达到|达成|完成)的?[^。]{0,12}?(?:服务费|费用)[^。]{0,6}?"
                   r"(?:减半|扣减|减免|退还|打折|按[0-9]+%)", s):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    if re.search(r"(?:不得|严禁|禁止|承诺不|保证不|不会|不(?:使用|采用|从事|进行|传授|教授|提供))(?:使用|采用|从事|进行|传授|教授)?[^。]{0,12}(?:刷单|刷评|刷好评|刷销量|虚假(?:评价|交易|订单|好评)|"
                 r"测评|黑帽|违反平台规则)|(?:不得|严禁|禁止|承诺不|保证不)[^。]{0,16}(?:诱导|索要|索取|操纵|操控|引导|要求|诱使|购买)[^。]{0,12}(?:评价|好评|评论|评分|排名)", s):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    if re.search(r"每周[^。]{0,8}(?:召开|举行|开展)?[^。]{0,4}(?:例会|会议)|每周[^。]{0,12}?(?:一对一|视频会议|电话会议|沟通会|线上会议|视频通话)", s):
        hits.append(Hit("governance.weekly_meeting", True, 0.8))
    if re.search(r"每月[^。]{0,8}(?:提交|提供|制定)[^。]{0,6}(?:运营计划|月度计划|工作计划)", s):
        hits.append(Hit("governance.monthly_plan", True, 0.8))
    cad = re.search(r"每(两周|2周|周|月|季度)[^。]{0,10}(?:复盘|业绩回顾|评估会|回顾)", s)
    if cad:
        hits.append(Hit("governance.review_cadence", {"两周": "biweekly", "2周": "biweekly", "周": "weekly", "月": "monthly",
                                                      "季度": "quarterly"}[cad.group(1)], 0.75))
    return hits


def _clauses_en(s: str) -> list[Hit]:
    hits = []
    if re.search(r"\b(?:Agency|Provider|Vendor)\s+(?:may|reserves the right to)\s+(?:modify|change|amend|update|vary|increase|adjust|revise|raise)\s+"
                 r"(?:the\s+|its\s+|these\s+)?(?:scope|prices?|fees|terms|pricing|services|Scope|Prices?|Fees|Services|Pricing)\b", s) \
            and not re.search(r"\bwith (?:the )?(?:Client|Customer)['’]s (?:prior )?(?:written )?(?:consent|approval|agreement)|mutual", s, CI):
        if not (re.search(r"renew", s, CI) and re.search(r"(?:no more than|not (?:to )?exceed|up to|capped at)\s+[0-9.]+\s*%", s, CI)):
            hits.append(Hit("contract.unilateral_changes", True, 0.85))
    if not hits and re.search(r"\b(?:Agency|Provider|Vendor|Supplier|Licensor|Company)\s+(?:may|reserves the right to)\s+(?:change|modify|add,? or|"
                              r"remove|withdraw|discontinue|update)[^.]{0,40}?\b(?:features|functionality|fees|prices|pricing|scope)\b[^.]{0,40}?"
                              r"(?:at any time|without (?:prior )?notice|at its (?:sole )?discretion)", s) \
            and not re.search(r"consent|approval|mutual|agreed in writing", s, CI):
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    if re.search(r"shall not be (?:held )?(?:responsible|liable)[^.]{0,60}\bif (?:the )?(?:Client|Customer|Seller) fails|"
                 r"(?:Agency|Provider|Vendor|Contractor)\b[^.]{0,10}\b(?:is|are|will not be|shall not be) not (?:responsible|liable)[^.]{0,60}?"
                 r"(?:caused by|resulting from|due to|arising from|attributable to)[^.]{0,20}?(?:Client|Customer|Seller)['’]s (?:delay|failure|late|inaction)|"
                 r"(?:shall|will) not be (?:held )?(?:responsible|liable) for[^.]{0,40}(?:caused by|resulting from|due to|arising from)[^.]{0,20}"
                 r"(?:Client|Customer|Seller)['’]s (?:delay|failure)|(?:is|are|shall be) not (?:responsible|liable)[^.]{0,60}"
                 r"if (?:the )?(?:Client|Customer|Seller) fails", s):
        hits.append(Hit("contract.non_cooperation_escape", True, 0.85))
    if re.search(r"(?:shall|will|agrees?) not (?:to )?(?:post|publish|make|share|leave)[^.]{0,30}negative[^.]{0,20}(?:review|comment|statement|feedback)|"
                 r"shall not disparage|non-disparagement|refrain from (?:posting|publishing|making)[^.]{0,30}(?:negative|disparaging|critical|derogatory)|"
                 r"(?:shall|will) not make any (?:public )?(?:statement|comment)s? (?:that is |which is )?critical of|"
                 r"(?:shall|will) not (?:make|publish|post)[^.]{0,40}?(?:that|which) (?:could|may|might|would) (?:harm|damage|injure)[^.]{0,20}?reputation|"
                 r"(?:agrees?|undertakes?) not to (?:publish|post|leave|write) (?:any )?(?:public |online )?reviews?\b|"
                 r"(?:shall|will) not make any (?:disparaging|derogatory|negative) (?:statements?|remarks?|"
                 r"comments?)|shall not (?:file|lodge|submit) (?:any )?complaints?|"
                 r"(?:Neither|Never|At no time|nor)\b[^.]{0,60}?shall (?:the )?(?:Client|Customer|Seller) (?:make|publish|post|communicate|issue)[^.]{0,40}?"
                 r"(?:disparaging|derogatory|negative|defamatory)|"
                 r"(?:agrees?|undertakes?|promises?) not to (?:make|publish|post|share|leave|issue)[^.]{0,30}?(?:disparaging|derogatory|negative|"
                 r"defamatory|critical|unfavou?rable)[^.]{0,20}?(?:reviews?|comments?|statements?|remarks?|feedback|posts?)", s, CI) \
            and re.search(r"^\W*(?:[0-9.]+\s*)?(?:The\s+)?(?:Client|Customer|Seller)\b|(?:Client|Customer|Seller) (?:shall|will|agrees)|shall (?:the )?(?:Client|Customer|Seller) (?:make|publish)", s):
        hits.append(Hit("contract.restricts_reviews_or_complaints", True, 0.85))
    if re.search(r"(?:shall|will|may) not,?\s+(?:directly or indirectly,?\s+)?(?:[^.]{0,60}\bnor\s+)?(?:solicit|hire|employ|engage|poach|recruit)[^.]{0,50}"
                 r"(?:employee|staff|personnel|mentor|coach|consultant|team member|contractor)", s, CI) and not _NOTHING_RESTRICTS_EN.search(s):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No hiring of the other party's staff", 0.8))
    elif (_NOTHING_RESTRICTS_EN.search(s) and re.search(r"\b(?:other|another|any)\b[^.]{0,20}?(?:agenc|provider|freelancer|consultant|vendor)", s, CI)) \
            or re.search(r"\bon a non-exclusive basis\b|\b(?:is|are) non-exclusive\b|\bnon-exclusive (?:agency|engagement|appointment|relationship)", s, CI):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No exclusivity: the seller may also engage other providers", 0.75))
    elif re.search(r"(?<!non-)\bexclusive (?:agency|provider|partner)|shall not,?\s+(?:directly or indirectly,?\s+)?engage any other (?:agency|provider)|"
                   r"(?<!non-)\bon an exclusive basis\b|\bsole and exclusive (?:agency|agent|provider|partner)", s, CI) \
            and not re.search(r"\bnon-exclusive (?:agency|provider|partner)|\bnot (?:an? )?exclusive", s, CI):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "Exclusivity", 0.75))
    if _NOTHING_RESTRICTS_EN.search(s) and re.search(r"\b(?:review|comment|complain|criticis|feedback)", s, CI):
        hits.append(Hit("contract.restricts_reviews_or_complaints", False, 0.75))
    return hits + _conduct_en(s)


def _conduct_en(s: str) -> list[Hit]:
    """KPI penalties, black-hat bans and the meetings and reviews of an English clause."""
    hits = []
    if re.search(r"(?:KPIs?|targets?)[^.]{0,20}(?:are|is) (?:missed|not (?:met|achieved|reached))[^.]{0,60}(?:fee|retainer)[^.]{0,30}"
                 r"(?:reduced|refunded|credited|waived|discounted)", s, CI) or re.search(r"fails? to (?:meet|achieve|reach)[^.]{0,30}KPIs?[^.]{0,60}(?:fee|retainer)[^.]{0,30}(?:reduced|refunded|credited|"
                 r"waived)|(?:KPIs?|targets?)[^.]{0,20}(?:are|is) not (?:met|achieved|reached)[^.]{0,60}(?:(?:fee|retainer)[^.]{0,40}"
                 r"(?:reduced|refunded|credited|waived|discounted)|(?:credit|refund|reduce|waive)\w*[^.]{0,30}(?:fee|retainer))", s, CI):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    if not re.search(r"liable|responsible", s, CI) and re.search(r"(?:shall|will|must) not\b[^.]{0,60}?(?:buy(?:ing)? reviews|purchas\w* reviews|"
                                                               r"paid reviews|(?:place|placing|create|creating) fake orders)", s, CI):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    elif re.search(r"^\W*(?:[0-9.]+\s*)?(?:The\s+)?(?:Agency|Provider|Vendor|Operator|Consultant)\b[^.]{0,60}?(?:shall|will|must) not (?:\w+ or )?"
                   r"(?:manipulate|solicit|incentivi[sz]e|buy|purchase|fake)\w*[^.]{0,12}?\b(?:reviews|ratings|rankings)\b", s, CI) \
            and not re.search(r"liable|responsible", s, CI):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    elif re.search(r"(?:shall|will) not (?:use|engage in|employ)[^.]{0,60}(?:review manipulation|fake reviews|incentivi[sz]ed reviews|review-related incentives?|"
                 r"black-hat|fake orders)|"
                 r"(?:prohibited|forbidden) by (?:Amazon|platform|marketplace)|"
                 r"(?:review manipulation|fake reviews|fake orders|black-hat)[^.]{0,40}(?:are|is) (?:strictly )?(?:prohibited|forbidden)", s, CI):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    cad = re.search(r"review (?:meeting )?every (2 weeks|two weeks|week|month|quarter)|(bi-?weekly|fortnightly|weekly|monthly|quarterly) "
                    r"(?:business |performance |strategy |account |results )?review|(?:strategy|review|performance) (?:call|meeting)s?\b[^.]{0,50}?every "
                    r"(2 weeks|two weeks|month|quarter)\b|meet (bi-?weekly|fortnightly|weekly|monthly|quarterly|every (?:2|two) weeks) "
                    r"(?:to|and) (?:review|discuss)", s, CI)
    if cad:
        word = next(g for g in cad.groups() if g).lower()
        value = {"two weeks": "biweekly", "2 weeks": "biweekly", "every two weeks": "biweekly", "every 2 weeks": "biweekly", "week": "weekly", "month": "monthly", "quarter": "quarterly", "biweekly": "biweekly",
                 "bi-weekly": "biweekly", "fortnightly": "biweekly"}.get(word, word)
        hits.append(Hit("governance.review_cadence", value, 0.75))
    if re.search(r"(?<![-\w])weekly (?:(?!group|class|webinar)[\w-]+ ){0,2}(?:call|meeting)|meet(?:ing|s)? every week|\bmeets?\b[^.]{0,60}?"
                 r"(?:by|on|via|over) (?:a )?(?:video|phone|Zoom|Teams) call every week|(?:call|meeting) (?:once )?every week", s, CI):
        hits.append(Hit("governance.weekly_meeting", True, 0.75))
    return hits


# "Nothing in this Agreement stops / restricts / prevents the Client from …": the seller stays free
_NOTHING_RESTRICTS_EN = re.compile(r"\bnothing in (?:this|the) (?:agreement|contract|SOW|statement of work|order form|terms)[^.]{0,20}?"
                                   r"(?:stops?|restricts?|prevents?|limits?|prohibits?|precludes?)\s+(?:the\s+)?(?:you|Client|Customer|Seller|Merchant|Brand Owner)\b", CI)


PATTERNS = (clauses,)
