"""The enterprise half's two sheets, as the format declares them: an enterprise's titles
(企业称号, ``designations``) and the cultivation library (梯度培育库, ``cultivation_library``).
Natural keys: a title is credit code + kind + chain (chain-scoped kinds only) + recognition
date; a candidacy is credit code + target kind + entry date. How their rows are written and
read back is ``services.workbook.title_rows``."""

from mechanism.designations import DesignationStatus, ExitReason
from models import Chain, CultivationCandidate, Designation, Person
from services.workbook.columns import Column, Sheet, credit_code_column

_KIND_DOC = (
    "A kind's code (little_giant, zjtx_provincial, chain_master, …) or its name in either "
    "language, as in designations.yaml"
)


def _date(key: str, zh_label: str, en: str, doc: str = "") -> Column:
    return Column(key, zh_label, en, "date", False, doc, stored=(Designation, key))


DESIGNATIONS = Sheet(
    "designations",
    "企业称号",
    "Designations",
    (
        credit_code_column(),
        Column("kind", "称号类型", "Kind", "text", True, _KIND_DOC, stored=(Designation, "kind")),
        Column(
            "chain",
            "产业链编码",
            "Chain code",
            "text",
            False,
            "Only for a chain's chain master (链主) or pilot (领航型)",
            stored=(Chain, "code"),
        ),
        Column("batch", "批次", "Batch", "text", stored=(Designation, "batch")),
        Column("doc_no", "文号", "Document number", "text", stored=(Designation, "doc_no")),
        _date("recognized_on", "认定日期", "Recognised", "Required unless a candidate"),
        _date("valid_until", "有效期至", "Valid until", "Blank: the kind's validity"),
        _date("review_due", "复核时限", "Review due", "Blank: the end of validity"),
        _date("data_update_due", "年度数据更新时限", "Data update due", "Blank: the kind's day"),
        Column(
            "status",
            "状态",
            "Status",
            DesignationStatus,
            False,
            "Blank: recognised when a date is given, else candidate; a change must be a move "
            "the status allows",
            stored=(Designation, "status"),
        ),
        Column(
            "note",
            "备注",
            "Note",
            "text",
            False,
            "Why, for a revoked title",
            stored=(Designation, "note"),
        ),
        Column(
            "approved_by",
            "审定人邮箱",
            "Approved by",
            "email",
            False,
            "A chain master's or pilot's approving chain leader",
            stored=(Person, "email"),
        ),
        Column(
            "approved_on", "审定日期", "Approved on", "date", stored=(Designation, "approved_on")
        ),
    ),
    ("credit_code", "kind", "chain", "recognized_on"),
    "An enterprise's titles (企业称号): the 专精特新 tiers, single champions, gazelles, a chain's "
    "chain masters and pilots, with their dates and status.",
)

CULTIVATION_LIBRARY = Sheet(
    "cultivation_library",
    "梯度培育库",
    "Cultivation library",
    (
        credit_code_column(),
        Column(
            "target_kind",
            "培育目标",
            "Target tier",
            "text",
            True,
            _KIND_DOC,
            stored=(CultivationCandidate, "target_kind"),
        ),
        Column(
            "entered_on",
            "入库日期",
            "Entered",
            "date",
            True,
            stored=(CultivationCandidate, "entered_on"),
        ),
        Column(
            "cycle_months",
            "培育周期（月）",
            "Cycle (months)",
            "int",
            False,
            "Blank: the kind's cultivation cycle",
            stored=(CultivationCandidate, "cycle_months"),
        ),
        Column("left_on", "出库日期", "Left", "date", stored=(CultivationCandidate, "left_on")),
        Column(
            "exit_reason",
            "出库原因",
            "Exit reason",
            ExitReason,
            False,
            "With the day it left; promoted only with the title recognised that day",
            stored=(CultivationCandidate, "exit_reason"),
        ),
        Column(
            "exit_note", "出库说明", "Exit note", "text", stored=(CultivationCandidate, "exit_note")
        ),
    ),
    ("credit_code", "target_kind", "entered_on"),
    "The cultivation library (梯度培育库): candidates for each next tier, entered, cycle, exit.",
)
