"""The monthly bulletin's gap lists (对标差距): a close given ``bulletin_gaps`` freezes each
chain's gaps of the latest year with figures — with the task a gap already spawned — shows them
in the bulletin, and keeps them as they were when the figures change later."""

from datetime import UTC, date, datetime
from functools import partial

from sqlmodel import Session

from mechanism.designations import DEFAULT_KINDS
from mechanism.ranking import Weights
from notifications.reports.charts import CHARTS
from notifications.reports.html import render_html
from services.benchmarks import bulletin_gaps, gap_to_task
from services.rollup import bulletin_view, close_month
from tests.services.benchmarks.conftest import CATALOGUE, NOW, OFFICE, RULES, TODAY, enter
from tests.services.matchmaking.seed import Seeded
from tests.services.rollup.test_close import FACTORS

SEPTEMBER = date(2026, 9, 1)
CLOSED = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)  # after the National Day week


def _close(session: Session) -> dict[str, object]:
    result = close_month(
        session=session,
        month=SEPTEMBER,
        now=CLOSED,
        rules=RULES,
        factors=FACTORS,
        weights=Weights(),
        benchmark_gaps=partial(bulletin_gaps, catalogue=CATALOGUE, kinds=DEFAULT_KINDS),
    )
    session.commit()
    return result.as_dict()


def test_the_month_freezes_the_gaps_and_the_bulletin_shows_them(
    bench_city: tuple[Session, Seeded],
) -> None:
    session, _seeded = bench_city
    enter(session, "chain_output", 100.0)
    enter(session, "chain_output", 400.0, peer="瓦房店轴承")
    enter(session, "rd_intensity", 3.0)
    enter(session, "rd_intensity", 2.0, peer="瓦房店轴承")  # we lead: no gap
    session.commit()
    task = gap_to_task(
        session=session, actor=OFFICE, indicator="chain_output", chain_code="BEARING",
        peer_name="瓦房店轴承", year=2025, today=TODAY, now=NOW, rules=RULES,
        catalogue=CATALOGUE, kinds=DEFAULT_KINDS,
    ).task  # fmt: skip
    session.commit()

    closed = _close(session)
    (gap,) = closed["chains"]["BEARING"]["benchmarks"]  # type: ignore[index]
    assert (gap["indicator"], gap["peer"], gap["year"]) == ("chain_output", "瓦房店轴承", 2025)
    assert (gap["ours"], gap["theirs"], gap["task_id"]) == (100.0, 400.0, task.id)
    assert closed["city"]["benchmarks"] == []  # type: ignore[index]

    page = render_html(
        bulletin_view(session=session, month=SEPTEMBER, office_name="示范市链长制办公室"),
        "zh-CN",
        charts=dict.fromkeys(CHARTS, b""),
    )
    assert 'id="benchmark-gaps"' in page and "瓦房店轴承（2025）" in page
    assert f"任务 #{task.id}" in page

    enter(session, "chain_output", 50.0)  # a later, worse figure: the closed month keeps its own
    session.commit()
    assert _close(session) == closed


def test_without_the_gaps_the_close_freezes_no_benchmarks_key(
    bench_city: tuple[Session, Seeded],
) -> None:
    session, _seeded = bench_city
    closed = close_month(
        session=session, month=SEPTEMBER, now=CLOSED, rules=RULES, factors=FACTORS,
        weights=Weights(),
    ).as_dict()  # fmt: skip
    assert "benchmarks" not in closed["city"]  # type: ignore[operator]
    page = render_html(
        bulletin_view(session=session, month=SEPTEMBER, office_name="示范市链长制办公室"),
        "en",
        charts=dict.fromkeys(CHARTS, b""),
    )
    assert 'id="benchmark-gaps"' not in page
