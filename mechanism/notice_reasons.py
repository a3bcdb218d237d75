"""Why a notice was issued, in both languages, from the facts frozen with it.

A notice keeps its facts as they were when it was issued (due date, working days late,
progress, the service level's stage …); the pages and the command line say why from those, in
their reader's language. The English of a task's or a request's reason is the one the ladder
wrote into the facts at the time.
"""

from collections.abc import Mapping
from typing import Any

from mechanism.factor_requests import RequestStage
from mechanism.wording import Said

TASK_KINDS = frozenset({"reminder", "urging_slip", "coordination", "supervision"})


def why(kind: str, facts: Mapping[str, Any]) -> Said:
    """The reason for a notice of ``kind`` with these ``facts`` (empty when they say none)."""
    if kind in TASK_KINDS:
        return _task(facts)
    if kind == "factor_request":
        return _request(facts)
    if kind == "assignment":
        due, days = facts.get("due_date", ""), facts.get("working_days", 0)
        return Said(
            f"assigned, due {due} ({days} working day(s))",
            f"交办，完成时限 {due}（{days} 个工作日）",
        )
    if kind == "handover":
        return _handover(facts)
    if kind == "project_stale":
        missing = facts.get("months_missing", 0)
        return Said(f"{missing} monthly report(s) missing", f"已 {missing} 个月未报送月度进展")
    if kind == "monthly_rollup":
        month, rank = facts.get("month", ""), (facts.get("figures") or {}).get("rank")
        return Said(
            f"{month} bulletin" + (f", ranked {rank}" if rank else ""),
            f"{month} 月度通报" + (f"，排名第 {rank}" if rank else ""),
        )
    stored = str(facts.get("reason") or "")
    return Said(stored, stored)


def _task(facts: Mapping[str, Any]) -> Said:
    due, progress = facts.get("due_date", ""), facts.get("progress", 0)
    overdue, left = facts.get("working_days_overdue", 0), facts.get("working_days_left", 0)
    if overdue:
        return Said(
            f"overdue since {due} ({overdue} working day(s)), progress {progress}%",
            f"自 {due} 起逾期 {overdue} 个工作日，进度 {progress}%",
        )
    return Said(
        f"due {due}, {left} working day(s) left, progress {progress}%",
        f"完成时限 {due}，还剩 {left} 个工作日，进度 {progress}%"
        if left
        else f"今日到期（{due}），进度 {progress}%",
    )


def _handover(facts: Mapping[str, Any]) -> Said:
    event, to = facts.get("event"), facts.get("proposed_due", "")
    if event == "extension_requested":
        return Said(f"extension to {to} requested", f"申请延期至 {to}，待审批")
    if event == "extension_decided":
        if facts.get("decision") == "approved":
            return Said(f"extension to {to} approved", f"延期至 {to} 已同意")
        return Said(f"extension to {to} not approved", f"延期至 {to} 未同意")
    if event == "submitted":
        return Said("submitted for sign-off", "已报结，待销号")
    if event == "returned":
        reason = facts.get("reason", "")
        return Said(f"returned: {reason}", f"已退回：{reason}")
    if event == "signed_off":
        return Said("signed off", "已销号")
    stored = str(facts.get("reason") or "")
    return Said(stored, stored)


def _request(facts: Mapping[str, Any]) -> Said:
    code = facts.get("stage")
    if code not in {stage.value for stage in RequestStage}:
        stored = str(facts.get("reason") or "")
        return Said(stored, stored)
    stage, due = RequestStage(code), facts.get("stage_due", "")
    overdue, left = facts.get("working_days_overdue", 0), facts.get("working_days_left", 0)
    if overdue:
        return Said(
            f"{stage.noun} overdue since {due} ({overdue} working day(s))",
            f"{stage.noun_zh}时限 {due} 已过，超出 {overdue} 个工作日",
        )
    return Said(
        f"{stage.noun} due {due}, {left} working day(s) left",
        f"{stage.noun_zh}时限 {due}，还剩 {left} 个工作日"
        if left
        else f"{stage.noun_zh}今日到期（{due}）",
    )
