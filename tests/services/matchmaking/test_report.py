"""The event report for the province: lines per event, totals per chain and city, the share of
the chain's specialised SMEs taking part; what was reported stays as reported; and the .xlsx."""

import io
from datetime import date

import openpyxl
from sqlmodel import Session

from services.matchmaking import Period, event_report, move_event, move_match, report_xlsx
from tests.services.matchmaking.conftest import HELD, NOW, OFFICE, RULES
from tests.services.matchmaking.seed import Seeded
from tests.services.matchmaking.steps import event_ready, match_at

City = tuple[Session, Seeded]
YEAR = Period.year(2026)


def _held_with_matches(session: Session, seeded: Seeded) -> int:
    event = event_ready(session, seeded)
    common = {"session": session, "actor": OFFICE, "event_id": event.id, "now": NOW}
    move_event(**common, to="held", rules=HELD)
    match_at(
        session,
        seeded,
        event.id,
        [("introduced", None), ("intention", 300.0), ("signed", 250.0)],
        n=0,
    )
    match_at(session, seeded, event.id, [("introduced", None), ("intention", 50.0)], n=1)
    match_at(session, seeded, event.id, [], n=2)
    return event.id or 0


def test_the_report_counts_events_smes_intentions_signings_and_the_share(city: City) -> None:
    session, seeded = city
    _held_with_matches(session, seeded)
    report = event_report(
        session=session, viewer=None, chain="BEARING", period=YEAR, today=date(2026, 9, 25)
    )
    bearing = report["chains"][0]
    assert [line["title"] for line in bearing["events"]] == ["轴承产业链供需对接会"]
    totals = bearing["totals"]
    assert (totals["events"], totals["smes"], totals["intentions"], totals["signings"]) == (
        1,
        3,
        2,
        1,
    )
    assert (totals["intention_wan"], totals["contract_wan"]) == (350.0, 250.0)
    # Three of the chain's three SMEs with a valid title took part (the fourth's expired).
    assert (totals["specialised_smes"], totals["share_taking_part"]) == (3, 1.0)
    assert report["totals"]["intentions"] == 2


def test_an_event_marked_reported_keeps_what_was_reported(city: City) -> None:
    session, seeded = city
    event_id = _held_with_matches(session, seeded)
    common = {"session": session, "actor": OFFICE, "event_id": event_id, "now": NOW}
    move_event(**common, to="following_up", rules=HELD)
    move_event(**common, to="reported", rules=HELD)
    signed_later = match_at(session, seeded, event_id, [("introduced", None)], n=3)
    move_match(
        session=session,
        actor=OFFICE,
        match_id=signed_later,
        to="intention",
        amount=999.0,
        now=NOW,
        rules=RULES,
        held=HELD,
    )
    report = event_report(
        session=session, viewer=None, chain=None, period=YEAR, today=date(2026, 9, 25)
    )
    line = report["chains"][0]["events"][0]
    assert (line["state"], line["intentions"], line["intention_wan"]) == ("reported", 2, 350.0)


def test_events_outside_the_period_or_not_held_are_not_reported(city: City) -> None:
    session, seeded = city
    event_ready(session, seeded)  # matched, not held
    report = event_report(
        session=session, viewer=None, chain="BEARING", period=YEAR, today=date(2026, 9, 25)
    )
    assert report["chains"][0]["events"] == [] and report["totals"]["events"] == 0


def test_the_report_opens_in_excel_with_a_line_per_event_and_totals(city: City) -> None:
    session, seeded = city
    _held_with_matches(session, seeded)
    report = event_report(
        session=session, viewer=None, chain=None, period=YEAR, today=date(2026, 9, 25)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "zh-CN"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("产业链", "活动") and rows[0][-1] == "专精特新企业参与率"
    assert rows[1][1] == "轴承产业链供需对接会" and rows[1][2] == "供需对接"
    assert rows[1][5:11] == (3, 2, 350, 1, 250, 0)
    assert rows[2][1] == "合计" and rows[2][-1] == 1
    assert rows[3][0] == "合计"
    english = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "en"))).active
    assert next(english.iter_rows(values_only=True))[0] == "Chain"
