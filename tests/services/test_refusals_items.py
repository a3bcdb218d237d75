"""Every refusal of the key-project and factor-request services speaks Chinese too.

Each is triggered for real on a copy of the demo city; the English (what the command line, the
JSON API and the other tests read) is as before, and a page in zh-CN has Chinese to show.
"""

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import ProjectRules
from mechanism.request_lifecycle import (
    IllegalRequestMove,
    RequestAction,
    RequestRole,
    check_request_move,
)
from mechanism.vocabulary import FactorType, MilestoneKind, RequestState
from mechanism.wording import zh
from services.config import EngineRules, load_factor_rules
from services.people import actor_by_email
from services.projects import ProjectAccessDenied, ProjectInputError, report_month, show_project
from services.requests import (
    RequestAccessDenied,
    RequestInputError,
    RequestNotFound,
    list_requests,
    submit_request,
    update_request,
)

ROOT = Path(__file__).parent.parent.parent
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # Friday 15:00 in Shanghai
OFFICE, TEAM = "gao.wenbo@example.gov.cn", "guo.jiaqi@example.gov.cn"  # team: not HCHEM's
ZRJ = "liang.xiaoyan@example.gov.cn"  # handles land; YS2026-002 (energy) is not hers
HUASHENG = "liu.qinghua@huasheng-chem.example.com"  # 华晟化工: LC2026-HCHEM-01, YS2026-002
HUASHENG_CODE, HENGTAI_CODE = "91371500914723298G", "9137152131646133XF"
OWN_PROJECT, OTHERS_PROJECT = "LC2026-HCHEM-01", "LC2026-HCHEM-02"  # 华晟's, 恒泰's
CJK = re.compile(r"[\u4e00-\u9fff]")

Case = Callable[[Session], object]


def _submit(by: str = OFFICE, **changes: Any) -> Case:
    def case(session: Session) -> object:
        values: dict[str, Any] = {
            "chain_code": "HCHEM",
            "credit_code": HENGTAI_CODE,
            "project_code": OTHERS_PROJECT,
            "factor_type": "land",
            "quantity": 35.0,
            "unit": "亩",
            "needed_by": date(2027, 3, 31),
            "description": "三期仓储用地指标",
            "factors": FACTORS,
            **changes,
        }
        return submit_request(
            session=session, actor=actor_by_email(session, by), now=NOW, rules=RULES, **values
        )

    return case


def _update(code: str, action: str, by: str = OFFICE) -> Case:
    def case(session: Session) -> object:
        return update_request(
            session=session,
            code=code,
            actor=actor_by_email(session, by),
            action=action,
            reply="已解决",
            now=NOW,
            rules=RULES,
            factors=FACTORS,
        )

    return case


def _report(
    by: str = HUASHENG,
    month: date = date(2026, 10, 1),
    investment: float = 1200.0,
    reached: dict[MilestoneKind, date] | None = None,
) -> Case:
    def case(session: Session) -> object:
        return report_month(
            session=session,
            project_code=OWN_PROJECT,
            actor=actor_by_email(session, by),
            month=month,
            month_investment=investment,
            milestones_reached=reached or {},
            problems=None,
            now=NOW,
            rules=RULES,
            projects=ProjectRules(),
        )

    return case


def _show(code: str, by: str | None) -> Case:
    def case(session: Session) -> object:
        return show_project(
            session=session,
            code=code,
            actor=actor_by_email(session, by) if by else None,
            today=NOW.date(),
            rules=ProjectRules(),
            calendar=RULES.calendar,
        )

    return case


def _list(chain: str) -> Case:
    def case(session: Session) -> object:
        return list_requests(
            session=session, today=NOW.date(), rules=RULES, factors=FACTORS, chain=chain
        )

    return case


_NOWHERE = replace(FACTORS, routing={**FACTORS.routing, FactorType.LAND: "NOPE"})
_ORDER = {MilestoneKind.COMPLETION: date(2026, 5, 1)}  # statistics entry was 2026-05-26

CASES: list[tuple[str, Case, type[Exception], str]] = [
    # the ledger
    ("no project", _show("LC2099-NONE", None), ProjectInputError, "no key project"),
    ("not the firm's", _show(OTHERS_PROJECT, HUASHENG), ProjectAccessDenied, "not your"),
    # monthly reports
    ("not the reporter", _report(by=ZRJ), ProjectAccessDenied, "may not report on"),
    ("month of another year", _report(month=date(2025, 12, 1)), ProjectInputError, "outside"),
    ("month to come", _report(month=date(2026, 12, 1)), ProjectInputError, "in the future"),
    ("no amount", _report(investment=float("nan")), ProjectInputError, "must be a number"),
    ("negative amount", _report(investment=-5), ProjectInputError, "must not be negative"),
    ("implausible amount", _report(investment=2e8), ProjectInputError, "at most 100,000,000 万元"),
    (
        "milestone before the year",
        _report(reached={MilestoneKind.COMPLETION: date(2025, 6, 1)}),
        ProjectInputError,
        "before the project's year began",
    ),
    (
        "milestone to come",
        _report(reached={MilestoneKind.COMPLETION: date(2026, 12, 15)}),
        ProjectInputError,
        "is in the future",
    ),
    ("milestones out of order", _report(reached=_ORDER), ProjectInputError, "is before"),
    # submitting a factor request
    ("unknown chain", _submit(chain_code="NOPE"), RequestInputError, "chain: no chain 'NOPE'"),
    ("unknown firm", _submit(credit_code="X" * 18), RequestInputError, "no enterprise"),
    (
        "firm off the chain",
        _submit(chain_code="BEARING", credit_code=HUASHENG_CODE, project_code=None),
        RequestInputError,
        "is not on the BEARING chain's lists",
    ),
    ("unknown factor", _submit(factor_type="gold"), RequestInputError, "unknown 'gold'"),
    (
        "needed before the project",
        _submit(needed_by=date(2025, 12, 31)),
        RequestInputError,
        "is before project",
    ),
    ("needed in the past", _submit(needed_by=date(2026, 6, 1)), RequestInputError, "in the past"),
    ("no such project", _submit(project_code="LC2099-NONE"), RequestInputError, "no key project"),
    (
        "another firm's project",
        _submit(credit_code=HUASHENG_CODE),
        RequestInputError,
        "is another enterprise's",
    ),
    (
        "another firm's project, by a firm",
        _submit(by=HUASHENG, credit_code=HUASHENG_CODE),
        RequestAccessDenied,
        "is another enterprise's",
    ),
    (
        "project off the chain",
        _submit(chain_code="BEARING"),
        RequestInputError,
        "is not on the BEARING chain",
    ),
    ("for another firm", _submit(by=HUASHENG), RequestAccessDenied, "for itself only"),
    ("not the chain's team", _submit(by=TEAM), RequestAccessDenied, "working group"),
    ("no quantity", _submit(quantity=0.0), RequestInputError, "more than zero"),
    ("no unit", _submit(unit="  "), RequestInputError, "unit: must not be empty"),
    ("a unit too long", _submit(unit="亩" * 17), RequestInputError, "at most 16 characters"),
    ("no description", _submit(description=""), RequestInputError, "say what is needed"),
    ("a quantity past belief", _submit(quantity=1e20), RequestInputError, "at most 1,000,000,000"),
    (
        "a description too long",
        _submit(description="要" * 2001),
        RequestInputError,
        "at most 2000 characters, not 2001",
    ),
    ("routing to nowhere", _submit(factors=_NOWHERE), RequestInputError, "does not exist"),
    # moving one
    ("unknown action", _update("YS2026-001", "approve"), RequestInputError, "unknown 'approve'"),
    ("no such request", _update("YS2099-999", "accept"), RequestNotFound, "no factor request"),
    (
        "another firm's request",
        _update("YS2026-001", "confirm", by=HUASHENG),
        RequestAccessDenied,
        "another enterprise's",
    ),
    ("not from this state", _update("YS2026-001", "accept"), IllegalRequestMove, "cannot accept"),
    (
        "not the handler",
        _update("YS2026-002", "resolve", by=ZRJ),
        IllegalRequestMove,
        "only the handling department or the office may resolve",
    ),
    # reading
    ("list of an unknown chain", _list("NOPE"), RequestInputError, "chain: no chain"),
]


@pytest.mark.parametrize(
    ("case", "refusal", "english"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_item_refusal_keeps_its_english_and_has_chinese(
    demo_city: Session, case: Case, refusal: type[Exception], english: str
) -> None:
    with pytest.raises(refusal) as raised:
        case(demo_city)
    demo_city.rollback()
    assert english in str(raised.value)
    chinese = zh(raised.value)
    assert chinese != str(raised.value) and CJK.search(chinese), chinese


_A, _S = RequestAction, RequestState
_HANDLER, _REQUESTER = frozenset({RequestRole.LEAD_DEPARTMENT}), frozenset({RequestRole.REQUESTER})
MOVES: list[tuple[RequestAction, RequestState, frozenset[RequestRole], dict[str, Any], str]] = [
    (_A.RESOLVE, _S.SUBMITTED, _HANDLER, {"reply": "已解决"}, "cannot resolve"),
    (_A.CONFIRM, _S.RESOLVED, _HANDLER, {"satisfaction": 5}, "only the requester may confirm"),
    (_A.ACCEPT, _S.SUBMITTED, _REQUESTER, {}, "only the handling department or the office"),
    (_A.START, _S.ACCEPTED, _HANDLER, {}, "start: give the plan"),
    (_A.RESOLVE, _S.ACCEPTED, _HANDLER, {"reply": " "}, "resolve: give a reply"),
    (_A.REJECT, _S.SUBMITTED, _HANDLER, {}, "reject: give a reason"),
    (_A.REOPEN, _S.RESOLVED, _REQUESTER, {}, "reopen: give a reason"),
    (_A.CONFIRM, _S.RESOLVED, _REQUESTER, {}, "confirm: give the satisfaction"),
    (_A.CONFIRM, _S.RESOLVED, _REQUESTER, {"satisfaction": 9}, "must be 1 to 5, not 9"),
]


@pytest.mark.parametrize(("action", "state", "roles", "inputs", "english"), MOVES)
def test_each_illegal_move_has_chinese_and_no_command_line_option(
    action: RequestAction,
    state: RequestState,
    roles: frozenset[RequestRole],
    inputs: dict[str, Any],
    english: str,
) -> None:
    with pytest.raises(IllegalRequestMove) as raised:
        check_request_move(action, state, roles, **inputs)
    message = str(raised.value)
    assert english in message and "--" not in message  # a page has no options
    chinese = zh(raised.value)
    assert CJK.search(chinese) and "--" not in chinese, chinese


def test_a_missing_input_is_named_for_the_command_line_to_point_at() -> None:
    with pytest.raises(IllegalRequestMove) as raised:
        check_request_move(_A.START, _S.ACCEPTED, _HANDLER, reply="")
    assert raised.value.needs == "reply"
    assert zh(raised.value) == "出具方案：请填写解决方案"
    with pytest.raises(IllegalRequestMove) as raised:
        check_request_move(_A.ACCEPT, _S.IN_PROGRESS, _HANDLER)
    assert raised.value.needs is None
    assert zh(raised.value) == "要素保障诉求当前为「办理中」，不能「受理」（仅限已提交状态）"
