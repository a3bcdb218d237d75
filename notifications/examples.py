"""A complete, realistic context for every notice kind: the facts each kind's templates need.

This is the contract between the producers of notices (the sweep, the project and request
checks, the rollup) and the templates: tests render every kind in both languages from these,
and the benchmark cycles through them. It is data, not rendering, so it lives apart from
``notifications.render``.
"""

from typing import Any

from markupsafe import Markup

_TASK: dict[str, Any] = {
    "task_id": 42,
    "title": "推动轴承产业园二期标准厂房建设",
    "chain_code": "bearing",
    "chain_name": "轴承产业链",
    "owner_name": "张伟",
    "owner_email": "zhangwei@example.gov.cn",
    "department_name": "市自然资源和规划局",
    "start_date": "2026-09-01",
    "due_date": "2026-10-20",
    "original_due_date": "2026-10-20",
    "progress": 60,
    "light": "red",
    "working_days_left": 0,
    "working_days_overdue": 0,
    "ack_url": "https://chainops.example.gov.cn/ack/42.20261103.AAAAAAAAAAAAAAAAAAAAAAAA",
    "ack_expires": "2026-11-03",
    "office_name": "市链长制办公室",
    "feedback_url": "https://chainops.example.gov.cn/feedback?notice=42",
}


def _task(kind: str, level: int, number: str | None, **changes: Any) -> dict[str, Any]:
    return {**_TASK, "kind": kind, "level": level, "number": number, **changes}


# fmt: off
EXAMPLE_CONTEXTS: dict[str, dict[str, Any]] = {
    # The four ladder kinds take the sweep's frozen facts (services.tasks.sweep._facts) plus
    # ``number`` (None for a reminder), ``recipient_name`` (None: greet by role),
    # ``recipient_role`` (a mechanism.ladder.RecipientRole value), ``ack_url``, ``ack_expires``,
    # ``office_name`` and ``feedback_url`` (every notice's footer: where to send feedback or a
    # complaint about it, notifications.links.feedback_url). ``owner_name`` may be None (shown
    # as a dash).
    "reminder": _task(
        "reminder", 0, None, light="yellow", working_days_left=3, issued_on="2026-10-15",
        reason="due 2026-10-20, 3 working day(s) left, progress 60%",
        recipient_name="张伟", recipient_role="owner",
    ),
    "urging_slip": _task(
        "urging_slip", 1, "聊链轴承催〔2026〕7号", issued_on="2026-10-20",
        reason="due 2026-10-20, 0 working day(s) left, progress 60%",
        recipient_name="市自然资源和规划局", recipient_role="lead_department",
    ),
    "coordination": _task(
        "coordination", 2, "聊链轴承协〔2026〕3号", issued_on="2026-10-28",
        due_date="2026-10-23",  # an approved extension; the original date is kept
        working_days_overdue=3,
        reason="overdue since 2026-10-23 (3 working day(s)), progress 60%",
        recipient_name="轴承产业链工作专班", recipient_role="working_group",
    ),
    # A supervision notice also takes the day its written feedback is due (feedback_due:
    # the ladder's feedback_days working days after issued_on); older notices lack it.
    "supervision": _task(
        "supervision", 3, "聊链轴承督〔2026〕12号", issued_on="2026-10-30",
        owner_name=None, working_days_overdue=8, feedback_due="2026-11-04",
        reason="overdue since 2026-10-20 (8 working day(s)), progress 60%",
        recipient_name="李明", recipient_role="chain_leader",
    ),
    # The assignment notice (交办单) takes services.tasks.handover.task_facts plus the
    # requirements (None: the standing requirement), the co-departments' names, the working
    # days from start to due and who assigned it; numbered like the formal slips.
    "assignment": _task(
        "assignment", -1, "聊链轴承交〔2026〕5号", issued_on="2026-09-01", light="green",
        progress=0, working_days_left=34, working_days=34,
        requirements="完成二期标准厂房主体结构施工；每月5日前报送进度和照片。",
        co_department_names=["市发展和改革委员会", "市住房和城乡建设局"],
        assigned_by="王芳", recipient_name="张伟", recipient_role="owner",
    ),
    # A hand-over notice (流转通知): ``event`` is extension_requested, extension_decided,
    # submitted, returned or signed_off; ``by`` who moved the task; the event's own details
    # (``proposed_due``, ``reason``, ``decision``, ``note``) where it has them.
    "handover": _task(
        "handover", -1, None, issued_on="2026-10-16", light="yellow", working_days_left=2,
        event="extension_requested", by="张伟", proposed_due="2026-11-20",
        reason="用地审批尚未完成", decision=None, note=None,
        recipient_name=None, recipient_role="office",
    ),
    # A factor-supply request (要素保障诉求) at one of its service levels: ``stage`` is
    # "acknowledge", "plan" or "close", ``stage_due`` that level's deadline; ``factor_type`` is
    # a mechanism.vocabulary.FactorType code (labelled in the notice's language).
    "factor_request": {
        "code": "YS-2026-0031",
        "chain_name": "轴承产业链",
        "enterprise_name": "聊城市东昌轴承有限公司",
        "factor_type": "land",
        "quantity": 120,
        "unit": "亩",
        "needed_by": "2026-12-31",
        "department_name": "市自然资源和规划局",
        "stage": "plan",
        "stage_due": "2026-10-22",
        "working_days_overdue": 2,
        "description": "二期扩产项目需新增工业用地120亩，请协调用地指标。",
        "number": None,
        "issued_on": "2026-10-26",
        "ack_url": "https://chainops.example.gov.cn/ack/77.20261109.AAAAAAAAAAAAAAAAAAAAAAAA",
        "ack_expires": "2026-11-09",
        "recipient_name": "市自然资源和规划局",
        "office_name": "市链长制办公室",
        "feedback_url": "https://chainops.example.gov.cn/feedback?notice=77",
    },
    # A key project (重点项目) whose monthly report is missing; ``last_report_month`` is
    # "YYYY-MM" or None when it never reported.
    "project_stale": {
        "code": "XM-2026-015",
        "name": "年产500万套新能源汽车轴承项目",
        "chain_name": "轴承产业链",
        "enterprise_name": "聊城市东昌轴承有限公司",
        "department_name": "临清市发展和改革局",
        "last_report_month": "2026-08",
        "months_missing": 2,
        "issued_on": "2026-10-26",
        "ack_url": "https://chainops.example.gov.cn/ack/91.20261109.AAAAAAAAAAAAAAAAAAAAAAAA",
        "ack_expires": "2026-11-09",
        "recipient_name": "王芳",
        "office_name": "市链长制办公室",
        "feedback_url": "https://chainops.example.gov.cn/feedback?notice=91",
    },
    # The frozen monthly rollup of one chain or the whole city. ``figures`` is shown in its
    # order; known keys are labelled (see notifications.filters.LABELS["figure"]), ``*_rate``
    # values are fractions.
    "monthly_rollup": {
        "month": "2026-10",
        "scope_name": "轴承产业链",
        "figures": {
            "tasks_total": 48,
            "tasks_done": 31,
            "on_time_rate": 0.875,
            "tasks_overdue": 5,
            "red": 5,
            "yellow": 7,
            "green": 36,
            "projects_total": 12,
            "projects_behind_timing": 2,
            "requests_total": 9,
            "requests_in_time_rate": 0.889,
        },
        "highlights": [
            "轴承产业园二期标准厂房主体封顶。",
            "2个重点项目滞后序时进度，已发协调通知。",
        ],
        "recipient_name": "李明",
        "office_name": "市链长制办公室",
        "report_url": "https://chainops.example.gov.cn/rollups/2026-10/bearing",
        "feedback_url": "https://chainops.example.gov.cn/feedback?notice=105",
    },
    # A digest: already rendered notices, most serious first (build it with render_digest).
    "digest": {
        "recipient_name": "张伟",
        "office_name": "市链长制办公室",
        "feedback_url": "https://chainops.example.gov.cn/feedback",
        "items": [
            {
                "kind": "supervision",
                "kind_label": "督办通知单",
                "subject": "【督办通知单】聊链轴承督〔2026〕12号 推动轴承产业园二期标准厂房建设",
                "text": "督办通知单\n聊链轴承督〔2026〕12号\n",
                "html": Markup("<div><h2>督办通知单</h2><p>聊链轴承督〔2026〕12号</p></div>"),
            },
            {
                "kind": "reminder",
                "kind_label": "提醒函",
                "subject": "【提醒】推动轴承产业园二期标准厂房建设 将于2026年10月20日到期",
                "text": "提醒函\n",
                "html": Markup("<div><h2>提醒函</h2></div>"),
            },
        ],
        "count": 2,
    },
}
"""A complete context for every kind: the keys each kind's templates need, with realistic
values. Tests render every kind with these; producers of notices take them as the contract."""
# fmt: on
