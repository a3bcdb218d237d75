"""The demo's matchmaking handlers: ``event``, ``invite``, ``event_move`` and ``match_move``
replayed through ``_happen`` as replay.yaml will write them, on the small city."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from chainops import wiring
from chainops.demo.replay import _happen
from models import Match, MatchFollowUp, MatchmakingEvent
from services.matchmaking import MatchmakingRefused, propose_match
from services.people import SYSTEM, add_user
from services.workbook import import_workbook, read_workbook
from tests.services.matchmaking.seed import seed
from tests.services.workbooks import small_city, write_workbook

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
OFFICE = "wang.lei@example.gov.cn"


def test_the_replay_runs_an_event_and_moves_its_match(session: Session, tmp_path: Path) -> None:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=NOW)
    add_user(session=session, email=OFFICE, office=True, now=NOW)
    seeded = seed(session, "BEARING")
    rules = wiring.engine_rules()
    kw = {
        "now": NOW,
        "rules": rules,
        "projects": wiring.project_rules(),
        "factors": wiring.factor_rules(),
    }
    title = "轴承链主企业行（演示）"
    _happen(
        session,
        {
            "do": "event",
            "by": OFFICE,
            "chain": "BEARING",
            "title": title,
            "kind": "链主企业行",
            "host": "GXJ",
            "held_on": "2026-11-20",
            "place": "临清",
        },
        **kw,
    )
    _happen(
        session,
        {
            "do": "invite",
            "by": OFFICE,
            "event": title,
            "enterprise": seeded.master_code,
            "role": "chain_master",
        },
        **kw,
    )
    for code in seeded.sme_codes[:3]:
        _happen(
            session,
            {"do": "invite", "by": OFFICE, "event": title, "enterprise": code, "role": "sme"},
            **kw,
        )
    for state in ("collecting", "matched", "held"):
        _happen(session, {"do": "event_move", "by": OFFICE, "event": title, "to": state}, **kw)
    event = session.exec(select(MatchmakingEvent)).one()
    assert event.state == "held"
    propose_match(
        session=session,
        actor=SYSTEM,
        demand_id=seeded.demand,
        capability_id=seeded.capabilities[0],
        why=None,
        event_id=event.id,
        now=NOW,
    )
    for stage, amount in (("introduced", None), ("intention", 88)):
        _happen(
            session,
            {
                "do": "match_move",
                "by": OFFICE,
                "demand": "高精度轴承钢球",
                "supplier": seeded.sme_codes[0],
                "to": stage,
                "amount": amount,
            },
            **kw,
        )
    assert session.exec(select(Match)).one().intention_wan == 88.0
    assert len(session.exec(select(MatchFollowUp)).all()) == 2
    with pytest.raises(MatchmakingRefused):
        _happen(session, {"do": "event_move", "by": OFFICE, "event": title, "to": "reported"}, **kw)
    with pytest.raises(ValueError, match="no matchmaking event titled"):
        _happen(
            session,
            {
                "do": "invite",
                "by": OFFICE,
                "event": "无此活动",
                "enterprise": seeded.master_code,
                "role": "sme",
            },
            **kw,
        )
