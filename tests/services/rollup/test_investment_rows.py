"""The rollup's investment figures against a hand-built October: a project counts once, at its
first signing (a re-signing adds its change, a capital increase its increment), funds against
the year's target and 序时进度, the three rates, the signed-not-started list; frozen at close."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.ranking import Weights
from models import (
    Chain,
    FundsArrival,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
    MapNode,
    MapSegment,
)
from services.config import EngineRules, load_factor_rules
from services.rollup import close_month, investment_figures, show_month
from tests.services.rollup.test_close import FACTORS

OCTOBER = date(2026, 10, 1)
RULES = EngineRules(calendar=WorkingCalendar())
_ = load_factor_rules


def _project(session: Session, chain: Chain, code: str, stage: str, county: str,
             signings: list[tuple[str, date, float, float]], funds: dict[date, float],
             node: MapNode | None = None) -> None:  # fmt: skip
    first = next((on for kind, on, _a, _c in signings if kind == "first"), None)
    contract = sum(counted for *_r, counted in signings) or None
    project = InvestmentProject(
        code=code, name=f"{code}项目", chain_id=chain.id or 0, investor_name=f"{code}投资方",
        county=county, stage=stage, signed_on=first, contract_amount_wan=contract,
        map_node_id=node.id if node else None,
    )  # fmt: skip
    session.add(project)
    session.flush()
    for kind, on, amount, counted in signings:
        signing = InvestmentSigning(
            project_id=project.id or 0, kind=kind, signed_on=on, amount_wan=amount,
            counted_wan=counted, created_by="t",
        )  # fmt: skip
        session.add(signing)
    for month, amount in funds.items():
        session.add(FundsArrival(project_id=project.id or 0, month=month, amount_wan=amount,
                                 created_by="t"))  # fmt: skip


@pytest.fixture
def october(session: Session) -> tuple[Chain, Chain]:
    a, b = (
        Chain(code="A", name_zh="甲链", name_en="A", position=1),
        Chain(code="B", name_zh="乙链", name_en="B", position=2),
    )
    session.add_all([a, b])
    session.flush()
    segment = MapSegment(chain_id=a.id or 0, stage="upstream", name="原材料")
    session.add(segment)
    session.flush()
    node = MapNode(segment_id=segment.id or 0, name="轴承钢", status="missing")
    session.add(node)
    session.flush()
    wd, yz = "魏都区", "禹州市"
    _project(session, a, "P1", "started", wd,
             [("first", date(2026, 10, 10), 20000, 20000),
              ("re_signing", date(2026, 10, 20), 25000, 5000)],
             {OCTOBER: 3000}, node)  # fmt: skip
    _project(session, a, "P2", "registered", wd,
             [("first", date(2026, 3, 15), 8000, 8000),
              ("capital_increase", date(2026, 10, 5), 2000, 2000)],
             {date(2026, 3, 1): 1000, OCTOBER: 500})  # fmt: skip
    _project(session, a, "P3", "signed", wd, [("first", date(2026, 6, 30), 5000, 5000)], {})
    _project(session, a, "P4", "terminated", wd, [("first", date(2026, 2, 1), 3000, 3000)], {})
    _project(session, a, "P5", "lead", wd, [], {})
    _project(session, a, "P6", "signed", wd, [("first", date(2025, 3, 1), 4000, 4000)], {})
    _project(session, b, "P7", "signed", yz, [("first", date(2026, 10, 1), 30000, 30000)], {})
    # November: not in October's figures.
    _project(session, b, "P8", "signed", yz, [("first", date(2026, 11, 2), 900, 900)], {})
    session.add(InvestmentYearTarget(chain_id=a.id or 0, year=2026, funds_target_wan=20000))
    session.commit()
    return a, b


def test_october_by_hand(session: Session, october: tuple[Chain, Chain]) -> None:
    a, b = october
    found = investment_figures(session, OCTOBER, chain_codes={a.id or 0: "A", b.id or 0: "B"})
    chain_a = found.chains[a.id or 0]
    # P1's first signing counts once; its re-signing adds 5,000, P2's capital increase 2,000.
    assert (chain_a["signings"], chain_a["signed_wan"]) == (1, 27000)
    assert (chain_a["signings_ytd"], chain_a["signed_wan_ytd"]) == (4, 43000)
    assert (chain_a["over_1yi"], chain_a["over_1yi_ytd"]) == (1, 2)  # P1 25,000; P2 10,000
    assert (chain_a["funds_wan"], chain_a["funds_ytd_wan"]) == (3500, 4500)
    assert chain_a["funds_target_wan"] == 20000 and chain_a["funds_progress"] == 0.225
    assert chain_a["timing_progress"] == 0.8329
    # Signed this year: P1 P2 P3 P4; honoured P1 P2; started P1; P4 terminated.
    assert (chain_a["signed"], chain_a["honoured"], chain_a["started"]) == (4, 2, 1)
    assert (chain_a["honoured_rate"], chain_a["started_rate"]) == (0.5, 0.25)
    assert chain_a["funds_rate"] == round(4500 / 43000, 4) == 0.1047
    assert [(p["code"], p["months"], p["light"]) for p in chain_a["not_started"]] == [
        ("P6", 19, "red"),
        ("P2", 7, "red"),  # registered is signed and not started yet
        ("P3", 4, "yellow"),
    ]
    assert (chain_a["not_started_yellow"], chain_a["not_started_red"]) == (1, 2)
    assert chain_a["not_started"][0]["chain"] == "A"
    chain_b = found.chains[b.id or 0]
    assert (chain_b["signings"], chain_b["signed_wan"], chain_b["over_1yi"]) == (1, 30000, 1)
    assert (chain_b["honoured_rate"], chain_b["started_rate"], chain_b["funds_rate"]) == (
        0.0, 0.0, 0.0,
    )  # fmt: skip
    assert chain_b["funds_target_wan"] is None and chain_b["not_started"] == []
    city = found.city
    assert (city["signings"], city["signed_wan"], city["signings_ytd"]) == (2, 57000, 5)
    assert (city["signed"], city["honoured_rate"], city["started_rate"]) == (5, 0.4, 0.2)
    assert city["funds_rate"] == round(4500 / 73000, 4)
    assert city["funds_target_wan"] == 20000
    assert set(city["counties"]) == {"魏都区", "禹州市"}
    assert city["counties"]["魏都区"]["signings_ytd"] == 4
    assert city["counties"]["禹州市"]["signed_wan"] == 30000
    assert "not_started" not in city["counties"]["魏都区"]
    assert city["not_started_total"] == 3


def test_a_month_without_investment_rows_is_zeros(session: Session) -> None:
    found = investment_figures(session, OCTOBER)
    assert found.chains == {}
    assert found.city["signings"] == 0 and found.city["honoured_rate"] is None
    assert found.city["counties"] == {} and found.city["not_started"] == []


def test_frozen_at_close_and_unchanged_after_the_rows_change(
    session: Session, october: tuple[Chain, Chain]
) -> None:
    a, _b = october
    now = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)

    def close() -> dict[str, object]:
        result = close_month(session=session, month=OCTOBER, now=now, rules=RULES,
                             factors=FACTORS, weights=Weights())  # fmt: skip
        session.commit()
        return result.as_dict()

    first = close()
    assert first["investment"]["chains"]["A"]["signings"] == 1  # type: ignore[index]
    stored = show_month(session=session, month=OCTOBER)
    assert stored is not None
    frozen_map = stored.chains["A"]["map"]
    node = frozen_map[0]["segments"][0]["nodes"][0]
    assert (node["name"], node["projects"], node["targets"]) == ("轴承钢", 1, 0)
    # A late signing of October and more funds: the closed month does not move.
    signed = session.exec(
        select(InvestmentProject).where(
            InvestmentProject.chain_id == a.id, col(InvestmentProject.signed_on).is_not(None)
        )
    ).first()
    assert signed is not None and signed.id is not None
    late = InvestmentSigning(
        project_id=signed.id, kind="capital_increase", signed_on=date(2026, 10, 30),
        amount_wan=99999, counted_wan=99999, created_by="t",
    )  # fmt: skip
    session.add(late)
    session.commit()
    again = close()
    assert again == first
    assert a.id is not None


def test_the_bulletin_shows_the_list_the_map_and_the_sheet(
    session: Session, october: tuple[Chain, Chain]
) -> None:
    import io
    import xml.etree.ElementTree as ET

    from openpyxl import load_workbook

    from notifications.reports.charts import CHARTS
    from notifications.reports.html import render_html
    from notifications.reports.workbook import bulletin_workbook
    from services.rollup import bulletin_view

    now = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    close_month(session=session, month=OCTOBER, now=now, rules=RULES, factors=FACTORS,
                weights=Weights())  # fmt: skip
    session.commit()
    view = bulletin_view(session=session, month=OCTOBER, office_name="办公室")
    page = render_html(view, "zh-CN", charts=dict.fromkeys(CHARTS, b""))
    assert "招商引资：签约未开工项目" in page and "P6项目" in page and "红灯" in page
    assert 'id="chain-maps"' in page and "甲链产业链图谱" in page
    svg = page[page.index("<svg", page.index('id="chain-maps"')) :]
    ET.fromstring(svg[: svg.index("</svg>") + len("</svg>")])  # well-formed inline SVG
    workbook = load_workbook(io.BytesIO(bulletin_workbook(view, "zh-CN")))
    sheet = workbook["招商引资"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:2] == ["全市", "全市"] and values[1][2] == 2  # the city's signings
    assert any(row[1] == "P6" and row[5] == 19 for row in values)
