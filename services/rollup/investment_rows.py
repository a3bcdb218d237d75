"""The month's investment figures for the rollup (精准招商, issue 17): per chain, per county and
for the city — signings and their amounts in the month and the year to date, projects of 1亿
and more, funds arrived against the year's target and 序时进度, the three rates, and the list of
projects signed but not started. Frozen with the rest of the month by ``close_month``.

Every figure is one grouped query by (chain, county), a few hundred groups at most, merged into
the scopes here: a city with 50,000 projects is never loaded row by row (bench/rollup.py).

- A project counts once, at its first signing (``signed_on``); the amounts are the sum of its
  signings' ``counted_wan`` (a re-signing counts its change, a capital increase its increment).
- The rates are over the projects first signed in the year up to the month's end, at the stage
  they stand at when the month is closed (closing follows the month's end).
- The signed-but-not-started light is the pipeline's own rule
  (``mechanism.investment.not_started_light`` with the months of ``PipelineRules``, read from
  ``chainops/config/investment.yaml``), judged on the month's last day: the pipeline list on
  that day and the frozen list give every project the same light.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from mechanism.investment import NotStartedLight, PipelineRules, not_started_light
from mechanism.investment_rates import (
    NOT_STARTED,
    YI_WAN,
    funds_progress,
    months_waiting,
    rates,
    stage_tally,
)
from mechanism.project_lights import add_months
from mechanism.rollup import month_end
from models import (
    Chain,
    FundsArrival,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
)
from services.rollup.chain_maps import chain_maps

Key = tuple[int, str | None]  # (chain id, county)
NOT_STARTED_SHOWN = 100  # the list frozen per scope, longest waiting first; the counts say all
P = InvestmentProject.__table__  # type: ignore[attr-defined]
S = InvestmentSigning.__table__  # type: ignore[attr-defined]
F = FundsArrival.__table__  # type: ignore[attr-defined]


@dataclass
class _Sums:
    """One scope's sums before they become figures."""

    signings: int = 0
    signed_wan: float = 0.0
    signings_ytd: int = 0
    signed_wan_ytd: float = 0.0
    over_1yi: int = 0
    over_1yi_ytd: int = 0
    by_stage: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    contracted_wan: float = 0.0
    arrived_wan: float = 0.0  # for the projects signed this year, up to the month's end
    funds_wan: float = 0.0  # arrived in the month, every project
    funds_ytd_wan: float = 0.0
    not_started: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: "_Sums") -> None:
        for name in ("signings", "signed_wan", "signings_ytd", "signed_wan_ytd", "over_1yi",
                     "over_1yi_ytd", "contracted_wan", "arrived_wan", "funds_wan",
                     "funds_ytd_wan"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for stage, n in other.by_stage.items():
            self.by_stage[stage] += n
        self.not_started.extend(other.not_started)


@dataclass(frozen=True)
class InvestmentFigures:
    """The city's figures (with its counties under ``counties``) and each chain's by id."""

    city: dict[str, Any]
    chains: dict[int, dict[str, Any]]


def investment_figures(
    session: Session,
    month: date,
    *,
    pipeline: PipelineRules = PipelineRules(),
    chain_codes: dict[int, str] | None = None,
) -> InvestmentFigures:
    """The month's investment figures; a month without any investment row gives zeros and
    None rates, never an error. ``chain_codes`` names the chains in the not-started list."""
    first, last, year_start = month, month_end(month), date(month.year, 1, 1)
    groups: dict[Key, _Sums] = defaultdict(_Sums)
    connection = session.connection()
    in_month = sa.case((S.c.signed_on >= first, 1), else_=0)
    first_kind = S.c.kind == "first"
    for chain_id, county, this_month, firsts, wan in connection.execute(
        sa.select(P.c.chain_id, P.c.county, in_month,
                  sa.func.sum(sa.case((first_kind, 1), else_=0)), sa.func.sum(S.c.counted_wan))
        .join(P, P.c.id == S.c.project_id)
        .where(S.c.signed_on >= year_start, S.c.signed_on <= last)
        .group_by(P.c.chain_id, P.c.county, in_month)
    ):  # fmt: skip
        one = groups[(chain_id, county)]
        one.signings_ytd += int(firsts or 0)
        one.signed_wan_ytd += float(wan or 0.0)
        if this_month:
            one.signings += int(firsts or 0)
            one.signed_wan += float(wan or 0.0)
    signed_this_year = sa.and_(P.c.signed_on >= year_start, P.c.signed_on <= last)
    size = sa.func.coalesce(P.c.contract_amount_wan, P.c.planned_investment_wan, 0.0)
    project_in_month = sa.case((P.c.signed_on >= first, 1), else_=0)
    big = sa.case((size >= YI_WAN, 1), else_=0)
    for chain_id, county, this_month, stage, count, bigs in connection.execute(
        sa.select(P.c.chain_id, P.c.county, project_in_month, P.c.stage, sa.func.count(),
                  sa.func.sum(big))
        .where(signed_this_year)
        .group_by(P.c.chain_id, P.c.county, project_in_month, P.c.stage)
    ):  # fmt: skip
        one = groups[(chain_id, county)]
        one.by_stage[stage] += int(count)
        one.over_1yi_ytd += int(bigs or 0)
        if this_month:
            one.over_1yi += int(bigs or 0)
    for chain_id, county, wan in connection.execute(
        sa.select(P.c.chain_id, P.c.county, sa.func.sum(S.c.counted_wan))
        .join(P, P.c.id == S.c.project_id)
        .where(signed_this_year, S.c.signed_on <= last)
        .group_by(P.c.chain_id, P.c.county)
    ):
        groups[(chain_id, county)].contracted_wan += float(wan or 0.0)
    for chain_id, county, wan in connection.execute(
        sa.select(P.c.chain_id, P.c.county, sa.func.sum(F.c.amount_wan))
        .join(P, P.c.id == F.c.project_id)
        .where(signed_this_year, F.c.month <= first)
        .group_by(P.c.chain_id, P.c.county)
    ):
        groups[(chain_id, county)].arrived_wan += float(wan or 0.0)
    funds_in_month = sa.case((F.c.month == first, 1), else_=0)
    for chain_id, county, this_month, wan in connection.execute(
        sa.select(P.c.chain_id, P.c.county, funds_in_month, sa.func.sum(F.c.amount_wan))
        .join(P, P.c.id == F.c.project_id)
        .where(F.c.month >= year_start, F.c.month <= first)
        .group_by(P.c.chain_id, P.c.county, funds_in_month)
    ):
        one = groups[(chain_id, county)]
        one.funds_ytd_wan += float(wan or 0.0)
        if this_month:
            one.funds_wan += float(wan or 0.0)
    _not_started(connection, groups, last, pipeline, chain_codes or {})
    targets: dict[int, float] = {
        chain_id: float(target)
        for chain_id, target in connection.execute(
            sa.select(
                col(InvestmentYearTarget.chain_id), col(InvestmentYearTarget.funds_target_wan)
            ).where(col(InvestmentYearTarget.year) == month.year)
        )
    }
    return _scopes(groups, targets, last)


def _not_started(
    connection: sa.Connection,
    groups: dict[Key, _Sums],
    last: date,
    pipeline: PipelineRules,
    codes: dict[int, str],
) -> None:
    """Projects signed and not started whose light is yellow or red on the month's end."""
    # Every first signing on or before this day is at least the yellow months old at the
    # month's end, so the query needs no per-row date arithmetic; the light itself is still
    # the mechanism's, row by row, over these few.
    latest = _months_before(last, pipeline.not_started_yellow_months)
    for row in connection.execute(
        sa.select(P.c.code, P.c.name, P.c.chain_id, P.c.county, P.c.stage, P.c.signed_on,
                  P.c.contract_amount_wan)
        .where(P.c.signed_on <= latest, P.c.stage.in_(sorted(NOT_STARTED)))
        .order_by(P.c.signed_on, P.c.code)
    ):  # fmt: skip
        light = not_started_light(row.stage, row.signed_on, last, pipeline)
        if light is None or light is NotStartedLight.GREEN:
            continue
        groups[(row.chain_id, row.county)].not_started.append(
            {
                "code": row.code,
                "name": row.name,
                "chain": codes.get(row.chain_id),
                "county": row.county,
                "stage": row.stage,
                "signed_on": row.signed_on.isoformat(),
                "contract_wan": row.contract_amount_wan,
                "months": months_waiting(row.signed_on, last),
                "light": light.value,
            }
        )


def _months_before(last: date, n: int) -> date:
    """The last day of the month ``n`` months before: at a month's end, any first signing in
    that month or earlier is ``n`` whole months old (whole_months counts 07-01 → 10-31 as 3)."""
    return month_end(add_months(last.replace(day=1), -n))


def _scopes(groups: dict[Key, _Sums], targets: dict[int, float], last: date) -> InvestmentFigures:
    by_chain: dict[int, _Sums] = defaultdict(_Sums)
    by_county: dict[str, _Sums] = defaultdict(_Sums)
    city = _Sums()
    for (chain_id, county), sums in groups.items():
        by_chain[chain_id].add(sums)
        if county:
            by_county[county].add(sums)
        city.add(sums)
    city_target = sum(targets.values()) if targets else None
    city_figures = figures(city, city_target, last)
    city_figures["counties"] = {
        county: figures(sums, None, last, with_list=False)
        for county, sums in sorted(by_county.items())
    }
    chains = {
        chain_id: figures(by_chain.get(chain_id, _Sums()), targets.get(chain_id), last)
        for chain_id in set(by_chain) | set(targets)
    }
    return InvestmentFigures(city_figures, chains)


def figures(
    sums: _Sums, target: float | None, last: date, *, with_list: bool = True
) -> dict[str, Any]:
    """One scope's frozen figures (the ``investment`` key), the same keys in every scope."""
    tally = stage_tally(sums.by_stage)
    waiting = sorted(sums.not_started, key=lambda p: (-p["months"], p["signed_on"], p["code"]))
    result: dict[str, Any] = {
        "signings": sums.signings,
        "signed_wan": round(sums.signed_wan, 2),
        "signings_ytd": sums.signings_ytd,
        "signed_wan_ytd": round(sums.signed_wan_ytd, 2),
        "over_1yi": sums.over_1yi,
        "over_1yi_ytd": sums.over_1yi_ytd,
        "funds_wan": round(sums.funds_wan, 2),
        "funds_ytd_wan": round(sums.funds_ytd_wan, 2),
        **funds_progress(arrived_ytd_wan=sums.funds_ytd_wan, target_wan=target, month_end=last),
        **tally,
        "contracted_wan": round(sums.contracted_wan, 2),
        "arrived_wan": round(sums.arrived_wan, 2),
        **rates(**tally, contracted_wan=sums.contracted_wan, arrived_wan=sums.arrived_wan),
        "not_started_total": len(waiting),
        "not_started_yellow": sum(1 for p in waiting if p["light"] == "yellow"),
        "not_started_red": sum(1 for p in waiting if p["light"] == "red"),
    }
    if with_list:
        result["not_started"] = waiting[:NOT_STARTED_SHOWN]
    return result


def empty_figures(last: date) -> dict[str, Any]:
    """A chain without any investment row: zeros, None rates, an empty list."""
    return figures(_Sums(), None, last)


def add_investment(
    session: Session,
    month: date,
    chains: Sequence[Chain],
    chain_figures: dict[str, dict[str, Any]],
    city_figures: dict[str, Any],
    *,
    pipeline: PipelineRules = PipelineRules(),
) -> None:
    """Put the month's ``investment`` key into every chain's figures and the city's, and each
    chain's ``map`` as it stands at the close (drawn in the bulletin, frozen like the rest)."""
    last = month_end(month)
    codes = {c.id or 0: c.code for c in chains}
    found = investment_figures(session, month, pipeline=pipeline, chain_codes=codes)
    maps = chain_maps(session, last)
    for chain_id, code in codes.items():
        chain_figures[code]["investment"] = found.chains.get(chain_id) or empty_figures(last)
        chain_figures[code]["map"] = maps.get(chain_id, [])
    city_figures["investment"] = found.city
