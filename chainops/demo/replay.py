"""The demo city, built and replayed: what ``chainops demo`` runs, beside the data it runs on.

The city (``city.yaml``) goes in through the normal workbook import; then 2 November to
1 December 2026 (``replay.yaml``) are replayed with a fixed clock: the daily sweep every
working day and the scripted events of each day, all through the same services the CLI uses.
The city is then shown (pages, CLI) as on the last day's morning, ``clock.shown_at``.
On the first working day of a month (2 November, 1 December) last month is closed and its
bulletin written and mailed, as the monthly-rollup flow does.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from chainops import wiring
from chainops.demo import benchmarks, matchmaking
from chainops.demo import cultivation as plans_demo
from chainops.demo import investment as pipeline_demo
from chainops.demo.enterprises import ENTERPRISE_ACTIONS, remind_day
from chainops.demo.enterprises import happen as happen_enterprise
from chainops.demo.practices import record_demo_tour
from chainops.demo.standing import practices_day, practices_pilot
from chainops.settings import get_settings
from mechanism.factor_requests import FactorRules
from mechanism.project_lights import ProjectRules
from mechanism.rollup import first_working_day
from models import (
    ActionPlan,
    ActionPlanItem,
    Chain,
    ExtensionRequest,
    Notice,
    OutboxMessage,
    Task,
)
from models.db import make_engine, session_scope
from notifications.transports import FileTransport
from services import tasks as task_service
from services.city import CityOverview, city_overview, list_notices
from services.config import EngineRules
from services.database import upgrade_schema
from services.notices import acknowledge_notice
from services.outbox import dispatch
from services.people import actor_by_email, add_user, set_password
from services.projects import check_projects, list_projects, report_month
from services.requests import block_project, check_requests, list_requests, update_request
from services.rollup import Published, close_month, publish_month
from services.tasks import sweep
from services.workbook import import_workbook, read_workbook

DEMO_CITY = Path(__file__).with_name("city.yaml")
DEMO_REPLAY = Path(__file__).with_name("replay.yaml")


@dataclass(frozen=True)
class DemoLogin:
    persona: str
    username: str
    password: str


@dataclass
class DemoResult:
    city: CityOverview
    notices: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    outbox: Path
    emails: int
    bulletins: list[Published]
    logins: list[DemoLogin]
    clock: datetime  # the moment the city is shown at, after the replay: its CHAINOPS_CLOCK


def run_demo(
    database: Path, outbox: Path, reports: Path, *, base_url: str | None = None
) -> DemoResult:
    """Recreate ``database``, load and replay the demo city, delivering its notices as .eml
    files into ``outbox`` (emptied first) and writing the bulletin of each month it closes
    into ``reports``; the configured database is never touched. Links in its mails point at
    ``base_url`` (default: CHAINOPS_BASE_URL), where the demo will be served."""
    for leftover in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade_schema(engine=engine)
        script = yaml.safe_load(DEMO_REPLAY.read_text(encoding="utf-8"))
        rules = wiring.engine_rules()
        clock = script["clock"]
        first, last = date.fromisoformat(clock["start"]), date.fromisoformat(clock["end"])
        sweep_at, checks_at, dispatch_at, events_at, shown_at = (
            time.fromisoformat(clock[moment])
            for moment in ("sweep_at", "checks_at", "dispatch_at", "events_at", "shown_at")
        )
        projects, factors = wiring.project_rules(), wiring.factor_rules()
        weights, points = wiring.ranking_weights(), wiring.ranking_points()
        pipeline = wiring.pipeline_rules()
        settings = get_settings()
        links = base_url or settings.base_url
        locale = settings.locale
        bulletins: list[Published] = []
        for old in outbox.glob("*.eml"):
            old.unlink()
        files = FileTransport(outbox)
        delivery = replace(wiring.dispatch_rules(), base_url=links)
        emails = 0
        with session_scope(engine) as session:
            start = _at(first, time(8, 0), rules)
            city = read_workbook(DEMO_CITY)
            import_workbook(session=session, workbook=city, actor="demo", now=start)
            for email in script["office"]:
                add_user(session=session, email=email, office=True, now=start)
            logins = _add_logins(session, script["logins"], now=start)
        for event in script["history"]:  # entered after the import, dated as they came in
            with session_scope(engine) as session:
                at = _at(date.fromisoformat(event["day"]), events_at, rules)
                _happen(session, event, now=at, rules=rules, projects=projects, factors=factors)
        practices_pilot(engine, rules=rules)  # issue 18: the bearing chain's 2026-Q3 巡链
        for day in _days(first, last):
            sweep(engine=engine, now=_at(day, sweep_at, rules), rules=rules)
            remind_day(engine, now=_at(day, sweep_at, rules), rules=rules)
            practices_day(engine, now=_at(day, sweep_at, rules), rules=rules)  # issue 18
            checked = _at(day, checks_at, rules)
            if day == first_working_day(day.replace(day=1), rules.calendar.is_workday):
                with session_scope(engine) as session:  # 月调度: freeze last month
                    last_month = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
                    close_month(
                        session=session,
                        month=last_month,
                        now=checked,
                        rules=rules,
                        factors=factors,
                        weights=weights,
                        pipeline=pipeline,
                        benchmark_gaps=wiring.bulletin_gaps(),
                        points=points,
                        projects=projects,
                        practices=wiring.bulletin_practices(),
                    )
                    bulletins.append(
                        publish_month(
                            session=session,
                            month=last_month,
                            reports_dir=reports,
                            rules=rules,
                            office_name=settings.office_name,
                            base_url=links,
                            locale=locale,
                        )
                    )
            check_requests(engine=engine, now=checked, rules=rules, factors=factors)
            check_projects(
                engine=engine, now=checked, rules=rules, projects=projects, locale=locale
            )
            emails += dispatch(
                engine=engine, now=_at(day, dispatch_at, rules), transport=files, rules=delivery
            ).emails
            for event in script["events"]:
                if date.fromisoformat(event["day"]) == day:
                    with session_scope(engine) as session:
                        at = _at(day, events_at, rules)
                        _happen(
                            session, event, now=at, rules=rules, projects=projects, factors=factors
                        )
        with session_scope(engine) as session:
            return DemoResult(
                city_overview(session=session, today=last),
                list_notices(session=session),
                list_projects(
                    session=session,
                    today=last,
                    actor=None,
                    chain=None,
                    rules=projects,
                    calendar=rules.calendar,
                    locale=locale,
                ),
                list_requests(
                    session=session, today=last, rules=rules, factors=factors, locale=locale
                ),
                outbox,
                emails,
                bulletins,
                logins,
                _at(last, shown_at, rules),
            )
    finally:
        engine.dispose()


def _add_logins(session: Session, logins: dict[str, Any], *, now: datetime) -> list[DemoLogin]:
    """An account with the demo password for each persona's person (the office keeps its role)."""
    made = []
    for persona, email in logins["people"].items():
        user = add_user(session=session, email=email, office=persona == "office", now=now)
        set_password(session=session, username=user.username, password=logins["password"])
        made.append(DemoLogin(persona, user.username, logins["password"]))
    return made


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _at(day: date, moment: time, rules: EngineRules) -> datetime:
    return datetime.combine(day, moment, rules.zone)


def _task_id(session: Session, name: str) -> int:
    chain_code, year, item_no = name.split("/")
    task_id = session.exec(
        select(Task.id)
        .join(ActionPlanItem, col(ActionPlanItem.id) == Task.plan_item_id)
        .join(ActionPlan, col(ActionPlan.id) == ActionPlanItem.plan_id)
        .join(Chain, col(Chain.id) == ActionPlan.chain_id)
        .where(
            Chain.code == chain_code,
            ActionPlan.year == int(year),
            ActionPlanItem.item_no == int(item_no),
        )
    ).first()
    if task_id is None:
        raise ValueError(f"{DEMO_REPLAY.name}: no task {name}")
    return task_id


def _happen(
    session: Session,
    event: dict[str, Any],
    *,
    now: datetime,
    rules: EngineRules,
    projects: ProjectRules,
    factors: FactorRules,
) -> None:
    """One scripted event, through the service a person would use."""
    actor = actor_by_email(session, event["by"])
    common: dict[str, Any] = {"session": session, "actor": actor, "now": now, "rules": rules}
    action = event["do"]
    if action in plans_demo.PLAN_ACTIONS:
        plans_demo.happen(session, event, now=now, today=rules.today(now))
        return
    if action in ENTERPRISE_ACTIONS:
        return happen_enterprise(session, event, now=now, rules=rules)
    if action == "report":
        report_month(
            project_code=event["project"],
            month=date.fromisoformat(event["month"] + "-01"),
            month_investment=float(event["investment"]),
            milestones_reached={},
            problems=event.get("problems"),
            projects=projects,
            **common,
        )
        return
    if action == "request":
        update_request(
            code=event["request"],
            action=event["action"],
            reply=event.get("reply"),
            reason=event.get("reason"),
            satisfaction=event.get("satisfaction"),
            factors=factors,
            **common,
        )
        return
    if action == "block_project":
        block_project(
            project_code=event["project"],
            request_code=event["request"],
            factors=factors,
            **common,
        )
        return
    if action in matchmaking.ACTIONS:
        return matchmaking.happen(session, event, actor=actor, now=now, rules=rules)
    if action in benchmarks.ACTIONS:
        return benchmarks.happen(session, event, actor=actor, now=now, rules=rules)
    if action in pipeline_demo.ACTIONS:
        return pipeline_demo.happen(session, event, actor=actor, now=now, rules=rules)
    if action == "tour_record":  # the bearing chain's 巡链 and the work its problems became
        record_demo_tour(session, now=now, rules=rules)
        return
    task_id = _task_id(session, event["task"])
    if action == "progress":
        task_service.report_progress(
            task_id=task_id, progress=event["progress"], note=event.get("note"), **common
        )
    elif action == "submit":
        task_service.submit_task(task_id=task_id, note=event.get("note"), **common)
    elif action == "sign_off":
        task_service.sign_off_task(task_id=task_id, **common)
    elif action == "block":
        task_service.block_task(
            task_id=task_id, reason=event["reason"], request_code=event.get("request"), **common
        )
    elif action == "unblock":
        task_service.unblock_task(task_id=task_id, **common)
    elif action == "extend":
        task_service.request_extension(
            task_id=task_id,
            proposed_due=date.fromisoformat(event["to"]),
            reason=event["reason"],
            **common,
        )
    elif action == "approve_extension":
        request = _pending_extension(session, task_id)
        task_service.decide_extension(request_id=request, approve=True, note=None, **common)
    elif action == "acknowledge":
        acknowledge_notice(outbox_id=_latest_delivery(session, task_id, actor.label), **common)
    else:
        raise ValueError(f"{DEMO_REPLAY.name}: unknown event {action!r}")


def _pending_extension(session: Session, task_id: int) -> int:
    request_id = session.exec(
        select(ExtensionRequest.id).where(
            ExtensionRequest.task_id == task_id, ExtensionRequest.state == "pending"
        )
    ).first()
    if request_id is None:
        raise ValueError(f"{DEMO_REPLAY.name}: task {task_id} has no pending extension")
    return request_id


def _latest_delivery(session: Session, task_id: int, email: str) -> int:
    outbox_id = session.exec(
        select(OutboxMessage.id)
        .join(Notice, col(Notice.id) == OutboxMessage.notice_id)
        .where(
            Notice.subject_type == "task",
            Notice.subject_id == task_id,
            OutboxMessage.recipient_email == email,
        )
        .order_by(col(OutboxMessage.id).desc())
    ).first()
    if outbox_id is None:
        raise ValueError(f"{DEMO_REPLAY.name}: no notice to {email} about task {task_id}")
    return outbox_id
