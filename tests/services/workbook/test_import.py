"""Importing a workbook: validated whole, written only when all of it is right, idempotent."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.wording import zh
from models import Chain, MechanismItem, Task, TaskCoDepartment
from services.workbook import WorkbookInvalid, import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, small_city, snapshot, write_workbook


def _import(session: Session, path: Path, now: datetime) -> dict[str, tuple[int, int, int]]:
    summary = import_workbook(
        session=session, workbook=read_workbook(path), actor="office", now=now
    )
    session.commit()
    return {k: (c.created, c.updated, c.unchanged) for k, c in summary.sheets.items()}


def test_it_imports_a_city_and_a_second_import_changes_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", small_city())

    first = _import(session, path, now)
    before = snapshot(session)
    second = _import(session, path, now)

    assert first["plan_tasks"] == (2, 0, 0)
    assert second["plan_tasks"] == (0, 0, 2)
    assert all(created == updated == 0 for created, updated, _ in second.values())
    assert snapshot(session) == before


def test_it_reads_every_form_of_date_and_keeps_the_original_due_date(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)

    tasks = session.exec(select(Task).order_by(Task.id)).all()  # type: ignore[arg-type]
    assert [(t.start_date, t.due_date, t.original_due_date) for t in tasks] == [
        (date(2026, 3, 1), date(2026, 6, 30), date(2026, 6, 30)),
        (date(2026, 3, 1), date(2026, 12, 31), date(2026, 12, 31)),
    ]
    assert tasks[1].title == "=SUM(1,2) looks like a formula"
    assert len(session.exec(select(TaskCoDepartment)).all()) == 1


def test_a_new_chain_gets_the_default_five_element_checklist(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)

    chain = session.exec(select(Chain)).one()
    codes = session.exec(
        select(MechanismItem.code)
        .where(MechanismItem.chain_id == chain.id)
        .order_by(MechanismItem.position)  # type: ignore[arg-type]
    ).all()
    assert codes == [
        "chain_leader",
        "lead_department",
        "map_and_lists",
        "action_plan",
        "chain_master_and_experts",
    ]


def test_it_reports_every_bad_row_with_sheet_row_and_column_and_writes_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)
    before = snapshot(session)
    sheets = small_city()
    sheets["Enterprises"].append(["91371500MA3C4K7P2E", "坏代码公司"])  # wrong check character
    sheets["Plan tasks"].append(
        ["BEARING", 2026, 3, "无责任人的任务", "GXJ", None, None, "2026-04-01", "2026-09-30"]
    )
    sheets["Plan tasks"].append(
        [
            "BEARING",
            2026,
            4,
            "日期写错",
            "GXJ",
            "wang.lei@example.gov.cn",
            None,
            "2026-04-01",
            "下个月底",
        ]
    )
    sheets["Chains"].append(["NEWCHAIN", "新链", "New chain", 2])  # valid: must not be written
    path = write_workbook(tmp_path / "bad.xlsx", sheets)

    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, path, now)
    session.rollback()

    found = [(e.sheet, e.row, e.column) for e in raised.value.errors]
    assert found == [
        ("Enterprises", 3, "Credit code"),
        ("Plan tasks", 4, "Owner email"),
        ("Plan tasks", 5, "Due date"),
    ]
    messages = [e.message for e in raised.value.errors]
    assert "check character" in messages[0]
    assert "required" in messages[1]
    assert "下个月底" in messages[2]
    assert snapshot(session) == before


def test_it_accepts_chinese_headers_and_labels(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(
        tmp_path / "zh.xlsx",
        {
            "产业链": [["产业链编码", "产业链名称", "英文名称*"], ["PAPER", "造纸", "Paper"]],
            "企业": [["统一社会信用代码", "企业名称"], [BEARING_CODE.lower(), "示范纸业"]],
            "链上企业": [
                ["产业链编码", "统一社会信用代码", "角色"],
                ["PAPER", BEARING_CODE, "专精特新"],
            ],
        },
    )
    counts = _import(session, path, now)
    assert counts == {"chains": (1, 0, 0), "enterprises": (1, 0, 0), "memberships": (1, 0, 0)}


def test_a_workbook_with_the_old_tier_column_is_sent_to_the_designations_sheet(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(
        tmp_path / "old.xlsx",
        {
            "链上企业": [
                ["产业链编码", "统一社会信用代码", "角色", "专精特新层级"],
                ["PAPER", BEARING_CODE, "专精特新", "国家级小巨人"],
            ],
        },
    )
    before = snapshot(session)
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, path, now)
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("链上企业", 1, "专精特新层级")
    assert "designations sheet" in str(error.message) and "企业称号" in zh(error.message)
    assert snapshot(session) == before


def test_it_names_unknown_and_missing_columns_and_unknown_references(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "Chains": [["Code", "Name (Chinese)", "Colour"], ["X", "某链", "red"]],
        },
    )
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, path, now)
    assert [(e.row, e.column) for e in raised.value.errors] == [(1, "Colour"), (1, "英文名称")]

    sheets = small_city()
    sheets["People"].append(["zhao@example.gov.cn", "赵六", "NOPE"])
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "ref.xlsx", sheets), now)
    assert [str(e) for e in raised.value.errors] == [
        "sheet 'People', row 4, column 'Department code': "
        "no department 'NOPE' in the workbook or the database"
    ]


def test_a_workbook_may_refer_to_what_the_database_already_holds(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)
    later = {
        "Plan tasks": [
            small_city()["Plan tasks"][0],
            [
                "BEARING",
                2026,
                3,
                "组织链主企业对接会",
                "GXJ",
                "wang.lei@example.gov.cn",
                None,
                "2026-05-01",
                "2026-07-31",
            ],
        ]
    }
    counts = _import(session, write_workbook(tmp_path / "later.xlsx", later), now)
    assert counts == {"plan_tasks": (1, 0, 0)}


def test_a_revised_plan_updates_its_task_and_says_so(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)
    sheets = small_city()
    sheets["Plan tasks"][1][8] = "2026-07-31"
    counts = _import(session, write_workbook(tmp_path / "revised.xlsx", sheets), now)
    assert counts["plan_tasks"] == (0, 1, 1)
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    assert task.due_date == task.original_due_date == date(2026, 7, 31)


def test_a_misspelt_sheet_is_an_error_not_skipped_but_a_notes_sheet_is_fine(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["说明"] = [["这是说明"]]
    sheets["行动计划"] = sheets.pop("Plan tasks")
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "typo.xlsx", sheets), now)
    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [("行动计划", None, None)]
    assert "unknown sheet; known sheets: 部门、人员" in raised.value.errors[0].message


def test_a_request_without_a_department_goes_where_the_routing_sends_its_type(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Factor requests"][1][9] = None  # no handling department given
    path = write_workbook(tmp_path / "city.xlsx", sheets)

    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [
        ("Factor requests", 2, "Handling department")
    ]
    assert "route the factor type in factors.yaml" in raised.value.errors[0].message
    session.rollback()

    import_workbook(
        session=session,
        workbook=read_workbook(path),
        actor="t",
        now=now,
        routing={"land": "ZRJ"},
    )
    session.commit()
    from models import Department, FactorRequest

    request = session.exec(select(FactorRequest)).one()
    assert session.get(Department, request.department_id).code == "ZRJ"  # type: ignore[union-attr]


ASSIGNED = [
    "Chain code",
    "Title",
    "Source",
    "Lead department",
    "Owner email",
    "Co-departments",
    "Start date",
    "Due date",
    "Original due date",
    "Progress",
    "State",
    "Signed off on",
    "Source list",
    "Source list item",
]


def _with_assigned_tasks(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["List items"] = [
        ["Chain code", "List type", "Title"],
        ["BEARING", "补短板", "高端轴承钢依赖外购"],
    ]
    sheets["Assigned tasks"] = [ASSIGNED, *rows]
    return sheets


def test_a_task_outside_the_plan_imports_once_and_starts_as_assigning_starts_it(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(
        tmp_path / "city.xlsx",
        _with_assigned_tasks(
            [
                "BEARING",
                "组织链主企业对接会",
                None,
                "GXJ",
                "wang.lei@example.gov.cn",
                "ZRJ",
                "2026-11-02",
                "2026-12-31",
            ],
            [
                "BEARING",
                "攻关高端轴承钢",
                "清单事项",
                "ZRJ",
                "li.na@example.gov.cn",
                None,
                "2026-10-09",
                "2027-03-31",
                "2027-01-31",
                30,
                "办理中",
                None,
                "weak_links",
                "高端轴承钢依赖外购",
            ],
        ),
    )

    first = _import(session, path, now)
    before = snapshot(session)
    second = _import(session, path, now)

    assert first["assigned_tasks"] == (2, 0, 0)
    assert second["assigned_tasks"] == (0, 0, 2)
    assert snapshot(session) == before
    meeting, listed = (
        session.exec(select(Task).where(Task.title == title)).one()
        for title in ("组织链主企业对接会", "攻关高端轴承钢")
    )
    assert (meeting.source, meeting.state, meeting.original_due_date, meeting.plan_item_id) == (
        "meeting",
        "assigned",
        date(2026, 12, 31),
        None,
    )
    assert (listed.source, listed.state, listed.progress) == ("list_item", "in_progress", 30)
    assert (listed.due_date, listed.original_due_date) == (date(2027, 3, 31), date(2027, 1, 31))
    assert listed.list_item_id is not None


def test_a_bad_cell_in_the_assigned_tasks_sheet_is_named_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", small_city()), now)
    before = snapshot(session)
    good = [
        "BEARING",
        "组织链主企业对接会",
        "会议议定",
        "GXJ",
        "wang.lei@example.gov.cn",
        None,
        "2026-11-02",
        "2026-12-31",
    ]
    sheets = _with_assigned_tasks(
        good,
        [
            "BEARING",
            "来源写错",
            "茶话会",
            "GXJ",
            "wang.lei@example.gov.cn",
            None,
            "2026-11-02",
            "2026-12-31",
        ],
        [
            "BEARING",
            "时限写反",
            None,
            "GXJ",
            "nobody@example.gov.cn",
            None,
            "2026-11-02",
            "2026-10-31",
            "2026-10-30",
        ],
        [
            "BEARING",
            "已销号无日期",
            None,
            "GXJ",
            "wang.lei@example.gov.cn",
            None,
            "2026-11-02",
            "2026-12-31",
            None,
            100,
            "已销号",
        ],
        [
            "BEARING",
            "清单不全",
            None,
            "GXJ",
            "wang.lei@example.gov.cn",
            None,
            "2026-11-02",
            "2026-12-31",
            None,
            None,
            None,
            None,
            None,
            "高端轴承钢依赖外购",
        ],
        [
            "BEARING",
            "没有这个清单事项",
            None,
            "GXJ",
            "wang.lei@example.gov.cn",
            None,
            "2026-11-02",
            "2026-12-31",
            None,
            None,
            None,
            None,
            "补短板",
            "不存在的事项",
        ],
        good,
    )
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "bad.xlsx", sheets), now)
    session.rollback()

    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [
        ("Assigned tasks", 3, "Source"),
        ("Assigned tasks", 4, "Due date"),
        ("Assigned tasks", 4, "Original due date"),
        ("Assigned tasks", 4, "Owner email"),
        ("Assigned tasks", 5, "Signed off on"),
        ("Assigned tasks", 6, "Source list"),
        ("Assigned tasks", 7, "Source list item"),
        ("Assigned tasks", 8, "Title"),
    ]
    said = {(e.row, e.column): (str(e.message), e.message.zh) for e in raised.value.errors}
    assert "'茶话会' is not one of" in said[3, "Source"][0]
    assert "会议议定（meeting）" in said[3, "Source"][1]
    assert said[4, "Original due date"][1] == "原定完成时限早于开始日期"
    assert said[6, "Source list"][1] == "来源清单事项须同时填写清单类型和事项"
    assert "不存在的事项" in said[7, "Source list item"][1]
    assert said[8, "Title"] == ("same as row 2", "与第 2 行重复")
    assert snapshot(session) == before


def test_a_plan_tasks_current_due_date_before_its_start_is_named(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Plan tasks"][0].append("Current due date")
    sheets["Plan tasks"][1].append("2026-02-01")  # the task starts on 1 March

    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "city.xlsx", sheets), now)

    assert [str(e) for e in raised.value.errors] == [
        "sheet 'Plan tasks', row 2, column 'Current due date': "
        "the current due date is before the start date"
    ]
    assert zh(raised.value.errors[0].message) == "当前完成时限早于开始日期"
