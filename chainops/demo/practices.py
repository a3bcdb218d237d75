"""The demo's tour record (巡链记录), filed and followed up through ``services.practices`` as the
bearing chain's working group would: the chain leader leads a tour of a bearing maker and the
bearing industrial park, three problems are written down, the first becomes a task for the
raw-materials section of the industry bureau, the second a land request of the chain master,
and the third is left for the next dispatch meeting (unturned, as many are).

The tour's period and its task are the daily ``standing-practices`` step's (run before this);
without them there is nothing to record, which is said plainly rather than made up here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from chainops import wiring
from mechanism.practices import Cadence, period_of
from models import Chain, FactorRequest, PracticePeriod, PracticeProblem, PracticeRecord, Task
from services.config import EngineRules
from services.people import actor_by_email
from services.practices import file_record, problem_to_request, problem_to_task

CHAIN = "BEARING"
RECORDER = "guo.jiaqi@example.gov.cn"  # the bearing chain's working group (装备工业科)
TASK_DEPARTMENT, TASK_OWNER, TASK_CO = "GXJ", "du.yuhang@example.gov.cn", ("KJJ",)
WANTONG = "913715818438126800"  # 示范万通轴承集团有限公司, the chain master
PARTICIPANTS = (
    "李振华（常务副市长、轴承产业链链长）、郭佳琪（市工信局装备工业科）、"
    "市发改委、市自然资源和规划局、临清市政府有关负责同志"
)
PLACES = "示范万通轴承集团有限公司（风电主轴轴承项目现场）；临清轴承产业园（检测中心、标准厂房）"
SUMMARY = (
    "链长带队赴示范万通轴承集团和临清轴承产业园调研，察看风电主轴轴承项目建设进度，"
    "听取企业关于用地、原材料配套和检测认证的诉求，现场研究解决措施。"
)
PROBLEMS = (
    "高端轴承钢依赖外地钢厂，本地配套率不足两成，需对接省内钢企建立稳定供应",
    "风电主轴轴承项目二期用地指标缺口约120亩，影响明年开工",
    "轴承检测认证平台建设滞后，企业送检需赴外地，周期长、费用高",
)


class DemoPracticeMissing(LookupError):
    """The demo's tour period is not there: the standing-practices step has not run."""


@dataclass(frozen=True)
class DemoTour:
    record: PracticeRecord
    task: Task
    request: FactorRequest


def record_demo_tour(
    session: Session, *, now: datetime, rules: EngineRules, held_on: date | None = None
) -> DemoTour:
    """File the bearing chain's tour of this quarter (held on ``held_on``, today by default)
    and turn two of its three problems into work; once (a second call finds the first)."""
    today = rules.today(now)
    period = _tour_period(session, today)
    done = _recorded(session, period)
    if done is not None:
        return done
    actor = actor_by_email(session, RECORDER)
    record = file_record(
        session=session,
        actor=actor,
        period_id=period.id or 0,
        held_on=held_on or today,
        participants=PARTICIPANTS,
        places=PLACES,
        summary=SUMMARY,
        problems=PROBLEMS,
        now=now,
        rules=rules,
    )
    first, second, _third = session.exec(
        select(PracticeProblem)
        .where(PracticeProblem.record_id == record.id)
        .order_by(col(PracticeProblem.position))
    ).all()
    task = problem_to_task(
        session=session,
        actor=actor,
        problem_id=first.id or 0,
        lead_department=TASK_DEPARTMENT,
        owner_email=TASK_OWNER,
        working_days=20,
        co_departments=TASK_CO,
        now=now,
        rules=rules,
    )
    request = problem_to_request(
        session=session,
        actor=actor,
        problem_id=second.id or 0,
        credit_code=WANTONG,
        factor_type="land",
        quantity=120.0,
        unit="亩",
        needed_by=date(today.year + 1, 6, 30),
        now=now,
        rules=rules,
        factors=wiring.factor_rules(),
    )
    return DemoTour(record=record, task=task, request=request)


def _recorded(session: Session, period: PracticePeriod) -> DemoTour | None:
    record = session.exec(
        select(PracticeRecord).where(
            PracticeRecord.period_id == period.id, PracticeRecord.summary == SUMMARY
        )
    ).first()
    if record is None:
        return None
    problems = session.exec(
        select(PracticeProblem).where(PracticeProblem.record_id == record.id)
    ).all()
    task = next((session.get(Task, p.task_id) for p in problems if p.task_id), None)
    request = next(
        (session.get(FactorRequest, p.request_id) for p in problems if p.request_id), None
    )
    assert task is not None and request is not None, "the demo's tour was left half done"
    return DemoTour(record=record, task=task, request=request)


def _tour_period(session: Session, today: date) -> PracticePeriod:
    quarter = period_of(Cadence.QUARTERLY, today)
    found = session.exec(
        select(PracticePeriod)
        .join(Chain, col(Chain.id) == PracticePeriod.chain_id)
        .where(
            Chain.code == CHAIN,
            PracticePeriod.practice == "tour",
            col(PracticePeriod.starts_on) <= today,
            col(PracticePeriod.ends_on) >= today,
        )
    ).first()
    if found is None:
        raise DemoPracticeMissing(
            f"the demo has no {CHAIN} tour (巡链) period holding {today} ({quarter.name}): "
            "run the standing-practices step before recording the demo's tour"
        )
    return found
