"""The lifecycle table: legal moves, who may make them, extensions and blocked clocks."""

from datetime import date

import pytest

from mechanism.calendar import WorkingCalendar
from mechanism.lifecycle import (
    MOVES,
    Action,
    IllegalMove,
    Role,
    check_move,
    due_after_unblock,
    extension_problem,
)
from mechanism.vocabulary import TaskState

S = TaskState
OWNER = frozenset({Role.OWNER})
OFFICE = frozenset({Role.OFFICE})


@pytest.mark.parametrize(
    ("action", "state", "roles", "after"),
    [
        (Action.ACCEPT, S.ASSIGNED, OWNER, S.ACCEPTED),
        (Action.START, S.ACCEPTED, OWNER, S.IN_PROGRESS),
        (Action.REPORT_PROGRESS, S.ACCEPTED, OWNER, S.IN_PROGRESS),
        (Action.SUBMIT, S.IN_PROGRESS, frozenset({Role.LEAD_DEPARTMENT}), S.SUBMITTED),
        (Action.SIGN_OFF, S.SUBMITTED, OFFICE, S.SIGNED_OFF),
        (Action.RETURN, S.SUBMITTED, OFFICE, S.IN_PROGRESS),
        (Action.BLOCK, S.IN_PROGRESS, frozenset({Role.TEAM}), S.BLOCKED),
        (Action.CANCEL, S.BLOCKED, OFFICE, S.CANCELLED),
        (Action.REQUEST_EXTENSION, S.IN_PROGRESS, OWNER, S.IN_PROGRESS),
    ],
)
def test_the_table_allows_the_moves_of_the_lifecycle(
    action: Action, state: TaskState, roles: frozenset[Role], after: TaskState
) -> None:
    assert check_move(action, state, roles) == after


def test_only_the_office_signs_off() -> None:
    with pytest.raises(IllegalMove, match="only office may sign off"):
        check_move(Action.SIGN_OFF, S.SUBMITTED, frozenset({Role.OWNER, Role.TEAM, Role.LEADER}))


def test_an_illegal_move_says_where_it_is_allowed_from() -> None:
    with pytest.raises(IllegalMove, match=r"cannot sign off a task that is in progress.*已报结"):
        check_move(Action.SIGN_OFF, S.IN_PROGRESS, OFFICE)


def test_nothing_leaves_a_closed_task() -> None:
    for action in Action:
        for closed in (S.SIGNED_OFF, S.CANCELLED):
            assert closed not in MOVES[action].sources


def test_an_extension_asked_after_the_due_date_is_refused() -> None:
    problem = extension_problem(
        today=date(2026, 10, 12), current_due=date(2026, 10, 9), proposed_due=date(2026, 10, 30)
    )
    assert (
        problem
        == "an extension must be requested by the due date (2026-10-09); today is 2026-10-12"
    )


def test_an_extension_on_the_due_date_is_in_time_but_must_move_it_later() -> None:
    assert (
        extension_problem(
            today=date(2026, 10, 9), current_due=date(2026, 10, 9), proposed_due=date(2026, 10, 30)
        )
        is None
    )
    assert "not after" in (
        extension_problem(
            today=date(2026, 10, 1), current_due=date(2026, 10, 9), proposed_due=date(2026, 10, 9)
        )
        or ""
    )


def test_a_blocked_task_gets_back_the_working_days_it_lost() -> None:
    calendar = WorkingCalendar()
    # Blocked Monday 2026-09-28, unblocked Friday 2026-10-09: lost 09-29, 09-30, 10-08, 10-09
    # (the National Day holiday is not lost time), so the due date moves 4 working days.
    due = due_after_unblock(
        due=date(2026, 10, 16),
        blocked_since=date(2026, 9, 28),
        unblocked_on=date(2026, 10, 9),
        calendar=calendar,
    )
    assert due == calendar.add(date(2026, 10, 16), 4) == date(2026, 10, 22)
