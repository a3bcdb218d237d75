"""The month's matchmaking figures are frozen with the rest of the month (close_month), per
chain and for the city, shown in the bulletin and under ``matchmaking`` in the rollup."""

from datetime import UTC, date, datetime

from sqlmodel import Session

from chainops.settings import Settings
from mechanism.ranking import Weights
from notifications.reports.charts import CHARTS
from notifications.reports.html import render_html
from services.config import load_factor_rules
from services.matchmaking import move_event, move_match
from services.rollup import bulletin_view, close_month
from tests.services.matchmaking.conftest import HELD, NOW, OFFICE, RULES
from tests.services.matchmaking.seed import Seeded
from tests.services.matchmaking.steps import event_ready, match_at

City = tuple[Session, Seeded]
OCTOBER_CLOSED = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_the_month_freezes_its_matchmaking_figures(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded)  # held on 25 September
    move_event(
        session=session, actor=OFFICE, event_id=event.id or 0, to="held", now=NOW, rules=HELD
    )
    match_id = match_at(session, seeded, event.id, [("introduced", None), ("intention", 300.0)])
    october = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)
    move_match(
        session=session,
        actor=OFFICE,
        match_id=match_id,
        to="signed",
        amount=250.0,
        now=october,
        rules=RULES,
        held=HELD,
    )
    common = {
        "session": session,
        "rules": RULES,
        "factors": load_factor_rules(Settings().factors_file),
        "weights": Weights(),
    }
    september = close_month(month=date(2026, 9, 1), now=OCTOBER_CLOSED, **common)
    assert september.city["matchmaking"] == {
        "events": 1,
        "smes": 3,
        "intentions": 1,
        "intention_wan": 300.0,
        "signings": 0,
        "contract_wan": 0.0,
    }
    closed = close_month(month=date(2026, 10, 1), now=OCTOBER_CLOSED, **common)
    assert closed.chains["BEARING"]["matchmaking"]["signings"] == 1
    assert closed.as_dict()["matchmaking"]["chains"]["BEARING"]["contract_wan"] == 250.0
    assert closed.city["changes"]["matchmaking.events"] == -1  # one in September, none now
    view = bulletin_view(session=session, month=date(2026, 10, 1), office_name="聊城市链长制办公室")
    page = render_html(view, "zh-CN", charts=dict.fromkeys(CHARTS, b""))
    assert "融通对接" in page and "签约金额（万元）" in page
