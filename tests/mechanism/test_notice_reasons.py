"""Why a notice was issued, said in both languages from its frozen facts."""

from mechanism.notice_reasons import why
from mechanism.wording import zh


def test_a_task_notice_says_how_late_and_how_far_along() -> None:
    late = {"due_date": "2026-09-30", "progress": 70, "working_days_overdue": 20}
    soon = {"due_date": "2026-11-13", "progress": 70, "working_days_left": 3}
    today = {"due_date": "2026-11-13", "progress": 55, "working_days_left": 0}

    # the English is what the ladder wrote into the facts when it issued the notice
    assert why("supervision", late) == "overdue since 2026-09-30 (20 working day(s)), progress 70%"
    assert zh(why("supervision", late)) == "自 2026-09-30 起逾期 20 个工作日，进度 70%"
    assert why("reminder", soon) == "due 2026-11-13, 3 working day(s) left, progress 70%"
    assert zh(why("reminder", soon)) == "完成时限 2026-11-13，还剩 3 个工作日，进度 70%"
    assert zh(why("reminder", today)) == "今日到期（2026-11-13），进度 55%"


def test_a_request_notice_names_the_service_level_it_is_about() -> None:
    late = {"stage": "acknowledge", "stage_due": "2026-11-03", "working_days_overdue": 2}
    today = {"stage": "plan", "stage_due": "2026-11-09", "working_days_left": 0}

    assert (
        why("factor_request", late) == "acknowledgement overdue since 2026-11-03 (2 working day(s))"
    )
    assert zh(why("factor_request", late)) == "受理时限 2026-11-03 已过，超出 2 个工作日"
    assert zh(why("factor_request", today)) == "出具方案今日到期（2026-11-09）"


def test_project_and_bulletin_notices_and_unknown_kinds() -> None:
    assert zh(why("project_stale", {"months_missing": 2})) == "已 2 个月未报送月度进展"
    rollup = {"month": "2026-11", "figures": {"rank": 3}}
    assert why("monthly_rollup", rollup) == "2026-11 bulletin, ranked 3"
    assert zh(why("monthly_rollup", rollup)) == "2026-11 月度通报，排名第 3"
    assert why("something_new", {"reason": "as stored"}) == "as stored"
    assert why("something_new", {}) == ""
