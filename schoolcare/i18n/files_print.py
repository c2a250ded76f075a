"""Words printed on exported ledgers and reports: titles, the title block, the signature block, page numbers."""
from __future__ import annotations

STRINGS = {
    # The title block (services/print_layout.py).
    "print.title_with_sheet": ("{title}（{sheet}）", "{title}: {sheet}"),
    "print.unit": ("填报单位：{unit}", "Unit: {unit}"),
    "print.made_on": ("制表日期：{day}", "Made on: {day}"),
    "print.period.term": ("学期：{term}", "Term: {term}"),
    "print.period.quarter": ("季度：{year}年第{number}季度", "Quarter: Q{number} {year}"),
    "print.period.as_of": ("截至：{day}", "As of: {day}"),
    "print.period.span": ("期间：{start} 至 {end}", "Period: {start} to {end}"),
    "print.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    # The signature block below every table: the county stamps a ledger signed by these.
    "print.sign.filled_by": ("填表人：", "Prepared by:"),
    "print.sign.checked_by": ("审核人：", "Checked by:"),
    "print.sign.head": ("负责人：", "Head of unit:"),
    "print.sign.seal": ("单位（盖章）：", "Unit seal:"),
    # Each exported workbook's name, printed on top of its sheets.
    "print.title.ledger": ("留守儿童和困境儿童关爱台账", "Care ledger of left-behind and in-difficulty pupils"),
    "print.title.term_report": ("留守儿童关爱工作学期报告", "Term report on the care of left-behind pupils"),
    "print.title.quarterly": ("农村留守儿童信息季度更新台账", "Quarterly update of the left-behind children ledger"),
    "print.title.readiness": ("留守儿童关爱服务中心达标台账", "Care centre readiness ledger"),
    "print.title.hazards": ("关爱服务中心安全隐患整改台账", "Care centre safety hazard ledger"),
    "print.title.incidents": ("侵害未成年人事件及强制报告台账", "Incidents and mandatory reports ledger"),
}
