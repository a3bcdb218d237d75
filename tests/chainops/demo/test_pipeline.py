"""The demo's investment pipeline on 1 December: one project at every stage, the signed one not
started four months on (yellow), the started ones continuing as existing key projects (none
made), a re-signing and a capital increase counted as the rules say, funds arrived by month,
every filing task signed off, and a funds target for every chain."""

from datetime import date
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlmodel import Session, select

from mechanism.investment import PipelineRules, ProjectStage, not_started_light
from models import (
    Chain,
    FundsArrival,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
    KeyProject,
    Task,
)
from models.db import make_engine

LAST_DAY = date(2026, 12, 1)
CITY = Path(__file__).parents[3] / "chainops" / "demo" / "city.yaml"


def _projects(session: Session) -> dict[str, InvestmentProject]:
    return {p.code: p for p in session.exec(select(InvestmentProject))}


def test_the_demo_pipeline_has_a_project_at_every_stage(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    with Session(engine) as session:
        projects = _projects(session)
        stages = sorted(p.stage for p in projects.values())
        assert stages == sorted(s.value for s in ProjectStage)
        terminated = next(p for p in projects.values() if p.stage == "terminated")
        assert terminated.terminated_reason and terminated.signed_on is not None

        signed = projects["ZS2026-NFMET-01"]
        assert (signed.stage, signed.signed_on) == ("signed", date(2026, 8, 3))
        light = not_started_light(signed.stage, signed.signed_on, LAST_DAY, PipelineRules())
        assert light is not None and light.value == "yellow"

        # Started or beyond: each continues as a key project of the city as imported.
        imported = {row["code"] for row in yaml.safe_load(CITY.read_text())["key_projects"]}
        keys = {k.id: k.code for k in session.exec(select(KeyProject))}
        assert set(keys.values()) == imported  # the pipeline made no key project
        linked = {
            p.code: keys[p.key_project_id or 0]
            for p in projects.values()
            if p.stage in ("started", "building", "producing", "at_capacity")
        }
        assert linked == {
            "ZS2026-HCHEM-02": "LC2026-HCHEM-02",
            "ZS2026-AUTO-02": "LC2026-AUTO-02",
            "ZS2026-BEARING-01": "LC2026-BEARING-02",
            "ZS2026-NFMET-02": "LC2026-NFMET-03",
        }
        assert projects["ZS2026-HCHEM-02"].started_on == date(2026, 10, 19)
    engine.dispose()


def test_signings_count_once_and_the_filing_tasks_are_closed(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    with Session(engine) as session:
        projects = _projects(session)
        by_kind = {
            (s.project_id, s.kind): (s.amount_wan, s.counted_wan)
            for s in session.exec(select(InvestmentSigning))
        }
        copper, nylon = projects["ZS2026-NFMET-01"], projects["ZS2026-HCHEM-02"]
        # Re-signed at 195,000 after 180,000: counted 15,000; the total is the new agreement.
        assert by_kind[(copper.id, "re_signing")] == (195000, 15000)
        assert copper.contract_amount_wan == 195000
        # A capital increase of 50,000 on 800,000: only the increment counts.
        assert by_kind[(nylon.id, "capital_increase")] == (50000, 50000)
        assert nylon.contract_amount_wan == 850000
        firsts = [k for k in by_kind if k[1] == "first"]
        assert len(firsts) == sum(p.signed_on is not None for p in projects.values()) == 7

        tasks = session.exec(select(Task.state).where(Task.source == "investment")).all()
        assert tasks == ["signed_off"] * 7
        assert all(p.filed_on is not None for p in projects.values() if p.signed_on)

        funds = session.exec(
            select(FundsArrival.month, FundsArrival.amount_wan).where(
                FundsArrival.project_id == nylon.id
            )
        ).all()
        assert sorted(funds) == [
            (date(2026, 7, 1), 30000),
            (date(2026, 8, 1), 45000),
            (date(2026, 9, 1), 52000),
            (date(2026, 10, 1), 60000),
        ]
        targets = session.exec(select(sa.func.count()).select_from(InvestmentYearTarget)).one()
        assert targets == session.exec(select(sa.func.count()).select_from(Chain)).one() == 10
    engine.dispose()
