"""One rule for the signed-but-not-started light: the pipeline list (``services.investment.
list_projects``, judged on a month's last day) and the rollup's frozen not-started list
(``investment_figures``) give every project the same light, on the month-end edges — signed on
the 31st, months without that day (February, 30-day months) — and with other months configured.
"""

from datetime import date

import pytest
from sqlmodel import Session

from mechanism.investment import PipelineRules
from mechanism.rollup import month_end
from models import Chain, InvestmentProject
from services.investment import list_projects
from services.rollup import investment_figures

# code, stage, first signing: each sits on an edge of some month's end below.
ROWS = [
    ("E1", "signed", date(2025, 11, 30)),  # +3 months: 2026-02-28 (no 30 Feb); +6: 2026-05-30
    ("E2", "registered", date(2025, 8, 31)),  # +6 months: 2026-02-28; +3: 2025-11-30
    ("E3", "signed", date(2026, 3, 31)),  # +3 months: 2026-06-30 (June has no 31st)
    ("E4", "signed", date(2026, 5, 31)),  # +3 months: 2026-08-31, the month's end itself
    ("E5", "registered", date(2026, 6, 1)),  # +3 months: 2026-09-01, a day after August's end
    ("E6", "signed", date(2025, 12, 31)),  # +6 months: 2026-06-30
    ("E7", "started", date(2025, 1, 31)),  # started: no light at all
    ("E8", "terminated", date(2025, 1, 31)),  # terminated: no light at all
    ("E9", "signed", date(2024, 2, 29)),  # a leap day; +3 months: 2024-05-29
]
MONTHS = [date(2024, 5, 1), date(2026, 2, 1), date(2026, 6, 1), date(2026, 8, 1)]


@pytest.fixture
def edges(session: Session) -> Chain:
    chain = Chain(code="EDGE", name_zh="边界链", name_en="Edges")
    session.add(chain)
    session.flush()
    for code, stage, signed_on in ROWS:
        session.add(
            InvestmentProject(
                code=code,
                name=f"{code}项目",
                chain_id=chain.id or 0,
                investor_name=f"{code}投资方",
                county="魏都区",
                stage=stage,
                signed_on=signed_on,
                contract_amount_wan=5000,
            )
        )
    session.flush()
    return chain


def _both(session: Session, month: date, rules: PipelineRules) -> tuple[dict[str, str], ...]:
    """(the pipeline list's yellow and red lights, the rollup's) on ``month``'s last day."""
    listed = list_projects(
        session=session, viewer=None, today=month_end(month), pipeline=rules, not_started=True
    )
    pipeline = {r["code"]: r["light"] for r in listed if r["light"] in ("yellow", "red")}
    found = investment_figures(session, month, pipeline=rules, chain_codes={})
    rollup = {p["code"]: p["light"] for p in found.city["not_started"]}
    return pipeline, rollup


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2024, 5, 1), {"E9": "yellow"}),
        (
            date(2026, 2, 1),
            {"E1": "yellow", "E2": "red", "E9": "red"},
        ),
        (
            date(2026, 6, 1),
            {"E1": "red", "E2": "red", "E3": "yellow", "E6": "red", "E9": "red"},
        ),
        (
            date(2026, 8, 1),
            {"E1": "red", "E2": "red", "E3": "yellow", "E4": "yellow", "E6": "red", "E9": "red"},
        ),
    ],
)
def test_the_pipeline_and_the_rollup_give_the_same_light_on_month_ends(
    session: Session, edges: Chain, month: date, expected: dict[str, str]
) -> None:
    pipeline, rollup = _both(session, month, PipelineRules())
    assert pipeline == rollup == expected


def test_configured_months_move_both_lights_alike(session: Session, edges: Chain) -> None:
    rules = PipelineRules(not_started_yellow_months=2, not_started_red_months=4)
    for month in MONTHS:
        pipeline, rollup = _both(session, month, rules)
        assert pipeline == rollup, month
    pipeline, rollup = _both(session, date(2026, 8, 1), rules)
    # E5 (1 June) is two months old on 1 August, so yellow by the end of August; E3 (31
    # March) is four months old on 31 July, red; E4 (31 May) two months on 31 July, yellow.
    assert (rollup["E5"], rollup["E3"], rollup["E4"]) == ("yellow", "red", "yellow")
    assert pipeline["E5"] == "yellow"
