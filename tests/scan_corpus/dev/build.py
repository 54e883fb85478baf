"""Rebuild the dev corpus's DOCX and PDF files from this script and the *.src.html beside it.

    python tests/scan_corpus/dev/build.py

The DOCX files are written the way a provider's Word draft looks: headings, numbered clauses, a
fee table, a header and footer; d05 carries the provider's tracked changes (w:ins / w:del) and a
reviewer's comment, d06 is bilingual (Chinese prevails), d47 is a listing studio's one-off project
with a deliverables table, d57 a photo studio's one-off project (a sole proprietor, who keeps the
copyright), d69 an English Amazon EU management agreement with a fee table and a signature table, d75 a Temu 半托管 agency's
contract with a 保底 and a deposit in a bordered fee table. d82 a fair Amazon ads agreement (客户/服务商)
with its fees in an annex table, d86 an English SaaS ERP order form (a table) with its subscription terms. The PDFs are printed by headless Chromium with the Noto CJK
fonts, as agencies' PDFs are.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
_W = nsdecls("w")
_DATE = 'w:author="乙方法务" w:date="2026-08-20T10:00:00Z"'


def _tracked(doc, before: str, deleted: str, inserted: str, after: str, rid: int):
    """A paragraph whose middle was edited with Track Changes on."""
    p = doc.add_paragraph(before)
    p._p.append(parse_xml(f'<w:del {_W} w:id="{rid}" {_DATE}><w:r><w:delText xml:space="preserve">'
                          f'{deleted}</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {_W} w:id="{rid + 1}" {_DATE}><w:r><w:t xml:space="preserve">'
                          f'{inserted}</w:t></w:r></w:ins>'))
    p.add_run(after)
    return p


def _deleted_paragraph(doc, text: str, rid: int):
    p = doc.add_paragraph()
    p._p.append(parse_xml(f'<w:del {_W} w:id="{rid}" {_DATE}><w:r><w:delText xml:space="preserve">'
                          f'{text}</w:delText></w:r></w:del>'))


def _inserted_paragraph(doc, text: str, rid: int):
    p = doc.add_paragraph()
    p._p.append(parse_xml(f'<w:ins {_W} w:id="{rid}" {_DATE}><w:r><w:t xml:space="preserve">'
                          f'{text}</w:t></w:r></w:ins>'))


def build_d05(out: Path):
    doc = docx.Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "上海星跃数字营销有限公司　合同编号：XY-2026-091"
    sec.footer.paragraphs[0].text = "本合同一式两份，甲乙双方各执一份"
    doc.add_heading("TikTok Shop广告代投放服务合同", level=1)
    doc.add_paragraph("甲方：苏州市锦程家纺有限公司")
    doc.add_paragraph("乙方：上海星跃数字营销有限公司")
    doc.add_heading("第一条 服务内容", level=2)
    doc.add_paragraph("乙方为甲方TikTok Shop美国站提供广告投放及短视频素材制作服务。")
    doc.add_heading("第二条 合同期限", level=2)
    doc.add_paragraph("2.1 本合同期限为三（3）个月，自2026年9月1日起至2026年11月30日止。")
    _tracked(doc, "2.2 本合同期满", "自动续约三（3）个月", "不自动续约，双方另行协商", "。", 1)
    doc.add_heading("第三条 服务费用", level=2)
    doc.add_paragraph("3.1 服务费按甲方广告账户实际消耗金额的百分之十五（15%）收取，按月结算。")
    doc.add_paragraph("3.2 其他费用见下表：")
    table = doc.add_table(rows=3, cols=2)
    for row, (a, b) in zip(table.rows, [("费用项目", "金额及说明"),
                                        ("开户费", "人民币贰仟元整，签约时一次性支付"),
                                        ("广告充值", "由甲方以美元（USD）直接充值至甲方广告账户")]):
        row.cells[0].text, row.cells[1].text = a, b
    doc.add_paragraph("3.3 每月广告预算由甲方书面确认后方可执行。")
    _deleted_paragraph(doc, "3.4 乙方有权在未经甲方同意的情况下调整广告预算。", 3)
    doc.add_heading("第四条 广告账户", level=2)
    p = doc.add_paragraph("4.1 广告账户以甲方名义开设，账户所有权归甲方。")
    doc.add_comment(p.runs, text="乙方意见：建议将续约通知期改为九十（90）日。", author="乙方法务", initials="FW")
    doc.add_paragraph("4.2 乙方通过TikTok广告后台的成员权限进行操作，不得更改账户的付款方式。")
    _inserted_paragraph(doc, "4.3 甲方可随时导出广告账户的全部历史数据。", 5)
    doc.add_heading("第五条 素材", level=2)
    doc.add_paragraph("乙方制作的短视频、广告图片等素材的著作权归甲方所有。")
    doc.add_heading("第六条 合同解除", level=2)
    doc.add_paragraph("任何一方可提前十五（15）日书面通知对方解除本合同，甲方提前解除的，无需支付违约金。")
    doc.add_heading("第七条 法律适用", level=2)
    doc.add_paragraph("本合同适用中华人民共和国法律。")
    doc.save(out)


_D06 = [
    ("h", "亚马逊Listing拍摄及文案项目合同", "Amazon Listing Photography and Copywriting Project Agreement"),
    ("p", "甲方：宁波市优家厨具有限公司", "Party A: Ningbo Youjia Kitchenware Co., Ltd."),
    ("p", "乙方：杭州光合影像工作室", "Party B: Hangzhou Guanghe Imaging Studio"),
    ("h", "第一条 项目内容", "Article 1 Project"),
    ("p", "乙方为甲方的十（10）个商品拍摄主图及场景图，撰写标题、五点描述和A+页面文案。",
     "Party B shall shoot main and lifestyle images for ten (10) products of Party A and write titles, bullet points and A+ content."),
    ("h", "第二条 项目费用", "Article 2 Fee"),
    ("p", "项目总价为人民币壹万贰仟元整（¥12,000），甲方于签约后三（3）日内支付百分之五十（50%），验收合格后支付剩余百分之五十（50%）。",
     "The total project price is RMB 12,000. Party A pays fifty percent (50%) within three (3) days of signing and the remaining fifty percent (50%) after acceptance."),
    ("h", "第三条 交付与验收", "Article 3 Delivery and Acceptance"),
    ("p", "乙方应于签约后二十一（21）日内交付全部成果，甲方应于收到后七（7）日内完成验收。",
     "Party B delivers all work within twenty-one (21) days of signing; Party A completes acceptance within seven (7) days of receipt."),
    ("h", "第四条 知识产权", "Article 4 Intellectual Property"),
    ("p", "本项目交付的全部图片、视频及文案的著作权自甲方付清项目款之日起归甲方所有。",
     "Party B retains the copyright in all photographs and videos and grants Party A a licence to use them on Amazon."),
    ("h", "第五条 法律适用及文本", "Article 5 Law and Language"),
    ("p", "本合同适用中华人民共和国法律。", "This Agreement is governed by the laws of the People's Republic of China."),
    ("p", "本合同以中英文书就，两种文本如有不一致，以中文版本为准。",
     "This Agreement is made in Chinese and English. In case of any discrepancy, the Chinese version shall prevail."),
]


def build_d06(out: Path):
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "合同编号 / Contract No.: GH-2026-044"
    for kind, zh, en in _D06:
        if kind == "h":
            doc.add_heading(f"{zh} {en}" if zh.startswith("第") else zh, level=1 if zh == _D06[0][1] else 2)
            if zh == _D06[0][1]:
                doc.add_paragraph(en)
        else:
            doc.add_paragraph(zh)
            doc.add_paragraph(en)
    doc.save(out)


def _outline_docx(out: Path, outline: list, header: str, footer: str, table_style: str | None = None):
    """A DOCX from an outline of ("h1"/"h2", heading), ("p", paragraph) and ("t", rows), with a header and a footer."""
    doc = docx.Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = header
    sec.footer.paragraphs[0].text = footer
    for kind, body in outline:
        if kind == "t":
            table = doc.add_table(rows=len(body), cols=len(body[0]))
            if table_style:
                table.style = table_style
            for row, cells in zip(table.rows, body):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
        elif kind == "p":
            doc.add_paragraph(body)
        else:
            doc.add_heading(body, level=int(kind[1]))
    doc.save(out)


_D47 = [
    ("h1", "亚马逊欧洲站商品详情页设计项目合同"),
    ("p", "委托方：温州市锐途户外用品有限公司"),
    ("p", "设计服务方：厦门青屿视觉设计有限公司"),
    ("h2", "第一条 项目内容"),
    ("p", "1.1 设计服务方为委托方在亚马逊德国站、法国站销售的八（8）款帐篷及睡袋产品提供详情页设计服务。"),
    ("p", "1.2 本项目的服务内容仅限于下表所列各项，表外工作须经双方另行书面确认并报价："),
    ("t", [("交付项", "数量", "说明"),
           ("主图及辅图", "每款7张", "白底主图1张、场景及卖点图6张"),
           ("A+页面", "每款1套", "德语、法语各一版"),
           ("标题及五点描述", "每款1份", "德语、法语，由母语译者校对")]),
    ("h2", "第二条 项目价款"),
    ("p", "2.1 项目总价款为人民币贰万肆仟元整（¥24,000.00），已含增值税及全部翻译、拍摄道具费用，委托方无需另行支付其他任何费用。"),
    ("p", "2.2 委托方于本合同签订后三（3）个工作日内支付项目总价款的百分之三十（30%）作为定金，即人民币柒仟贰佰元整，定金在支付尾款时抵作价款。"),
    ("p", "2.3 全部成果经委托方验收合格后五（5）个工作日内，委托方支付剩余价款。"),
    ("h2", "第三条 交付与验收"),
    ("p", "3.1 设计服务方应于2027年6月18日前交付全部成果，委托方在收到后七（7）日内验收；不合格的，设计服务方应免费修改，修改次数不少于三（3）次。"),
    ("h2", "第四条 知识产权"),
    ("p", "4.1 本项目交付的全部图片、A+页面及文案（含PSD、AI等源文件）的著作权，自委托方付清尾款之日起归委托方所有。"),
    ("p", "4.2 设计服务方使用的商业字体授权、图库素材账号及自有排版模板不在转让之列，但设计服务方保证委托方可在亚马逊及其他销售渠道永久使用交付成果。"),
    ("h2", "第五条 项目的终止"),
    ("p", "5.1 委托方可在验收完成前随时书面通知设计服务方终止项目，双方按已完成的交付项结算，委托方已付款项超出结算金额的部分，设计服务方应于七（7）日内退还。"),
    ("p", "5.2 除前款结算外，委托方终止项目无需支付任何违约金或补偿。"),
    ("h2", "第六条 账号"),
    ("p", "6.1 本项目的全部成果由设计服务方以文件形式交付，委托方自行上传至亚马逊后台；设计服务方不需要、也不接收委托方店铺的任何账号或权限。"),
    ("h2", "第七条 法律适用"),
    ("p", "7.1 本合同适用中华人民共和国法律。"),
]


def build_d47(out: Path):
    _outline_docx(out, _D47, "厦门青屿视觉设计有限公司　项目编号：QY-2027-0519", "第1页　本合同一式两份")


_D57 = [
    ("h1", "亚马逊产品拍摄及Listing设计项目合同"),
    ("p", "甲方（委托方）：苏州暖居纺织品有限公司"),
    ("p", "乙方（摄影工作室）：宁波光合影像工作室（个体工商户）"),
    ("p", "签约日期：2027/8/15"),
    ("h2", "一、项目内容"),
    ("p", "1.1 乙方为甲方在亚马逊美国站销售的六（6）款床品提供产品拍摄及Listing图片设计服务，具体交付物见下表。"),
    ("t", [["交付物", "数量", "交付时间"],
           ["白底主图", "每款1张，共6张", "拍摄后5个工作日"],
           ["场景图及卖点图", "每款6张，共36张", "拍摄后10个工作日"],
           ["A+页面设计", "6套", "拍摄后15个工作日"]]),
    ("p", "1.2 本项目为一次性项目，交付物经甲方验收后项目即告完成，乙方不负责店铺运营或广告投放。"),
    ("p", "1.3 乙方指定摄影师一名、设计师两名共三（3）人负责本项目，人员变更须提前告知甲方。"),
    ("h2", "二、项目价款"),
    ("p", "2.1 本项目总价款为人民币壹万贰仟陆佰元整（¥12,600），为不含税价格；甲方需开具发票的，另按6%的税率支付税费。"),
    ("p", "2.2 甲方于签约之日支付总价款的50%，其余50%于全部交付物验收合格后七日内付清。"),
    ("p", "2.3 甲方寄送的样品，乙方在项目完成后十日内寄回，运费由甲方承担。"),
    ("h2", "三、验收"),
    ("p", "3.1 甲方应在收到交付物后五个工作日内验收，逾期未提出书面意见的，视为验收合格。"),
    ("p", "3.2 每套设计稿免费修改两次，超出部分每次收取人民币贰佰元。"),
    ("h2", "四、著作权"),
    ("p", "4.1 乙方拍摄的全部照片及设计稿著作权归乙方所有，甲方在付清全部价款后，可在其亚马逊店铺内永久使用上述交付物。"),
    ("p", "4.2 甲方如需将交付物用于亚马逊以外的渠道、印刷品或线下广告，应另行取得乙方书面授权并支付授权费用。"),
    ("p", "4.3 乙方有权将本项目作品用于其作品集及宣传推广。"),
    ("p", "4.4 拍摄RAW原片及PSD分层源文件不属于交付物，甲方需要的，按每款人民币叁佰元另行购买。"),
    ("h2", "五、解除"),
    ("p", "5.1 拍摄开始后甲方单方取消项目的，已支付的50%款项不予退还。"),
    ("p", "5.2 乙方逾期交付超过十日的，甲方有权解除合同，乙方应全额退还已收款项。"),
    ("h2", "六、其他"),
    ("p", "6.1 本合同适用中华人民共和国法律，争议由甲方所在地人民法院管辖。"),
    ("p", "6.2 本项目不涉及甲方亚马逊店铺账号，乙方无需登录甲方后台。"),
]


def build_d57(out: Path):
    _outline_docx(out, _D57, "光合影像　GH-2027-088", "甲方签字：＿＿＿＿　乙方签字：＿＿＿＿")


_D69 = [
    ("h1", "Marketplace Management Agreement — Amazon Europe"),
    ("p", "This Agreement is made between Lantern Home Goods Co., Ltd., Room 1204, Yinzhou District, Ningbo, China (the “Brand Holder”) and Kestrel Commerce GmbH, Hamburg, Germany (“Kestrel”)."),
    ("h2", "1. Definitions"),
    ("p", "1.1 “Marketplaces” means amazon.de, amazon.fr, amazon.it and amazon.es."),
    ("p", "1.2 “Net Sales” means the ordered product sales of the Brand Holder on the Marketplaces in a calendar month, less refunds and returns and excluding VAT, as shown in the Business Report of Seller Central."),
    ("p", "1.3 “Baseline” means EUR 62,000, being the average monthly Net Sales of June, July and August 2027."),
    ("p", "1.4 “Uplift” means the amount by which Net Sales in a calendar month exceed the Baseline."),
    ("h2", "2. Services"),
    ("p", "2.1 Kestrel shall manage the Brand Holder’s Amazon store on the Marketplaces: listing maintenance, Sponsored Products and Sponsored Brands campaigns, pricing recommendations, inventory planning and a monthly report."),
    ("p", "2.2 The Services are limited to those listed in clause 2.1; any further work requires a written change order signed by both parties."),
    ("p", "2.3 A named team of three (3) people, an account lead, a PPC specialist and a content executive, is assigned to the Brand Holder."),
    ("h2", "3. Term"),
    ("p", "3.1 This Agreement commences on 1 October 2027 and continues for an initial term of twelve (12) months."),
    ("p", "3.2 This Agreement shall not automatically renew. Kestrel will send a renewal proposal no later than sixty (60) days before the end of the initial term, and any renewal requires a new agreement signed by both parties."),
    ("h2", "4. Fees"),
    ("p", "4.1 The fees are set out in the table below. All amounts are in euros (EUR) and exclude VAT."),
    ("t", [("Fee", "Amount", "Payable"),
           ("Monthly management fee", "EUR 2,400 per month", "monthly in arrears, within 14 days of invoice"),
           ("Performance fee", "6% of the Uplift", "monthly in arrears, with the management fee"),
           ("Onboarding fee", "None", "—")]),
    ("p", "4.2 VAT is charged in addition at the applicable rate; where the reverse-charge mechanism applies, the Brand Holder accounts for the VAT itself."),
    ("p", "4.3 Fees are invoiced monthly in arrears. No fees are payable in advance and Kestrel does not require a deposit."),
    ("p", "4.4 Amazon’s referral fees (generally 15% of the sale price) and FBA fees are charged by Amazon directly and are not fees of Kestrel."),
    ("p", "4.5 The monthly advertising budget is EUR 8,000, paid by the Brand Holder directly to Amazon Ads; Kestrel shall not exceed or raise it without the Brand Holder’s prior written approval."),
    ("h2", "5. Performance"),
    ("p", "5.1 Kestrel’s target is Net Sales of EUR 75,000 per calendar month from the fourth month of the term."),
    ("p", "5.2 If Net Sales fall below sixty per cent (60%) of the target in two (2) consecutive calendar months, the Brand Holder may terminate this Agreement by written notice with immediate effect and without any fee or compensation."),
    ("p", "5.3 Kestrel meets the Brand Holder’s team by video call every week and delivers a written report by the fifth (5th) working day of each month in the agreed template, together with the Business Report export it is based on."),
    ("h2", "6. Access and data"),
    ("p", "6.1 The Brand Holder will add Kestrel’s staff as secondary users in Seller Central with permissions limited to inventory, pricing, advertising and reports."),
    ("p", "6.2 Kestrel shall have no access to disbursements, bank account details, payment settings or the primary user’s login, and the Two-Step Verification device remains with the Brand Holder."),
    ("p", "6.3 The Brand Holder keeps full owner-level access to Seller Central and the advertising console throughout the term and may export any data at any time."),
    ("p", "6.4 Within two (2) business days of the end of this Agreement, Kestrel shall remove all of its users and hand back the campaign structure, keyword research, listing copy, images with their source files and all reports."),
    ("h2", "7. Intellectual property"),
    ("p", "7.1 All images, videos, A+ content and listing copy created for the Brand Holder under this Agreement belong to the Brand Holder upon creation."),
    ("p", "7.2 Kestrel’s internal checklists, reporting templates and software tools remain Kestrel’s property and are not deliverables."),
    ("p", "7.3 All sales, advertising and customer data belong to the Brand Holder, and the Seller Central account, the Brand Registry and the advertising accounts remain registered to and controlled by the Brand Holder."),
    ("h2", "8. Termination"),
    ("p", "8.1 Either party may terminate this Agreement for convenience on thirty (30) days’ written notice."),
    ("p", "8.2 No termination fee is payable by either party; fees accrued up to the termination date remain payable."),
    ("h2", "9. Conduct"),
    ("p", "9.1 Kestrel shall not use incentivised reviews, review manipulation, fake orders, variation abuse or any other tactic that breaches Amazon’s policies, and shall indemnify the Brand Holder for any loss caused by such a breach."),
    ("p", "9.2 Nothing in this Agreement restricts the Brand Holder from engaging other service providers or from reviewing or commenting publicly on Kestrel’s services."),
    ("h2", "10. Governing law"),
    ("p", "10.1 This Agreement is governed by the laws of the Federal Republic of Germany."),
    ("t", [("For the Brand Holder", "For Kestrel"),
           ("Name: Chen Wei, General Manager", "Name: Jonas Albrecht, Managing Director"),
           ("Date: 20 September 2027", "Date: 20 September 2027")]),
]


def build_d69(out: Path):
    _outline_docx(out, _D69, "Kestrel Commerce GmbH · Agreement No. KC-2027-114", "Confidential · Marketplace Management Agreement")


def print_pdf(src: Path, out: Path):
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", str(src)], check=True, capture_output=True, timeout=120)


_D75 = [
    ("h1", "拼多多跨境（Temu半托管）店铺代运营服务合同"),
    ("p", "甲方（店铺权利人）：义乌市恒晟日用品有限公司"),
    ("p", "乙方（代运营服务商）：杭州拓海跨境电子商务有限公司"),
    ("p", "鉴于甲方已在拼多多跨境平台开设Temu美国站半托管店铺，双方经友好协商，就店铺代运营事宜订立本合同，以资共同遵守。"),
    ("h2", "第一条 合作内容"),
    ("p", "1.1 甲方委托乙方运营其Temu美国站半托管店铺，服务内容包括商品上架、核价、活动报名、站内推广投放、备货发货计划及数据分析。"),
    ("p", "1.2 乙方指派运营专员二（2）名、美工一（1）名组成专属服务小组，人员调整应提前七日告知甲方。"),
    ("h2", "第二条 合作期限"),
    ("p", "2.1 本合同合作期限为壹年，自2028年3月1日起至2029年2月28日止。"),
    ("p", "2.2 合同期满前四十五（45）日内双方均未书面提出异议的，本合同自动续期壹年，续期服务费由乙方根据届时市场行情重新核定。"),
    ("h2", "第三条 服务费用、保底及保证金"),
    ("p", "3.1 服务费由基础服务费和销售提成两部分构成，明细如下："),
    ("t", [["费用项目", "金额或比例", "支付方式"],
           ["基础服务费", "人民币捌仟伍佰元整（¥8,500）/月", "按季度预付，每季度首月5日前支付当季三个月费用"],
           ["销售提成", "店铺当月成交总额（含退款订单）的百分之四（4%）", "次月10日前凭乙方结算单支付"],
           ["店铺装修及上架费", "人民币叁仟元整（¥3,000）", "签约之日一次性支付，不予退还"],
           ["履约保证金", "人民币贰万元整（¥20,000）", "签约之日一次性支付"]]),
    ("p", "3.2 上述费用均为不含税价格，甲方需要乙方开具增值税专用发票的，应另行支付百分之六（6%）的税费。"),
    ("p", "3.3 保底条款：乙方承诺自合作第四个月起，店铺每月成交总额不低于人民币拾伍万元整（¥150,000）；某月未达保底的，乙方退还该月基础服务费的百分之五十（50%）。"),
    ("p", "3.4 履约保证金于合同期满且甲方结清全部费用后十五（15）个工作日内无息退还；甲方提前解除本合同的，保证金不予退还。"),
    ("p", "3.5 Temu平台要求的店铺保证金人民币壹万元整由甲方直接缴纳至平台，平台按类目收取的技术服务费亦由甲方承担，均不属于本合同项下乙方收取的费用。"),
    ("p", "3.6 乙方根据运营需要提出月度推广预算，甲方应在收到通知后三（3）日内完成充值；甲方逾期未充值的，当月不计入保底考核。"),
    ("h2", "第四条 店铺账号"),
    ("p", "4.1 为便于及时处理平台通知，甲方应将Temu卖家中心主账号、登录密码及绑定手机号交由乙方统一管理。"),
    ("p", "4.2 店铺、品牌及商标相关账号的所有权均归甲方。"),
    ("h2", "第五条 知识产权与数据"),
    ("p", "5.1 乙方为店铺制作的商品主图、详情图及短视频，合作期内供甲方店铺使用，其著作权归乙方所有。"),
    ("p", "5.2 店铺经营数据归甲方所有，乙方应于每月5日前以Excel表格形式向甲方提供上月运营报表。"),
    ("h2", "第六条 合同的解除"),
    ("p", "6.1 合作期内甲方提前解除本合同的，应提前三十（30）日书面通知乙方，并向乙方支付三（3）个月基础服务费即人民币贰万伍仟伍佰元整作为违约金。"),
    ("p", "6.2 乙方可提前十五（15）日书面通知甲方解除本合同，已预付的当季基础服务费按未服务天数退还甲方。"),
    ("p", "6.3 店铺连续两（2）个月未达到保底金额的，甲方可要求乙方更换运营专员，本合同继续履行。"),
    ("p", "6.4 本合同终止之日起七（7）个工作日内，乙方应停止使用并交还店铺账号及密码。"),
    ("h2", "第七条 限制条款"),
    ("p", "7.1 合作期内及本合同终止后十二（12）个月内，甲方不得直接或间接聘用乙方在职或离职未满一年的员工，每违反一次，应向乙方支付违约金人民币伍万元整。"),
    ("p", "7.2 甲方不得在任何网络平台、社交媒体或行业社群发布对乙方的负面评价，否则应向乙方支付违约金人民币贰万元整。"),
    ("h2", "第八条 合规经营"),
    ("p", "8.1 乙方不得采用刷单、刷评、虚假发货等违反Temu平台规则的手段运营店铺。"),
    ("h2", "第九条 法律适用及争议解决"),
    ("p", "9.1 本合同适用中华人民共和国法律，争议由乙方所在地人民法院管辖。"),
    ("p", "9.2 附件一《运营服务清单》为本合同不可分割的组成部分。"),
]


def build_d75(out: Path):
    _outline_docx(out, _D75, "杭州拓海跨境电子商务有限公司　合同编号：TH-2028-017", "本合同一式贰份，甲乙双方各执壹份，具同等法律效力", table_style="Table Grid")


_D82 = [
    ("h1", "亚马逊站内广告托管服务协议"),
    ("p", "客户：宁波澄川户外用品有限公司"),
    ("p", "服务商：上海图岚数字营销有限公司"),
    ("p", "协议编号：TL-AD-2028-0418　　签署日期：2028年4月18日"),
    ("h2", "一、服务内容"),
    ("p", "1.1 服务商为客户在亚马逊美国站、加拿大站的店铺提供站内广告（Sponsored Products、Sponsored Brands、Sponsored Display）的搭建、投放、优化及报告服务，服务范围以附件一《服务清单》所列事项为限，清单以外的工作须经双方书面确认。"),
    ("p", "1.2 Listing文案撰写、图片拍摄、库存计划及商品定价不属于本协议服务范围，由客户自行负责。"),
    ("p", "1.3 服务商指定广告优化师两名专门负责客户账户，人员更换须提前十个工作日书面通知客户。"),
    ("h2", "二、期限"),
    ("p", "2.1 本协议服务期为六个月，自2028年5月1日起算。"),
    ("p", "2.2 服务期届满，本协议即行终止，不自动续期。服务商可在届满前三十日内提交续约方案，是否续约以客户书面确认为准。"),
    ("h2", "三、费用"),
    ("p", "3.1 服务费的标准见附件二《费用表》，附件二与正文具有同等效力。"),
    ("p", "3.2 附件二所列金额均已包含增值税，服务商开具税率为6%的增值税专用发票，客户无需另行支付税费。"),
    ("p", "3.3 服务费按月后付：服务商于每月五日前出具上月账单，客户于收到账单后十日内支付。本协议不收取任何预付款或保证金。"),
    ("p", "3.4 广告费用由客户通过其本人名下的亚马逊广告账户直接向亚马逊支付，不经服务商代收代付。"),
    ("p", "3.5 每月广告预算由客户书面确定；服务商调高月度预算或单个广告活动的日预算上限，须事先取得客户书面（含电子邮件）同意。"),
    ("h2", "四、考核目标与止损"),
    ("p", "4.1 自服务期第二个月起，客户美国站月度广告ACoS应不高于百分之二十八（28%），以亚马逊广告后台广告活动报告中14天归因口径的数据为准。"),
    ("p", "4.2 若连续两个月ACoS高于百分之三十五（35%），客户可书面通知服务商立即解除本协议，无需支付任何违约金或补偿。"),
    ("p", "4.3 服务商每周一以电子邮件发送上周广告周报，每月第一周与客户召开一次月度复盘会议。"),
    ("h2", "五、账户权限"),
    ("p", "5.1 客户通过亚马逊广告后台的用户管理功能为服务商添加用户，权限仅为广告活动管理，不向服务商提供卖家中心主账号，亦不授予任何资金、付款或提现设置权限。"),
    ("p", "5.2 客户保留广告后台的全部管理权限，可随时查看并下载全部广告数据。"),
    ("h2", "六、知识产权"),
    ("p", "6.1 服务商为客户制作的品牌广告视频、图片及广告文案，自交付之日起归客户所有。"),
    ("p", "6.2 服务商自有的关键词工具、否词模板、报表模板及操作手册仍归服务商所有，不属于交付成果。"),
    ("p", "6.3 客户的广告账户、广告活动结构及全部广告数据归客户所有。"),
    ("h2", "七、协议的解除"),
    ("p", "7.1 客户可随时提前十五日书面通知服务商解除本协议，除结清已发生的服务费外，无需支付任何违约金或补偿。"),
    ("p", "7.2 服务商提前解除本协议的，应提前三十日书面通知客户，并协助客户完成交接。"),
    ("p", "7.3 本协议终止后三个工作日内，服务商应删除其在客户广告后台的用户，并以Excel格式交付全部广告活动结构、关键词及否词清单。"),
    ("h2", "八、合规"),
    ("p", "8.1 服务商不得利用客户广告账户从事刷单、操纵评论或其他违反亚马逊政策的行为，因此给客户造成损失的，由服务商全额赔偿。"),
    ("p", "8.2 本协议不限制客户同时委托其他服务商，也不限制客户对服务商的服务作出公开评价。"),
    ("h2", "九、法律适用"),
    ("p", "9.1 本协议适用中华人民共和国法律，争议由被告所在地人民法院管辖。"),
    ("h2", "附件一 服务清单"),
    ("t", [["服务事项", "频率", "交付形式"],
           ["账户诊断及广告结构搭建", "服务期第一个月", "诊断报告"],
           ["竞价调整、否定关键词及预算分配", "每个工作日", "广告后台操作"],
           ["广告周报", "每周", "电子邮件"],
           ["月度复盘", "每月", "线上会议及报告"]]),
    ("h2", "附件二 费用表"),
    ("t", [["费用项目", "标准", "说明"],
           ["广告管理服务费", "当月广告消耗金额的百分之八（8%）", "广告消耗以亚马逊广告后台账单为准"],
           ["月度最低服务费", "人民币肆仟元整（¥4,000）", "当月按8%计算不足肆仟元的，按肆仟元收取"],
           ["账户搭建费", "人民币零元", "首月账户诊断及结构搭建不另收费"]]),
]


def build_d82(out: Path):
    _outline_docx(out, _D82, "上海图岚数字营销有限公司　协议编号：TL-AD-2028-0418", "客户（盖章）：＿＿＿＿　服务商（盖章）：＿＿＿＿", table_style="Table Grid")


_D86 = [
    ("h1", "StockPilot Order Form and Subscription Terms"),
    ("p", "Order Form No. SP-SG-28-0931 between StockPilot Technologies Pte. Ltd., 71 Ayer Rajah Crescent, #05-12, Singapore 139951 (\u201cStockPilot\u201d) and the account holder named below (the \u201cAccount Holder\u201d)."),
    ("h2", "Part A: Order Form"),
    ("t", [["Item", "Details"],
           ["Account Holder", "Xiamen Haiyun Apparel Co., Ltd."],
           ["Plan", "Growth Plan: multi-channel order, inventory and warehouse management for Shopee, Lazada and TikTok Shop"],
           ["Subscription Start Date", "01/10/2028 (DD/MM/YYYY)"],
           ["Initial Subscription Term", "Twelve (12) months"],
           ["Subscription Fee", "SGD 480 per month, invoiced annually in advance (SGD 5,760 per year)"],
           ["Implementation Fee", "SGD 1,500, one-time, invoiced with the first annual invoice"],
           ["Order allowance", "20,000 orders per month; SGD 0.05 per order above the allowance, billed monthly in arrears"],
           ["Ads Analytics add-on", "Not ordered (list price SGD 150 per month)"],
           ["Users", "Up to 15 named users"]]),
    ("p", "All amounts in this Order Form are in Singapore dollars and exclude goods and services tax (GST), which StockPilot will add at the prevailing rate, currently 9%."),
    ("h2", "Part B: Subscription Terms"),
    ("h3", "1. Subscription and renewal"),
    ("p", "1.1 The subscription starts on the Subscription Start Date and runs for the Initial Subscription Term."),
    ("p", "1.2 At the end of the Initial Subscription Term and each renewal term, the subscription renews automatically for a further twelve (12) months unless either party gives written notice of non-renewal at least sixty (60) days before the end of the current term."),
    ("p", "1.3 StockPilot may increase the Subscription Fee for a renewal term by giving notice before the non-renewal deadline, but no increase will exceed eight per cent (8%) of the fee for the preceding term."),
    ("p", "1.4 Add-ons ordered during a term are billed monthly and renew each month until switched off in the account settings; they do not change the term of the main subscription."),
    ("h3", "2. Connection to marketplaces"),
    ("p", "2.1 StockPilot connects to the Account Holder\u2019s shops only through the Shopee Open Platform, the Lazada Open Platform and the TikTok Shop Partner API, using apps listed and approved by those platforms. StockPilot never asks for the Account Holder\u2019s seller passwords."),
    ("p", "2.2 The apps request order, product, inventory and logistics permissions only. StockPilot has no access to the Account Holder\u2019s wallet, payouts, bank accounts or refunds."),
    ("h3", "3. Data"),
    ("p", "3.1 All data the Account Holder enters into or imports to the service, including orders, products and stock records, belongs to the Account Holder."),
    ("p", "3.2 The Account Holder may export its data in CSV format from the dashboard at any time during the term and for thirty (30) days after the end of the subscription, after which StockPilot deletes it."),
    ("p", "3.3 StockPilot processes buyer names, addresses and phone numbers only to fulfil orders on the Account Holder\u2019s instructions, under the Data Processing Addendum attached to these terms, in accordance with Singapore\u2019s Personal Data Protection Act 2012."),
    ("h3", "4. Service levels"),
    ("p", "4.1 StockPilot will make the service available at least 99.5% of the time in each calendar month, excluding announced maintenance."),
    ("p", "4.2 If availability in a month falls below 99.5%, the Account Holder receives a service credit of ten per cent (10%) of that month\u2019s Subscription Fee, applied to the next invoice. Service credits are the Account Holder\u2019s sole and exclusive remedy for unavailability and do not give a right to terminate."),
    ("h3", "5. Fees and payment"),
    ("p", "5.1 Invoices are payable within fourteen (14) days. Fees paid are non-refundable except as stated in clause 6.3."),
    ("p", "5.2 The Implementation Fee covers data migration and two onboarding sessions; it is not a deposit and is not refundable."),
    ("h3", "6. Termination"),
    ("p", "6.1 The Account Holder may not terminate the subscription for convenience during a term; it may stop renewal under clause 1.2."),
    ("p", "6.2 Either party may terminate for material breach not remedied within thirty (30) days of written notice."),
    ("p", "6.3 StockPilot may terminate the subscription for any reason on ninety (90) days\u2019 written notice and will then refund the prepaid Subscription Fee for the unused months."),
    ("h3", "7. Changes"),
    ("p", "7.1 StockPilot may change the features of the service and these Subscription Terms from time to time by posting an updated version on its website; continued use after the posting date is acceptance of the change."),
    ("h3", "8. Intellectual property"),
    ("p", "8.1 The software, reports, templates and documentation remain StockPilot\u2019s property. The Account Holder receives a non-exclusive right to use them during the term."),
    ("h3", "9. Law"),
    ("p", "9.1 These terms are governed by the laws of Singapore, and the courts of Singapore have exclusive jurisdiction."),
    ("t", [["For StockPilot Technologies Pte. Ltd.", "For the Account Holder"],
           ["Name: Marcus Tan, Head of Sales", "Name: Lin Yuqing, General Manager"],
           ["Date: 18/09/2028", "Date: 18/09/2028"]]),
]


def build_d86(out: Path):
    _outline_docx(out, _D86, "StockPilot Technologies Pte. Ltd. \u00b7 Order Form SP-SG-28-0931", "Page 1 \u00b7 Confidential", table_style="Table Grid")


def main() -> int:
    build_d05(HERE / "d05-zh-tiktok-ads-tracked.docx")
    build_d06(HERE / "d06-bilingual-listing-studio.docx")
    build_d47(HERE / "d47-zh-listing-design-project.docx")
    build_d57(HERE / "d57-zh-paishe-gongzuoshi.docx")
    build_d69(HERE / "d69-en-amazon-eu-kestrel-fair.docx")
    build_d75(HERE / "d75-zh-temu-baodi-baozhengjin.docx")
    build_d82(HERE / "d82-zh-kehu-fuwushang-ads-fair.docx")
    build_d86(HERE / "d86-en-saas-erp-order-form-sgd.docx")
    for src in sorted(HERE.glob("*.src.html")):
        print_pdf(src, HERE / (src.name[: -len(".src.html")] + ".pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
