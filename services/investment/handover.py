"""The hand-over of a project to the rest of chainops: once registered it has a local company
(an ``Enterprise``, found or made by its credit code), and once started it continues as a key
project (重点项目), so monthly reports, lights and factor requests carry on there.

Starting either links an existing key project of the same chain (by its code) or creates one
with the contract amount as its total investment, for the year it starts in, served by the
chain's lead department. A key project continues one investment project only.
"""

from datetime import date

from sqlmodel import Session, select

from mechanism.wording import Said
from models import Chain, Enterprise, InvestmentProject, KeyProject
from services.investment import projects_checks as check
from services.investment.access import InvestmentRefused
from services.people import lead_department_of


def register_company(
    session: Session,
    project: InvestmentProject,
    *,
    credit_code: str | None,
    company_name: str | None,
) -> None:
    """Set the project's local company: by ``credit_code`` (else the investor's), made an
    enterprise of the city if it is new."""
    if project.enterprise_id is not None and not credit_code:
        return
    code = check.credit_code("company_code", credit_code) or project.investor_credit_code
    if code is None:
        raise InvestmentRefused(
            Said(
                "company_code: a registered project needs its local company's credit code",
                "企业信用代码：注册的项目须填写落地企业的统一社会信用代码",
            ),
            "company_code",
        )
    found = session.exec(select(Enterprise).where(Enterprise.credit_code == code)).first()
    if found is None:
        name = check.text("company_name", company_name, limit=200) or project.investor_name
        found = Enterprise(credit_code=code, name=name, county=project.county)
        session.add(found)
        session.flush()
    project.enterprise_id = found.id


def hand_over(
    session: Session,
    project: InvestmentProject,
    *,
    key_project_code: str | None,
    on: date,
) -> KeyProject:
    """The key project the started ``project`` continues as: the one named, or a new one."""
    if project.enterprise_id is None:
        raise InvestmentRefused(
            Said(
                "company_code: a project starts once registered with its local company",
                "企业信用代码：项目须先注册落地企业才能开工",
            ),
            "company_code",
        )
    if key_project_code and key_project_code.strip():
        return _linked(session, project, key_project_code.strip())
    return _created(session, project, on)


def _linked(session: Session, project: InvestmentProject, code: str) -> KeyProject:
    key = session.exec(select(KeyProject).where(KeyProject.code == code)).first()
    if key is None or key.chain_id != project.chain_id:
        raise InvestmentRefused(
            Said(
                f"key_project: no key project {code!r} on the project's chain",
                f"重点项目：本产业链没有重点项目 {code!r}",
            ),
            "key_project",
        )
    _not_taken(session, project, key)
    return key


def _not_taken(session: Session, project: InvestmentProject, key: KeyProject) -> None:
    other = session.exec(
        select(InvestmentProject.code).where(
            InvestmentProject.key_project_id == key.id, InvestmentProject.id != project.id
        )
    ).first()
    if other is not None:
        raise InvestmentRefused(
            Said(
                f"key_project: {key.code} continues investment project {other} already",
                f"重点项目：{key.code} 已承接招商项目 {other}",
            ),
            "key_project",
        )


def _created(session: Session, project: InvestmentProject, on: date) -> KeyProject:
    taken = session.exec(select(KeyProject).where(KeyProject.code == project.code)).first()
    if taken is not None:
        raise InvestmentRefused(
            Said(
                f"key_project: a key project {project.code} exists already; name it to link it",
                f"重点项目：已有重点项目 {project.code}，请填写其编号以关联",
            ),
            "key_project",
        )
    total = project.contract_amount_wan or project.planned_investment_wan or 0.0
    chain = session.get(Chain, project.chain_id)
    assert chain is not None and project.enterprise_id is not None
    department = lead_department_of(session, project.chain_id)
    key = KeyProject(
        code=project.code,
        name=project.name,
        chain_id=project.chain_id,
        enterprise_id=project.enterprise_id,
        department_id=department.id if department is not None else None,
        year=on.year,
        total_investment=total,
        # The year's plan is the office's to set in the key-project ledger; until then the
        # whole contract stands for it, so the light reads against something real.
        year_planned_investment=total,
    )
    session.add(key)
    session.flush()
    return key
