"""Enum values as people write them: any case, spaces for underscores, and Chinese names.

One table for every input format (YAML, JSON, CSV, XLSX, JSONL): the deal models read each enum
field through ``canonical``, so ``Amazon``, ``tiktok shop`` and ``亚马逊`` are all ``amazon``.
An alias is looked up only among the values its field allows (``导出报表`` is ``exports`` for
``data_access.reporting`` and ``exported_report`` for a case study's ``evidence``).
docs/deal-format.md lists the table; tests/test_hostile_input.py keeps the two in step.
"""
from __future__ import annotations

# canonical value -> Chinese aliases (as a Chinese seller or 代运营 contract writes them)
ALIASES: dict[str, tuple[str, ...]] = {
    # platforms
    "amazon": ("亚马逊",),
    "shopee": ("虾皮",),
    "tiktok_shop": ("TikTok小店", "抖音国际版小店"),
    "lazada": ("来赞达",),
    "temu": ("拼多多海外版",),
    "walmart": ("沃尔玛",),
    "ebay": ("易贝",),
    "shopify": ("独立站",),
    "aliexpress": ("速卖通",),
    "other": ("其他",),
    # provider kinds and service scope
    "store_operation": ("代运营", "店铺运营", "全店代运营"),
    "ads_management": ("广告代投", "广告托管"),
    "listing_optimization": ("Listing优化", "产品页优化"),
    "customer_service": ("客服", "客服外包"),
    "training": ("培训",),
    "saas": ("软件", "SaaS工具"),
    "consulting": ("咨询",),
    "ads": ("广告", "广告投放"),
    "listing": ("Listing", "产品页"),
    "creative": ("美工", "创意设计"),
    "compliance": ("合规",),
    # provider's legal form
    "registered_company": ("公司", "有限公司", "注册公司"),
    "individual_business": ("个体工商户", "个体户"),
    "individual": ("个人", "自然人"),
    # registry status
    "active": ("存续", "在业"),
    "revoked": ("吊销",),
    "deregistered": ("注销",),
    "dissolved": ("解散",),
    # periods and cadence
    "week": ("周",),
    "month": ("月",),
    "quarter": ("季度",),
    "contract": ("合同期",),
    "weekly": ("每周",),
    "biweekly": ("每两周",),
    "monthly": ("每月",),
    "quarterly": ("每季度",),
    # ownership
    "seller": ("卖家",),
    "provider": ("服务商",),
    "shared": ("共有", "共同所有"),
    "unspecified": ("未约定", "未说明"),
    # fees
    "fixed": ("固定费用",),
    "base_plus_commission": ("底薪加提成", "基础服务费加佣金"),
    "commission_only": ("纯佣金",),
    "ad_spend_pct": ("按广告花费比例",),
    "per_project": ("按项目",),
    "subscription": ("订阅",),
    "total_gmv": ("总销售额", "总GMV"),
    "incremental_gmv": ("增量销售额", "增量GMV"),
    "net_profit": ("净利润",),
    "ad_spend": ("广告花费",),
    # KPIs
    "gmv": ("销售额", "GMV"),
    "net_sales": ("净销售额",),
    "units": ("销量",),
    "sessions": ("访客数", "流量"),
    "conversion_rate": ("转化率",),
    "roi": ("投资回报率",),
    "profit_margin": ("利润率",),
    "return_rate": ("退货率",),
    "refund_rate": ("退款率",),
    "review_rating": ("评分", "星级"),
    "account_health": ("账户健康",),
    "order_defect_rate": ("订单缺陷率",),
    "inventory_turnover_days": ("库存周转天数",),
    "ranking": ("排名",),
    "custom": ("自定义",),
    "absolute": ("绝对值",),
    "growth_pct": ("增长率",),
    "at_most": ("不高于",),
    "at_least": ("不低于",),
    "seller_central": ("卖家后台",),
    "ads_console": ("广告后台",),
    "platform_backend": ("平台后台",),
    "erp": ("ERP",),
    "third_party_bi": ("第三方BI",),
    "provider_report": ("服务商报表",),
    # evidence and reporting
    "none": ("无", "没有"),
    "screenshots": ("截图",),
    "exported_report": ("导出报表",),
    "exports": ("导出报表",),
    "live_backend": ("后台实时查看",),
    "reference_call": ("客户回访",),
    "live_dashboard": ("实时看板",),
    # data access
    "full": ("全部", "完全"),
    "partial": ("部分",),
    "partner_authorization": ("合作伙伴授权",),
    "sub_account": ("子账号",),
    "api_app": ("API授权",),
    "main_account": ("主账号",),
    "least_privilege": ("最小权限",),
    "broad": ("较大权限",),
    # black-hat tactics
    "paid_reviews": ("刷评", "买评"),
    "fake_orders": ("刷单",),
    "review_removal": ("删差评",),
    "variation_abuse": ("变体滥用",),
    "extra_accounts": ("多账号",),
    "off_platform_contact": ("站外联系买家",),
    # what a claim in the pitch is (claims[].kind)
    "result_promise": ("结果承诺",),
    "earnings_claim": ("收益宣传",),
    "service_level": ("服务水平",),
    "credential": ("资质",),
    "description": ("一般描述",),
    # engagement type (service.engagement)
    "ongoing": ("持续服务", "长期代运营"),
    "one_off_project": ("一次性项目", "单次项目"),
    "software_subscription": ("软件订阅", "SaaS订阅"),
    "coaching": ("陪跑", "孵化", "培训陪跑"),
    # early-exit fee formula, renewal price, funds scope
    "remaining_months": ("按剩余月数", "剩余月份服务费"),
    "all_remaining_fees": ("剩余全部服务费", "剩余合同款全付"),
    "capped": ("有涨价上限", "封顶涨价"),
    "provider_sets": ("服务商定价", "服务商自行调价"),
    "refunds_capped": ("限额退款", "仅限额退款"),
    "payouts_or_bank": ("回款或银行信息", "可动回款"),
}


# values written the same way in every language, brands and ad metrics as sellers write them
WRITTEN_AS = {"tiktok_shop": "TikTok Shop", "shopee": "Shopee", "lazada": "Lazada", "temu": "Temu", "ebay": "eBay",
              "shopify": "Shopify", "acos": "ACoS", "tacos": "TACoS", "roas": "ROAS"}


def label(value, lang: str) -> str:
    """An enum value as a report names it: a brand or metric as it is written everywhere, else (zh) its
    first Chinese alias, the name a Chinese deal file may use for it, else as written."""
    if value in WRITTEN_AS:
        return WRITTEN_AS[value]
    if lang == "zh" and ALIASES.get(value):
        return ALIASES[value][0]
    return str(value)


def _key(text: str) -> str:
    return text.strip().casefold().replace(" ", "_").replace("-", "_")


def lookup(values) -> dict[str, str]:
    """{written form: canonical value} for an enum of ``values`` (case-folded keys)."""
    out: dict[str, str] = {}
    for value in values:
        out[_key(value)] = value
        for alias in ALIASES.get(value, ()):
            out.setdefault(_key(alias), value)
    return out


def canonical(value, table: dict[str, str]):
    """``value`` as its canonical enum value when ``table`` knows it; anything else unchanged
    (validation then reports it with a did-you-mean)."""
    if isinstance(value, str):
        return table.get(_key(value), value)
    return value


def spellings(values) -> dict[str, str]:
    """{alias: canonical} of an enum's Chinese aliases, for did-you-mean hints."""
    return {alias: value for value in values for alias in ALIASES.get(value, ())}
