"""Acknowledging notices and signing in move no score or rank of a month — neither when the
month is closed nor once it is (the ranking's inputs: tests/mechanism/test_ranking_inputs.py)."""

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, delete, select

from models import OutboxMessage, RollupSnapshot
from services.people import add_user, clear_sign_in_failures, end_sessions, record_failed_sign_in
from tests.services.rollup.test_close import DECEMBER_FIRST, NOVEMBER, at, build_november, close

OWNER = "wang.lei@example.gov.cn"  # the small city's chain leader, who owns its tasks


def _rankings(result: object) -> dict[str, object]:
    chains = result.chains
    departments = result.departments
    return {
        **{code: figures["ranking"] for code, figures in chains.items()},
        **{f"dept:{code}": figures["ranking"] for code, figures in departments.items()},
    }


def _busy(session: Session, when: datetime) -> None:
    """Everyone acknowledges at once, and signs in (and out) again and again."""
    for row in session.exec(select(OutboxMessage)).all():
        row.acknowledged_at = when
        session.add(row)
    user = add_user(session=session, email=OWNER, office=False, now=when)
    for _ in range(5):
        record_failed_sign_in(session=session, username=OWNER, address="10.0.0.1", now=when)
        clear_sign_in_failures(session=session, username=OWNER)
        end_sessions(session=session, user_id=user.id or 0)
    session.commit()


def test_acknowledging_and_signing_in_change_no_score_or_rank_when_the_month_closes(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    for row in session.exec(select(OutboxMessage)).all():
        row.acknowledged_at = None  # no one acknowledged
        session.add(row)
    session.commit()
    idle = close(session)
    session.exec(delete(RollupSnapshot))  # type: ignore[call-overload]
    session.commit()
    _busy(session, at(11, 3, 1, 5))  # five minutes after the notice went out
    busy = close(session)

    # The rollup did see the acknowledgements (a supervision metric, reported, never scored) …
    assert idle.chains["BEARING"]["ladder"]["median_hours_to_acknowledge"] is None
    assert busy.chains["BEARING"]["ladder"]["median_hours_to_acknowledge"] is not None
    # … and no score, part or rank moved.
    assert _rankings(busy) == _rankings(idle)
    assert idle.city["weights"] == busy.city["weights"]


def test_a_closed_month_keeps_every_figure_whatever_is_acknowledged_or_signed_in_later(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    first = close(session)
    _busy(session, DECEMBER_FIRST)
    again = close(session, NOVEMBER, datetime(2026, 12, 20, 2, tzinfo=UTC))
    assert (again.city, again.chains, again.departments) == (
        first.city,
        first.chains,
        first.departments,
    )
    assert session.exec(select(col(RollupSnapshot.id))).all()
