"""``chainops matchmaking …``: matchmaking events (融通对接) and their matches from the command
line — ``events list|add|invite|move``, ``matches list|move``, ``report`` (``--xlsx FILE``) —
acting as ``--by EMAIL`` (an official or an enterprise contact) through services/matchmaking/.
Lists print JSON with ``--json`` (keys in the README); without ``--by`` a list shows
everything, as for the operator of the machine."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session
from chainops.cli.output import labels_of, print_json, print_rows
from chainops.settings import get_settings
from mechanism.matchmaking import EventKind, EventState, HeldRules, MatchStage
from services.config import MatchmakingConfigError
from services.matchmaking import (
    EventNotFound,
    MatchmakingRefused,
    MatchNotFound,
    NotYours,
    Period,
    add_event,
    event_report,
    invite,
    list_events,
    list_matches,
    move_event,
    move_match,
    report_xlsx,
)
from services.people import NotVisible, UnknownPerson, Viewer, actor_by_email, viewer_by_email

By = Annotated[str, typer.Option("--by", help="Email of the person or enterprise contact acting.")]
ByOptional = Annotated[str | None, typer.Option("--by", help="See as this account's user.")]
EventId = Annotated[int, typer.Argument(help="The event's number.")]
_REFUSALS = (MatchmakingRefused, NotYours, EventNotFound, MatchNotFound, UnknownPerson, NotVisible)
_EVENT_COLUMNS = [
    "id",
    "chain",
    "held_on",
    "title",
    "kind",
    "host_department",
    "state",
    "chain_masters",
    "smes",
    "matches",
]
_MATCH_COLUMNS = [
    "id",
    "chain",
    "event_id",
    "demand",
    "demander",
    "supplier",
    "stage",
    "intention_wan",
    "contract_wan",
    "realised_wan",
]


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    """Refusals become clear errors (exit 1), and whatever was begun is rolled back."""
    try:
        yield
    except _REFUSALS as exc:
        session.rollback()
        raise fail(str(exc)) from exc


def _held() -> HeldRules:
    try:
        return wiring.matchmaking_rules()
    except MatchmakingConfigError as exc:
        raise fail(f"matchmaking file: {exc}", 2) from exc


def _viewer(session: Session, by: str | None) -> Viewer | None:
    return None if by is None else viewer_by_email(session, by)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def register_matchmaking(app: typer.Typer) -> typer.Typer:
    """Add the ``matchmaking`` group to ``app`` and return it (other parts add to it)."""
    group = typer.Typer(
        help="Matchmaking events, matches and the event report.", no_args_is_help=True
    )
    events = typer.Typer(help="Matchmaking events of a chain.", no_args_is_help=True)
    matches = typer.Typer(help="Matches between demands and capabilities.", no_args_is_help=True)
    group.add_typer(events, name="events")
    group.add_typer(matches, name="matches")
    app.add_typer(group, name="matchmaking")

    @events.command("list")
    def events_list(
        chain: ChainOption = None,
        state: Annotated[str | None, typer.Option(help="Only events in this state.")] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The events, latest first, with their invitations and matches counted."""
        with open_session() as session, refusals(session):
            rows = list_events(
                session=session, viewer=_viewer(session, by), chain=chain, state=state
            )
        if as_json:
            print_json(rows)
        else:
            print_rows(
                "Matchmaking events",
                rows,
                _EVENT_COLUMNS,
                labels={"state": labels_of(EventState), "kind": labels_of(EventKind)},
            )

    @events.command("add")
    def events_add(
        chain: Annotated[str, typer.Option(help="Chain code.")],
        title: Annotated[str, typer.Option(help="The event's title.")],
        kind: Annotated[
            str,
            typer.Option(
                help="supply_demand, production_demand, post_and_take, roadshow, chain_master_tour"
            ),
        ],
        host: Annotated[str, typer.Option(help="The host department's code.")],
        on: Annotated[str, typer.Option("--on", help="The event's date, YYYY-MM-DD.")],
        by: By,
        place: Annotated[str | None, typer.Option(help="Where it is held.")] = None,
        online: Annotated[bool, typer.Option("--online", help="Held online.")] = False,
        partner: Annotated[str | None, typer.Option(help="The platform partner.")] = None,
    ) -> None:
        """Plan an event (office or the chain's working group)."""
        held_on = _date(on, "--on")
        assert held_on is not None
        with open_session() as session, refusals(session):
            event = add_event(
                session=session,
                actor=actor_by_email(session, by),
                chain_code=chain,
                title=title,
                kind=kind,
                host_department=host,
                held_on=held_on,
                place=place,
                online=online,
                platform_partner=partner,
                now=wiring.now(),
            )
            print(f"event {event.id}: {event.title} ({event.kind}) on {event.held_on}, planned")

    @events.command("invite")
    def events_invite(
        event_id: EventId,
        credit_code: Annotated[str, typer.Option(help="The enterprise's credit code.")],
        role: Annotated[str, typer.Option(help="chain_master or sme.")],
        by: By,
    ) -> None:
        """Invite an enterprise to the event, as a chain master or an SME."""
        with open_session() as session, refusals(session):
            invite(
                session=session,
                actor=actor_by_email(session, by),
                event_id=event_id,
                credit_code=credit_code,
                role=role,
                now=wiring.now(),
            )
            print(f"event {event_id}: {credit_code} invited as {role}")

    @events.command("move")
    def events_move(
        event_id: EventId,
        to: Annotated[str, typer.Option(help="collecting, matched, held, following_up, reported.")],
        by: By,
    ) -> None:
        """Move the event to its next state (held only when its condition is met)."""
        rules = _held()
        with open_session() as session, refusals(session):
            event = move_event(
                session=session,
                actor=actor_by_email(session, by),
                event_id=event_id,
                to=to,
                now=wiring.now(),
                rules=rules,
            )
            print(f"event {event_id}: {event.state}")

    @matches.command("list")
    def matches_list(
        chain: ChainOption = None,
        event: Annotated[int | None, typer.Option(help="Only this event's matches.")] = None,
        stage: Annotated[str | None, typer.Option(help="Only matches at this stage.")] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The matches, with both sides and their amounts (万元)."""
        with open_session() as session, refusals(session):
            rows = list_matches(
                session=session,
                viewer=_viewer(session, by),
                event_id=event,
                chain=chain,
                stage=stage,
            )
        if as_json:
            print_json(rows)
        else:
            print_rows("Matches", rows, _MATCH_COLUMNS, labels={"stage": labels_of(MatchStage)})

    @matches.command("move")
    def matches_move(
        match_id: Annotated[int, typer.Argument(help="The match's number.")],
        to: Annotated[
            str, typer.Option(help="introduced, intention, signed, delivering, done, lost.")
        ],
        by: By,
        amount: Annotated[float | None, typer.Option(help="The stage's amount, 万元.")] = None,
        reason: Annotated[str | None, typer.Option(help="Why it was lost.")] = None,
    ) -> None:
        """Move a match; an intention makes its follow-up tasks."""
        rules = _held()
        with open_session() as session, refusals(session):
            moved = move_match(
                session=session,
                actor=actor_by_email(session, by),
                match_id=match_id,
                to=to,
                amount=amount,
                reason=reason,
                now=wiring.now(),
                rules=wiring.engine_rules(),
                held=rules,
            )
            print(f"match {match_id}: {moved.match.stage}")
            for task in moved.follow_ups.tasks:
                print(f"  follow-up task {task.id} due {task.due_date}")
            if moved.follow_ups.missing:
                print(f"  {moved.follow_ups.missing}")

    @group.command("report")
    def report(
        chain: ChainOption = None,
        start: Annotated[
            str | None, typer.Option("--from", help="First day (default 1 Jan).")
        ] = None,
        end: Annotated[str | None, typer.Option("--to", help="Last day (default 31 Dec).")] = None,
        xlsx: Annotated[
            Path | None, typer.Option("--xlsx", help="Write the report to FILE.")
        ] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The event report for the province: per chain, each held event and the totals."""
        today = wiring.today()
        year = Period.year(today.year)
        period = Period(_date(start, "--from") or year.start, _date(end, "--to") or year.end)
        if period.end < period.start:
            raise fail(f"--to: {period.end} is before --from {period.start}", 2)
        with open_session() as session, refusals(session):
            result = event_report(
                session=session,
                viewer=_viewer(session, by),
                chain=chain,
                period=period,
                today=today,
            )
        if xlsx is not None:
            xlsx.write_bytes(report_xlsx(result, get_settings().locale))
            print(f"wrote {xlsx}")
        if as_json:
            print_json(result)
        elif xlsx is None:
            rows = [
                {
                    "chain": part["chain"],
                    "title": line["title"],
                    **{k: line[k] for k in line if k not in ("title",)},
                }
                for part in result["chains"]
                for line in part["events"]
            ]
            print_rows(
                "Matchmaking report",
                rows,
                [
                    "chain",
                    "held_on",
                    "title",
                    "smes",
                    "intentions",
                    "intention_wan",
                    "signings",
                    "contract_wan",
                    "realised_wan",
                ],
            )
            totals = result["totals"]
            print(
                f"total: {totals['events']} events, {totals['intentions']} intentions "
                f"({totals['intention_wan']} 万元), {totals['signings']} signings "
                f"({totals['contract_wan']} 万元); specialised SMEs taking part: "
                f"{totals['share_taking_part']}"
            )

    return group
