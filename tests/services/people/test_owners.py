"""The owner of a task the system makes for a department: the department's mailbox person
first, else its first person; nobody for a department without people."""

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from models import Chain, Department
from services.people import department_owner, lead_department_of
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _city(session: Session, tmp_path: Path, people: list[list[str]]) -> None:
    sheets = small_city()
    sheets["People"] = [sheets["People"][0], *people]
    import_workbook(
        session=session,
        workbook=read_workbook(write_workbook(tmp_path / "city.xlsx", sheets)),
        actor="t",
        now=NOW,
    )
    session.commit()


def _department(session: Session, code: str) -> int:
    department = session.exec(select(Department).where(Department.code == code)).one()
    assert department.id is not None
    return department.id


def test_the_departments_mailbox_person_owns_its_tasks(session: Session, tmp_path: Path) -> None:
    _city(
        session,
        tmp_path,
        [
            ["wang.lei@example.gov.cn", "王磊", "GXJ", "副局长"],
            ["gxj@example.gov.cn", "工信局综合科", "GXJ", "科室"],
            ["li.na@example.gov.cn", "李娜", "ZRJ", "科长"],
        ],
    )
    owner = department_owner(session, _department(session, "GXJ"))
    assert owner is not None and owner.email == "gxj@example.gov.cn"


def test_else_the_departments_first_person(session: Session, tmp_path: Path) -> None:
    _city(
        session,
        tmp_path,
        [
            ["li.na@example.gov.cn", "李娜", "ZRJ", "科长"],
            ["zhao@example.gov.cn", "赵", "ZRJ", "员"],
            ["wang.lei@example.gov.cn", "王磊", "ZRJ", "副局长"],
        ],
    )
    owner = department_owner(session, _department(session, "ZRJ"))
    assert owner is not None and owner.email == "li.na@example.gov.cn"
    assert department_owner(session, _department(session, "GXJ")) is None


def test_the_chains_lead_department_comes_from_its_roster(session: Session, tmp_path: Path) -> None:
    _city(
        session,
        tmp_path,
        [
            ["wang.lei@example.gov.cn", "王磊", "GXJ", "副局长"],
            ["li.na@example.gov.cn", "李娜", "ZRJ", "科长"],
        ],
    )
    chain = session.exec(select(Chain)).one()
    assert chain.id is not None
    lead = lead_department_of(session, chain.id)
    assert lead is not None and lead.code == "GXJ"
