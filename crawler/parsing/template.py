"""The official report templates as data: stable keys for every row and column of tables 2, 3 and 4.

Sources: 国办公开办函〔2019〕60号 (the 2019 template) and 国办公开办函〔2021〕30号 (the 2021 template).
A parsed table cell is addressed as ``"<table>.<row>.<column>"`` (e.g. ``"t3.granted.total"``); the
parser puts every cell it reads into the record's ``cells`` mapping under that key. The warehouse builds
its outcome, applicant-type and metric dimensions from the same definitions, so the two never drift.

Labels are the template's own wording; parsers match them fuzzily (see ``crawler.parsing.tables``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str | None = None  # the group row a sub-row adds up into
    templates: tuple[str, ...] = ("2019", "2021")


# ---------------------------------------------------------------- table 3: applications
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_KEYS: tuple[str, ...] = tuple(key for key, _ in APPLICANT_COLUMNS)

T3_ROWS: tuple[Row, ...] = (
    Row("new", "本年新收政府信息公开申请数量"),
    Row("carried_over", "上年结转政府信息公开申请数量"),
    Row("granted", "予以公开"),
    Row("partial", "部分公开"),
    Row("denied_state_secret", "属于国家秘密", "denied"),
    Row("denied_law", "其他法律行政法规禁止公开", "denied"),
    Row("denied_security", "危及“三安全一稳定”", "denied"),
    Row("denied_third_party", "保护第三方合法权益", "denied"),
    Row("denied_internal", "属于三类内部事务信息", "denied"),
    Row("denied_process", "属于四类过程性信息", "denied"),
    Row("denied_enforcement", "属于行政执法案卷", "denied"),
    Row("denied_query", "属于行政查询事项", "denied"),
    Row("unable_no_info", "本机关不掌握相关政府信息", "unable"),
    Row("unable_need_create", "没有现成信息需要另行制作", "unable"),
    Row("unable_unclear", "补正后申请内容仍不明确", "unable"),
    Row("not_processed_petition", "信访举报投诉类申请", "not_processed"),
    Row("not_processed_repeat", "重复申请", "not_processed"),
    Row("not_processed_publication", "要求提供公开出版物", "not_processed"),
    Row("not_processed_massive", "无正当理由大量反复申请", "not_processed"),
    Row("not_processed_confirm", "要求行政机关确认或重新出具已获取信息", "not_processed"),
    # 2019 has （六）其他处理 as one row; 2021 splits it into three sub-rows. Some 2021-era reports
    # still print the single row; it is then read as ``other`` and no sub-rows are invented.
    Row("other", "其他处理", None, ("2019", "2021")),
    Row("other_overdue_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other", ("2021",)),
    Row("other_overdue_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other", ("2021",)),
    Row("other_other", "其他", "other", ("2021",)),
    Row("outcomes_total", "总计"),
    Row("carried_forward", "结转下年度继续办理"),
)  # fmt: skip

# Group rows: stated in the source as their own line (（三）不予公开 …) or derived from sub-rows.
T3_GROUPS: dict[str, str] = {
    "denied": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
# The six outcome groups that add up to （七）总计, in template order.
T3_OUTCOME_GROUPS: tuple[str, ...] = ("granted", "partial", "denied", "unable", "not_processed", "other")

# ---------------------------------------------------------------- table 4: review and litigation
T4_BLOCKS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
T4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

# ---------------------------------------------------------------- table 2: proactive disclosure
# (row key, label, columns as (column key, label)), per template.
T2_2019: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("regulations", "规章", (("made", "本年新制作数量"), ("published", "本年新公开数量"),
                             ("in_force", "对外公开总数量"))),
    ("normative_documents", "规范性文件", (("made", "本年新制作数量"), ("published", "本年新公开数量"),
                                      ("in_force", "对外公开总数量"))),
    ("licensing", "行政许可", (("previous", "上一年项目数量"), ("change", "本年增/减"),
                              ("decisions", "处理决定数量"))),
    ("other_services", "其他对外管理服务事项", (("previous", "上一年项目数量"), ("change", "本年增/减"),
                                          ("decisions", "处理决定数量"))),
    ("penalties", "行政处罚", (("previous", "上一年项目数量"), ("change", "本年增/减"),
                              ("decisions", "处理决定数量"))),
    ("enforcement", "行政强制", (("previous", "上一年项目数量"), ("change", "本年增/减"),
                                ("decisions", "处理决定数量"))),
    ("fees", "行政事业性收费", (("previous", "上一年项目数量"), ("change", "本年增/减"))),
    ("procurement", "政府集中采购", (("items", "采购项目数量"), ("amount_yuan", "采购总金额"))),
)  # fmt: skip
T2_2021: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("regulations", "规章", (("issued", "本年制发件数"), ("repealed", "本年废止件数"),
                             ("in_force", "现行有效件数"))),
    ("normative_documents", "行政规范性文件", (("issued", "本年制发件数"), ("repealed", "本年废止件数"),
                                          ("in_force", "现行有效件数"))),
    ("licensing", "行政许可", (("decisions", "本年处理决定数量"),)),
    ("penalties", "行政处罚", (("decisions", "本年处理决定数量"),)),
    ("enforcement", "行政强制", (("decisions", "本年处理决定数量"),)),
    ("fees", "行政事业性收费", (("amount_yuan", "本年收费金额（单位：万元）"),)),
)  # fmt: skip

# ---------------------------------------------------------------- summary keys (the parse contract)
# Summary key -> the cell it equals (or the group total it equals). ``nianbao parse`` output and the
# warehouse agree on these; prose-era reports state some of them directly in sentences.
SUMMARY_FROM_CELLS: dict[str, str] = {
    "applications_new": "t3.new.total",
    "applications_carried_over": "t3.carried_over.total",
    "outcome_granted": "t3.granted.total",
    "outcome_partial": "t3.partial.total",
    "outcome_denied_total": "t3.denied.total",
    "outcome_unable_total": "t3.unable.total",
    "outcome_not_processed_total": "t3.not_processed.total",
    "outcome_other_total": "t3.other.total",
    "outcomes_total": "t3.outcomes_total.total",
    "carried_forward": "t3.carried_forward.total",
    "reconsideration_total": "t4.reconsideration.total",
}
SUMMARY_KEYS: tuple[str, ...] = (
    "proactive_total",
    "applications_new",
    "applications_carried_over",
    "outcome_granted",
    "outcome_partial",
    "outcome_denied_total",
    "outcome_unable_total",
    "outcome_not_processed_total",
    "outcome_other_total",
    "outcomes_total",
    "carried_forward",
    "reconsideration_total",
    "litigation_total",
    "consultations",
    "fees_collected_yuan",
)


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


class Era(StrEnum):
    """The template a report follows: figures in sentences before 2019, then the 2019 and 2021 tables.
    Members equal their bare strings ("prose", "2019", "2021"), which records and rows carry."""

    PROSE = "prose"
    T2019 = "2019"
    T2021 = "2021"
