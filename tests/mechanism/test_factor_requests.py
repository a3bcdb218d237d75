"""Factor requests as pure rules: the lifecycle table, service levels, the light and the ladder."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.factor_requests import (
    DEFAULT_REQUEST_LADDER,
    FactorRules,
    RequestClock,
    RequestRung,
    RequestStage,
    ServiceLevels,
    decide_request,
    explain,
    next_request_code,
    request_light,
    stage_deadline,
    stage_of,
)
from mechanism.ladder import RecipientRole
from mechanism.request_lifecycle import (
    REQUEST_MOVES,
    IllegalRequestMove,
    RequestAction,
    RequestRole,
    check_request_move,
)
from mechanism.vocabulary import FactorType, Light, RequestState

CALENDAR = WorkingCalendar()
S = RequestState
A = RequestAction
HANDLER = frozenset({RequestRole.LEAD_DEPARTMENT})
OFFICE = frozenset({RequestRole.OFFICE})
REQUESTER = frozenset({RequestRole.REQUESTER})
LEVELS = ServiceLevels(acknowledge=1, plan=3, close=10)
RULES = FactorRules(
    routing={factor: "ZRJ" for factor in FactorType},
    levels={factor: LEVELS for factor in FactorType},
)
INPUTS = {"reply": "方案", "reason": "理由", "satisfaction": 4}

# Every legal move: (action, from, roles) → to. Anything else is refused.
LEGAL = {
    (A.ACCEPT, S.SUBMITTED): S.ACCEPTED,
    (A.START, S.ACCEPTED): S.IN_PROGRESS,
    (A.START, S.REOPENED): S.IN_PROGRESS,
    (A.RESOLVE, S.ACCEPTED): S.RESOLVED,
    (A.RESOLVE, S.IN_PROGRESS): S.RESOLVED,
    (A.RESOLVE, S.REOPENED): S.RESOLVED,
    (A.REJECT, S.SUBMITTED): S.REJECTED,
    (A.REJECT, S.ACCEPTED): S.REJECTED,
    (A.REJECT, S.IN_PROGRESS): S.REJECTED,
    (A.REJECT, S.REOPENED): S.REJECTED,
    (A.CONFIRM, S.RESOLVED): S.CONFIRMED,
    (A.CONFIRM, S.REJECTED): S.CONFIRMED,
    (A.REOPEN, S.RESOLVED): S.REOPENED,
    (A.REOPEN, S.REJECTED): S.REOPENED,
}
WHO = {
    A.ACCEPT: HANDLER,
    A.START: HANDLER,
    A.RESOLVE: OFFICE,
    A.REJECT: HANDLER,
    A.CONFIRM: REQUESTER,
    A.REOPEN: REQUESTER,
}


@pytest.mark.parametrize("action", list(RequestAction))
@pytest.mark.parametrize("state", list(RequestState))
def test_the_table_allows_exactly_the_moves_of_the_lifecycle(
    action: RequestAction, state: RequestState
) -> None:
    expected = LEGAL.get((action, state))
    if expected is None:
        with pytest.raises(IllegalRequestMove, match=f"cannot {action.value} a factor request"):
            check_request_move(action, state, WHO[action], **INPUTS)  # type: ignore[arg-type]
    else:
        assert check_request_move(action, state, WHO[action], **INPUTS) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "state", "roles", "who"),
    [
        (A.ACCEPT, S.SUBMITTED, REQUESTER, "the handling department or the office"),
        (A.RESOLVE, S.IN_PROGRESS, REQUESTER, "the handling department or the office"),
        (A.REJECT, S.SUBMITTED, frozenset(), "the handling department or the office"),
        (A.CONFIRM, S.RESOLVED, HANDLER | OFFICE, "the requester"),
        (A.REOPEN, S.REJECTED, OFFICE, "the requester"),
    ],
)
def test_each_move_belongs_to_its_side(
    action: RequestAction, state: RequestState, roles: frozenset[RequestRole], who: str
) -> None:
    with pytest.raises(IllegalRequestMove, match=f"only {who} may {action.value} this request"):
        check_request_move(action, state, roles, **INPUTS)  # type: ignore[arg-type]


def test_the_office_may_act_for_the_handling_department() -> None:
    assert check_request_move(A.ACCEPT, S.SUBMITTED, OFFICE) == S.ACCEPTED


def test_an_illegal_move_says_where_it_is_allowed_from() -> None:
    with pytest.raises(IllegalRequestMove, match=r"that is submitted \(已提交\).*已受理、办理中"):
        check_request_move(A.RESOLVE, S.SUBMITTED, HANDLER, reply="done")


@pytest.mark.parametrize(
    ("action", "state", "roles", "inputs", "message"),
    [
        (A.START, S.ACCEPTED, HANDLER, {}, r"start: give the plan$"),
        (A.RESOLVE, S.IN_PROGRESS, HANDLER, {"reply": "  "}, r"resolve: give a reply"),
        (A.REJECT, S.SUBMITTED, HANDLER, {}, r"reject: give a reason$"),
        (A.REOPEN, S.RESOLVED, REQUESTER, {"reason": ""}, r"reopen: give a reason"),
        (A.CONFIRM, S.RESOLVED, REQUESTER, {}, r"confirm: give the satisfaction, 1 .* to 5"),
        (A.CONFIRM, S.RESOLVED, REQUESTER, {"satisfaction": 0}, "must be 1 to 5, not 0"),
        (A.CONFIRM, S.RESOLVED, REQUESTER, {"satisfaction": 6}, "must be 1 to 5, not 6"),
        (A.REOPEN, S.RESOLVED, REQUESTER, {"reason": "没解决", "satisfaction": 9}, "not 9"),
    ],
)
def test_a_move_without_what_it_needs_is_refused(
    action: RequestAction,
    state: RequestState,
    roles: frozenset[RequestRole],
    inputs: dict[str, object],
    message: str,
) -> None:
    with pytest.raises(IllegalRequestMove, match=message):
        check_request_move(action, state, roles, **inputs)  # type: ignore[arg-type]


def test_every_open_state_has_a_stage_and_every_answered_one_none() -> None:
    assert [stage_of(s) for s in RequestState] == [
        RequestStage.ACKNOWLEDGE, RequestStage.PLAN, RequestStage.CLOSE, None, None, None,
        RequestStage.CLOSE,
    ]  # fmt: skip
    assert all(move.roles for move in REQUEST_MOVES.values())


@pytest.mark.parametrize(
    ("state", "accepted_on", "reopened_on", "due"),
    [
        # Submitted on the eve of National Day: 10-01…10-07 are holidays.
        (S.SUBMITTED, None, None, date(2026, 10, 8)),
        # Plan counts from acceptance: 3 working days after 10-09 (10-10 is a make-up Saturday).
        (S.ACCEPTED, date(2026, 10, 9), None, date(2026, 10, 13)),
        (S.ACCEPTED, None, None, date(2026, 10, 10)),  # imported as accepted: from submission
        # Close counts from submission: 10 working days after 09-30.
        (S.IN_PROGRESS, date(2026, 10, 9), None, date(2026, 10, 20)),
        (S.REOPENED, date(2026, 10, 9), date(2026, 11, 2), date(2026, 11, 16)),
        (S.IN_PROGRESS, date(2026, 10, 9), date(2026, 11, 2), date(2026, 11, 16)),
        (S.RESOLVED, date(2026, 10, 9), None, None),
        (S.CONFIRMED, date(2026, 10, 9), None, None),
    ],
)
def test_stage_deadlines_count_working_days_from_their_start(
    state: RequestState, accepted_on: date | None, reopened_on: date | None, due: date | None
) -> None:
    assert (
        stage_deadline(
            state,
            submitted_on=date(2026, 9, 30),
            accepted_on=accepted_on,
            reopened_on=reopened_on,
            levels=LEVELS,
            calendar=CALENDAR,
        )
        == due
    )


@pytest.mark.parametrize(
    ("today", "blocking", "light", "reasons"),
    [
        (date(2026, 10, 9), False, Light.GREEN, ("within_level",)),  # 2 working days before
        (date(2026, 10, 10), False, Light.YELLOW, ("due_soon",)),  # make-up Saturday, 1 left
        (date(2026, 10, 11), False, Light.YELLOW, ("due_soon",)),  # Sunday, 1 left
        (date(2026, 10, 12), False, Light.YELLOW, ("due_soon",)),  # the deadline itself
        (date(2026, 10, 13), False, Light.RED, ("overdue",)),
        (date(2026, 10, 9), True, Light.YELLOW, ("within_level", "blocks_work")),
        (date(2026, 10, 13), True, Light.RED, ("overdue", "blocks_work")),
    ],
)
def test_the_light_turns_yellow_a_working_day_before_and_red_after_the_deadline(
    today: date, blocking: bool, light: Light, reasons: tuple[str, ...]
) -> None:
    due = date(2026, 10, 12)
    assert request_light(S.ACCEPTED, due, today=today, calendar=CALENDAR, blocking=blocking) == (
        light,
        reasons,
    )


def test_answered_requests_are_green_and_say_who_they_wait_on() -> None:
    day = date(2026, 10, 12)
    assert request_light(S.RESOLVED, None, today=day, calendar=CALENDAR) == (
        Light.GREEN,
        ("awaiting_requester",),
    )
    assert request_light(S.CONFIRMED, None, today=day, calendar=CALENDAR) == (
        Light.GREEN,
        ("closed",),
    )
    with pytest.raises(ValueError, match="needs its stage deadline"):
        request_light(S.SUBMITTED, None, today=day, calendar=CALENDAR)


def test_the_reason_is_said_in_words() -> None:
    words = explain(
        ("overdue", "blocks_work"),
        stage=RequestStage.PLAN,
        stage_due=date(2026, 9, 30),
        today=date(2026, 10, 9),
        calendar=CALENDAR,
        blocks=("task 12", "project LC2026-BEARING-01"),
    )
    assert words == (
        "plan overdue since 2026-09-30 (2 working day(s)); "
        "blocks task 12, project LC2026-BEARING-01"
    )
    due_today = explain(
        ("due_soon",),
        stage=RequestStage.ACKNOWLEDGE,
        stage_due=date(2026, 10, 9),
        today=date(2026, 10, 9),
        calendar=CALENDAR,
    )
    assert due_today == "acknowledgement due 2026-10-09 (today)"


def replay(clock: RequestClock, first: date, last: date) -> list[tuple[date, int, Light]]:
    """Run the ladder as the daily check would: only on working days, only when due to look."""
    level, look, sent, day = clock.level, first, [], first
    while day <= last:
        if CALENDAR.is_workday(day) and look is not None and day >= look:
            decision = decide_request(
                RequestClock(clock.state, clock.stage_due, level, clock.blocking),
                today=day,
                rules=RULES,
                calendar=CALENDAR,
            )
            if decision.escalation:
                level = decision.escalation.level
                sent.append((day, level, decision.light))
            look = decision.next_look
        day += timedelta(days=1)
    return sent


def test_a_missed_acknowledgement_climbs_department_team_leader_around_national_day() -> None:
    clock = RequestClock(S.SUBMITTED, date(2026, 9, 29), -1)

    sent = replay(clock, date(2026, 9, 28), date(2026, 10, 31))

    assert sent == [
        (date(2026, 9, 29), 0, Light.YELLOW),  # on the deadline: the handling department
        (date(2026, 10, 8), 1, Light.RED),  # two working days late: the working group
        (date(2026, 10, 12), 2, Light.RED),  # five working days late (10-10 worked)
    ]
    rungs = [rung.recipients for rung in DEFAULT_REQUEST_LADDER]
    assert rungs == [
        (RecipientRole.LEAD_DEPARTMENT,),
        (RecipientRole.WORKING_GROUP,),
        (RecipientRole.CHAIN_LEADER,),
    ]


def test_a_request_found_long_overdue_climbs_one_rung_a_working_day() -> None:
    clock = RequestClock(S.IN_PROGRESS, date(2026, 6, 30), -1)

    sent = replay(clock, date(2026, 11, 6), date(2026, 11, 30))

    assert [(day, level) for day, level, _ in sent] == [
        (date(2026, 11, 6), 0),
        (date(2026, 11, 9), 1),  # Monday: the weekend is skipped
        (date(2026, 11, 10), 2),
    ]


def test_the_check_looks_again_when_the_light_will_change() -> None:
    clock = RequestClock(S.IN_PROGRESS, date(2026, 10, 19), -1)
    first = decide_request(clock, today=date(2026, 9, 30), rules=RULES, calendar=CALENDAR)
    assert (first.light, first.escalation) == (Light.GREEN, None)
    assert first.next_look == date(2026, 10, 16)  # the day before the deadline turns it yellow
    answered = decide_request(
        RequestClock(S.RESOLVED, None, 2), today=date(2026, 9, 30), rules=RULES, calendar=CALENDAR
    )
    assert (answered.escalation, answered.next_look) == (None, None)
    top = decide_request(
        RequestClock(S.IN_PROGRESS, date(2026, 10, 19), 2),
        today=date(2026, 11, 2),
        rules=RULES,
        calendar=CALENDAR,
    )
    assert (top.light, top.escalation, top.next_look) == (Light.RED, None, None)


@settings(max_examples=300, deadline=None)
@given(
    due=st.dates(date(2026, 1, 5), date(2026, 12, 20)),
    today=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    level=st.integers(-1, 2),
    blocking=st.booleans(),
)
def test_the_next_look_is_always_after_today_and_never_skips_a_rung(
    due: date, today: date, level: int, blocking: bool
) -> None:
    due = due if CALENDAR.is_workday(due) else CALENDAR.add(due, 1)
    decision = decide_request(
        RequestClock(S.ACCEPTED, due, level, blocking), today=today, rules=RULES, calendar=CALENDAR
    )
    assert decision.next_look is None or decision.next_look > today
    if decision.escalation is not None:
        assert decision.escalation.level == level + 1
        assert today >= CALENDAR.add(due, DEFAULT_REQUEST_LADDER[level + 1].after_days)
    if blocking:
        assert decision.light != Light.GREEN


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"acknowledge": 0, "plan": 3, "close": 10}, "at least 1 working day"),
        ({"acknowledge": 1, "plan": 3, "close": 3}, r"close \(3\) must leave time"),
    ],
)
def test_service_levels_must_make_sense(levels: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ServiceLevels(**levels)


def test_rules_need_every_factor_type_and_a_sane_ladder() -> None:
    partial = {FactorType.LAND: "ZRJ"}
    with pytest.raises(ValueError, match="routing: no entry for energy, power"):
        FactorRules(routing=partial, levels=RULES.levels)
    with pytest.raises(ValueError, match="each no earlier than the last"):
        FactorRules(
            routing=RULES.routing,
            levels=RULES.levels,
            ladder=(
                RequestRung(0, 3, (RecipientRole.LEAD_DEPARTMENT,)),
                RequestRung(1, 1, (RecipientRole.WORKING_GROUP,)),
            ),
        )
    with pytest.raises(ValueError, match="recipients must be some of"):
        FactorRules(
            routing=RULES.routing,
            levels=RULES.levels,
            ladder=(RequestRung(0, 0, (RecipientRole.OWNER,)),),
        )


def test_codes_number_the_requests_of_each_year() -> None:
    assert next_request_code([], 2026) == "YS2026-001"
    existing = ["YS2026-001", "YS2026-022", "YS2025-100", "X-9"]
    assert next_request_code(existing, 2026) == "YS2026-023"
    assert next_request_code(["YS2026-999"], 2026) == "YS2026-1000"
