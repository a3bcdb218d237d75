"""Where the parts meet: the engine, sessions and the clock, built from settings once.

The clock: every entry point — the CLI, the flows, each page and API route — takes "now" from
:func:`now`, so one setting (``CHAINOPS_CLOCK``, a fixed local date-time, development only)
makes pages, mails and commands agree on "today". The web app is built from settings of its
own (the demo's, a test's), not always the environment's; while it serves a request,
:func:`serving` makes those the settings :func:`now` reads, so a page added later cannot
forget to pass them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from chainops.calendar_setup import working_calendar
from chainops.settings import Settings, get_settings
from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from mechanism.factor_requests import FactorRules
from mechanism.investment import PipelineRules
from mechanism.ladder import LadderConfig
from mechanism.lights import LightRules
from mechanism.matchmaking import HeldRules
from mechanism.points import PointsRules
from mechanism.practices import PracticeRules
from mechanism.project_lights import ProjectRules
from mechanism.ranking import Weights
from mechanism.routing import Routes
from models.db import make_engine, session_scope
from notifications.transports import Transport, make_transport
from services import benchmarks
from services.config import (
    Channel,
    EngineRules,
    cached_benchmark_indicators,
    cached_designation_kinds,
    cached_factor_rules,
    cached_practice_rules,
    live,
    load_channels,
    load_ladder_and_routes,
    load_matchmaking_rules,
    load_pipeline_rules,
    load_points,
    load_project_rules,
    load_weights,
    robot_transports,
    robots_by_chain,
    sms_transport,
)
from services.database import schema_problem
from services.outbox import Channels, DispatchRules
from services.people import mobiles_of
from services.practices import bulletin_practices as practices_of_month
from services.replies import MailboxConfig
from services.rollup import FiguresOf, GapsOf
from services.workbook import SheetLimits


class NotReady(RuntimeError):
    """The database cannot be used yet; the message says what to run."""


@lru_cache
def engine_for(url: str) -> sa.Engine:
    return make_engine(url)


def engine(settings: Settings | None = None) -> sa.Engine:
    return engine_for((settings or get_settings()).database_url)


@contextmanager
def session(settings: Settings | None = None) -> Iterator[Session]:
    """A committed-on-success session on a database whose schema is current."""
    bound = engine(settings)
    problem = schema_problem(bound)
    if problem:
        raise NotReady(problem)
    with session_scope(bound) as opened:
        yield opened


_serving: ContextVar[Settings | None] = ContextVar("chainops_serving", default=None)


@contextmanager
def serving(settings: Settings) -> Iterator[None]:
    """Within this block (one web request), :func:`now` and :func:`today` read ``settings``."""
    token = _serving.set(settings)
    try:
        yield
    finally:
        _serving.reset(token)


def _current(settings: Settings | None) -> Settings:
    return settings or _serving.get() or get_settings()


def now(settings: Settings | None = None) -> datetime:
    """Now, in UTC: CHAINOPS_CLOCK's fixed moment when it is set, else the real clock."""
    return _current(settings).fixed_now or datetime.now(UTC)


def today(settings: Settings | None = None) -> date:
    """Today in the city's time zone: what offices call today."""
    chosen = _current(settings)
    return now(chosen).astimezone(chosen.zone).date()


def engine_rules(settings: Settings | None = None) -> EngineRules:
    """The calendar, ladder, light thresholds and zone the engine runs with."""
    chosen = settings or get_settings()
    ladders, lights, routes = _ladder_file(str(chosen.ladder_file))
    channels = live_channels(chosen)
    return EngineRules(
        calendar=working_calendar(chosen),
        zone=chosen.zone,
        ladders=ladders,
        lights=lights,
        office_mailbox=chosen.office_email,
        notice_prefix=chosen.notice_prefix,
        number_template=chosen.notice_number_format,
        routes=routes,
        robots=robots_by_chain(channels),
        department_robots=robots_by_chain(channels, "department"),
        sms=any(channel.kind == "sms" for channel in channels),
    )


@lru_cache
def _ladder_file(path: str) -> tuple[LadderConfig, LightRules, Routes]:
    return load_ladder_and_routes(Path(path))


def dispatch_rules(settings: Settings | None = None) -> DispatchRules:
    """How and when the outbox is delivered, from the settings."""
    chosen = settings or get_settings()
    return DispatchRules(
        zone=chosen.zone,
        calendar=working_calendar(chosen),
        window=chosen.window,
        sender=chosen.email_from,
        sender_name=chosen.email_from_name,
        office_name=chosen.office_name,
        secret=chosen.secret_key.get_secret_value(),
        base_url=chosen.base_url,
        default_locale=chosen.locale,
        max_attempts=chosen.max_attempts,
        retry_base_seconds=chosen.retry_base_seconds,
        ack_valid_days=chosen.ack_valid_days,
        reply_mailbox=chosen.reply_address,
    )


def mailbox(settings: Settings | None = None) -> MailboxConfig | None:
    """The progress mailbox replies are collected from (CHAINOPS_IMAP_*); None without a host."""
    chosen = settings or get_settings()
    if not chosen.imap_host:
        return None
    password = chosen.imap_password.get_secret_value() if chosen.imap_password else ""
    return MailboxConfig(
        host=chosen.imap_host,
        port=chosen.imap_port_used,
        security=chosen.imap_security,
        user=chosen.imap_user or chosen.reply_address or chosen.email_from,
        password=password,
        folder=chosen.imap_folder,
        done_folder=chosen.imap_done_folder,
    )


def transport(settings: Settings | None = None, *, outbox_dir: Path | None = None) -> Transport:
    """The configured transport: .eml files in the outbox folder, or SMTP through yagmail."""
    chosen = settings or get_settings()
    password = chosen.smtp_password.get_secret_value() if chosen.smtp_password else None
    return make_transport(
        kind=chosen.email_transport,
        outbox_dir=outbox_dir or chosen.outbox_dir,
        host=chosen.smtp_host,
        port=chosen.smtp_port,
        security=chosen.smtp_tls,
        user=chosen.smtp_user,
        password=password,
        sender=chosen.email_from,
    )


def project_rules(settings: Settings | None = None) -> ProjectRules:
    """Project light thresholds and the monthly report deadline (CHAINOPS_PROJECTS_FILE)."""
    return load_project_rules((settings or get_settings()).projects_file)


def matchmaking_rules(settings: Settings | None = None) -> HeldRules:
    """When an event may be held, and its follow-up days (CHAINOPS_MATCHMAKING_FILE)."""
    return load_matchmaking_rules((settings or get_settings()).matchmaking_file)


def pipeline_rules(settings: Settings | None = None) -> PipelineRules:
    """The investment pipeline's filing days and not-started lights (CHAINOPS_INVESTMENT_FILE)."""
    return load_pipeline_rules((settings or get_settings()).investment_file)


def factor_rules(settings: Settings | None = None) -> FactorRules:
    """Routing, service levels and the ladder of factor requests (CHAINOPS_FACTORS_FILE)."""
    return cached_factor_rules(str((settings or get_settings()).factors_file))


def designation_kinds(settings: Settings | None = None) -> tuple[Kind, ...]:
    """The kinds of title an enterprise may hold (CHAINOPS_DESIGNATIONS_FILE)."""
    return cached_designation_kinds(str((settings or get_settings()).designations_file))


def benchmark_indicators(settings: Settings | None = None) -> tuple[Indicator, ...]:
    """The default benchmarking indicators (CHAINOPS_BENCHMARKS_FILE)."""
    return cached_benchmark_indicators(str((settings or get_settings()).benchmarks_file))


def bulletin_gaps(settings: Settings | None = None) -> GapsOf:
    """What a monthly close freezes as the bulletin's gap lists (``close_month``'s
    ``benchmark_gaps``), with the configured indicators and title kinds."""
    return partial(
        benchmarks.bulletin_gaps,
        catalogue=benchmark_indicators(settings),
        kinds=designation_kinds(settings),
    )


def practice_rules(settings: Settings | None = None) -> PracticeRules:
    """The standing practices and their per-chain overrides (CHAINOPS_MECHANISM_FILE)."""
    return cached_practice_rules(str((settings or get_settings()).mechanism_file))


def bulletin_practices(settings: Settings | None = None) -> FiguresOf:
    """What a monthly close freezes as ``practices`` (``close_month``'s ``practices``): the
    standing practices' periods and gaps, named as the mechanism file names them."""
    return partial(practices_of_month, practices=practice_rules(settings))


def sheet_limits(settings: Settings | None = None) -> SheetLimits:
    """The largest sheet an import reads (CHAINOPS_IMPORT_MAX_ROWS, _MAX_COLUMNS)."""
    chosen = settings or get_settings()
    return SheetLimits(rows=chosen.import_max_rows, columns=chosen.import_max_columns)


def ranking_weights(settings: Settings | None = None) -> Weights:
    """How the monthly bulletin weighs the parts of a score (CHAINOPS_ROLLUP_FILE)."""
    return load_weights((settings or get_settings()).rollup_file)


def ranking_points(settings: Settings | None = None) -> PointsRules | None:
    """The bulletin's points table when CHAINOPS_ROLLUP_FILE says ``ranking: points``; None
    when it ranks by the weighted mean (``close_month``'s ``points``)."""
    return load_points((settings or get_settings()).rollup_file)


def live_channels(settings: Settings | None = None) -> list[Channel]:
    """The channels (robots, SMS) enabled in the channels file and not switched off city-wide."""
    chosen = settings or get_settings()
    return live(_channels_file(str(chosen.channels_file)), chosen.channel_switches)


@lru_cache
def _channels_file(path: str) -> tuple[Channel, ...]:
    return load_channels(Path(path))


def channels(settings: Settings | None = None) -> Channels:
    """The transports of the live channels, their secrets read now, for one dispatch run."""
    chosen = settings or get_settings()
    found = live_channels(chosen)
    sms, template, template_text = sms_transport(found)
    return Channels(
        robots=robot_transports(found),
        sms=sms,
        sms_template=template,
        sms_template_text=template_text,
        mobiles=partial(mobiles_of, engine(chosen), allowing="sms"),
        mention_mobiles=partial(mobiles_of, engine(chosen), allowing="robot_mentions"),
    )
