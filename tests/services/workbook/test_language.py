"""Every problem a workbook import reports has its Chinese, and keeps its English unchanged."""

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mechanism.uscc import check_character, credit_code_problem, make_credit_code
from mechanism.wording import Said, zh
from services.workbook import (
    DEPARTMENTS,
    KEY_PROJECTS,
    LIST_ITEMS,
    PLAN_TASKS,
    CellError,
    KnownKeys,
    WorkbookError,
    WorkbookInvalid,
    convert,
    read_workbook,
    validate,
)
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, write_workbook

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_chinese(message: object) -> bool:
    """``message`` carries a Chinese of its own, not just its English again."""
    return (
        isinstance(message, Said) and zh(message) != str(message) and bool(_CJK.search(zh(message)))
    )


def _problems(path: Path) -> list[WorkbookError]:
    """What validation finds, against an empty database that routes no factor type."""
    with pytest.raises(WorkbookInvalid) as raised:
        validate(read_workbook(path), KnownKeys())
    return raised.value.errors


def many_mistakes() -> dict[str, list[list[Any]]]:
    """The small city with one of each mistake validation finds in cells, rows and references."""
    sheets = small_city()
    sheets["Departments"].append(["GXJ", "重复的部门", None, "not-an-email"])
    sheets["People"].append(["zhao@example.gov.cn", None, "NOPE"])
    sheets["Chains"].append(["PAPER", "造纸", "Paper", "first"])
    sheets["Roster"] += [
        ["BEARING", "Lead department", "li.na@example.gov.cn", None],
        ["BEARING", "链长", None, "GXJ"],
    ]
    sheets["Enterprises"] += [["91371500MA3C4K7P2E", "坏代码公司"], [PIPE_CODE, "管业公司"]]
    sheets["Plan tasks"][0] += ["Progress", "State", "Signed off on"]
    sheets["Plan tasks"] += [
        ["BEARING", 1999, 3, "年度写错", "GXJ", "wang.lei@example.gov.cn", None,
         datetime(2026, 4, 1, 9, 30), "2026-03-01", 120, "已销号", None],
        ["BEARING", 2026, 4, "日期写错", "GXJ", "wang.lei@example.gov.cn", "KJJ",
         "2026-04-01", "下个月底", "八十", "assigned", "2026-05-01"],
        ["BEARING", 2026, 4, "序号重复", "GXJ", "nobody@example.gov.cn", None,
         "2026-06-01", "2026-03-01", None, None, None],
    ]  # fmt: skip
    sheets["Key projects"].append(
        ["LC2026-PIPE-01", "管材项目", "BEARING", PIPE_CODE, None, 2026, "lots", 100,
         "2026-06-30", None, "2026-03-31"]
    )  # fmt: skip
    sheets["Key projects"].append(
        ["LC2026-PIPE-02", "管件项目", "BEARING", PIPE_CODE, None, 2026, 100, 200]
    )
    sheets["Factor requests"] += [
        ["YS2026-002", "BEARING", PIPE_CODE, "LC2026-BEARING-01", "用地", 0, "亩",
         "2027-03-31", "另一家企业的项目", "ZRJ"],
        ["YS2026-003", "BEARING", BEARING_CODE, None, "用水", 1, "吨", 46112, "要素类型写错", None],
        ["YS2026-004", "BEARING", BEARING_CODE, None, "用电", 1, "kVA", 1.5, "无承办部门", None],
    ]  # fmt: skip
    return sheets


def test_every_problem_validation_finds_has_its_chinese(tmp_path: Path) -> None:
    problems = _problems(write_workbook(tmp_path / "bad.xlsx", many_mistakes()))

    english = {str(e.message) for e in problems}
    assert [str(e) for e in problems if not _has_chinese(e.message)] == []
    # One of each kind of problem, so none is left in English only.
    for expected in (
        "same as row 2",
        "'not-an-email' is not an email address",
        "姓名 (Name) is required",
        "no department 'NOPE' in the workbook or the database",
        "expected a whole number, got 'first'",
        "the lead department is a department, not a person",
        "the lead department needs a department code",
        "链长 needs a person's email",
        "链长 is a person, not a department",
        "1999 is not a plan year",
        "expected a date, got a date and time (2026-04-01 09:30)",
        "a signed-off task needs its sign-off date",
        "expected a percentage from 0 to 100, got '120'",
        "'下个月底' is not a date; write it as 2026-03-31, 2026/3/31 or 2026年3月31日",
        "expected a number, got '八十'",
        "only a signed-off task has a sign-off date",
        "no person 'nobody@example.gov.cn' in the workbook or the database",
        "the due date is before the start date",
        "expected a number, got 'lots'",
        "more than the total investment",
        "the quantity must be more than zero",
        "project 'LC2026-BEARING-01' is another enterprise's",
        "expected a date, got the number 1.5",
        "no handling department for 用电: give one, or route the factor type in factors.yaml",
    ):
        assert expected in english, expected
    assert any(m.startswith("credit code '91371500MA3C4K7P2E' is invalid") for m in english)
    assert any(m.startswith("'用水' is not one of: ") for m in english)
    assert any(m.startswith("planned before ") for m in english)
    assert any(m.startswith("no department 'KJJ'") for m in english)


def test_the_chinese_names_the_same_values_as_the_english(tmp_path: Path) -> None:
    problems = _problems(write_workbook(tmp_path / "bad.xlsx", many_mistakes()))
    chinese = {str(e.message): zh(e.message) for e in problems}

    assert chinese["same as row 2"] == "与第 2 行重复"
    assert chinese["the due date is before the start date"] == "完成时限早于开始日期"
    assert chinese["no person 'nobody@example.gov.cn' in the workbook or the database"] == (
        "工作簿和数据库中都没有人员 'nobody@example.gov.cn'"
    )
    credit = next(m for m in chinese if m.startswith("credit code"))
    assert chinese[credit] == (
        "统一社会信用代码 '91371500MA3C4K7P2E' 无效：校验码应为 'D'，实际为 'E'"
    )


def test_the_english_of_every_problem_reads_as_before(tmp_path: Path) -> None:
    sheets = small_city()
    sheets["People"].append(["zhao@example.gov.cn", "赵六", "NOPE"])
    problems = _problems(write_workbook(tmp_path / "ref.xlsx", sheets))

    assert [str(e) for e in problems] == [
        "sheet 'People', row 4, column 'Department code': "
        "no department 'NOPE' in the workbook or the database"
    ]
    with pytest.raises(WorkbookInvalid) as raised:
        validate(read_workbook(tmp_path / "ref.xlsx"), KnownKeys())
    assert str(raised.value).endswith(
        "problem(s)\n  sheet 'People', row 4, column 'Department code': "
        "no department 'NOPE' in the workbook or the database"
    )


def _reading_problems(path: Path) -> list[WorkbookError]:
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path)
    return raised.value.errors


def test_every_problem_reading_finds_has_its_chinese(tmp_path: Path) -> None:
    headers = write_workbook(
        tmp_path / "headers.xlsx",
        {
            "Chains": [["Code", "Code", "Name (Chinese)", "Colour"], ["X", "X", "某链", "red"]],
            "产业链": [["Code"]],
            "Typo": [["Code"]],
        },
    )
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"not a zip file")
    unknown_suffix = tmp_path / "city.csv"
    unknown_suffix.write_text("a,b\n")
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("chains: [unclosed\n")
    a_list = tmp_path / "list.yaml"
    a_list.write_text("- chains\n")
    not_rows = tmp_path / "rows.yaml"
    not_rows.write_text("chains: 12\n")

    problems = [
        *_reading_problems(headers),
        *_reading_problems(damaged),
        *_reading_problems(unknown_suffix),
        *_reading_problems(bad_yaml),
        *_reading_problems(a_list),
        *_reading_problems(not_rows),
    ]

    english = [str(e.message) for e in problems]
    assert [str(e) for e in problems if not _has_chinese(e.message)] == []
    assert "column appears twice" in english
    assert "sheet appears twice" in english
    assert "required column missing (Name (English))" in english
    assert any(m.startswith("unknown column; known: 产业链编码") for m in english)
    assert any(m.startswith("unknown sheet; known sheets: 部门、人员") for m in english)
    assert any(m.startswith("cannot read as .xlsx: ") for m in english)
    assert "expected an .xlsx or .yaml file" in english
    assert any(m.startswith("cannot read: ") for m in english)
    assert "expected a mapping of sheets" in english
    assert "expected a list of rows" in english


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (DEPARTMENTS.column("name_zh"), datetime(2026, 3, 31)),
        (PLAN_TASKS.column("year"), True),
        (PLAN_TASKS.column("year"), "二〇二六"),
        (KEY_PROJECTS.column("total_investment"), False),
        (KEY_PROJECTS.column("total_investment"), "很多"),
        (PLAN_TASKS.column("progress"), 120),
        (PLAN_TASKS.column("due_date"), datetime(2026, 3, 31, 9, 30)),
        (PLAN_TASKS.column("due_date"), 1.5),
        (PLAN_TASKS.column("due_date"), "下个月"),
        (PLAN_TASKS.column("owner"), "wang.lei"),
        (LIST_ITEMS.column("credit_code"), "91371500MA3C4K7P2"),
        (LIST_ITEMS.column("list_type"), "短板"),
    ],
)
def test_every_cell_refusal_has_its_chinese(column: Any, value: Any) -> None:
    with pytest.raises(CellError) as raised:
        convert(column, value)
    assert _has_chinese(raised.value.args[0])


@pytest.mark.parametrize(
    "text",
    [
        "9111000080210043",
        "9111I000802100433B",
        "91110000-02100433B",
        "91A10000802100433B",
        "911100008021004330",
    ],
)
def test_every_credit_code_problem_has_its_chinese(text: str) -> None:
    assert _has_chinese(credit_code_problem(text))


@pytest.mark.parametrize("first17", ["9111000080210043", "9111000080210043I", "91AB0000802100433"])
def test_every_credit_code_refusal_has_its_chinese(first17: str) -> None:
    with pytest.raises(ValueError) as raised:
        make_credit_code(first17)
    assert _has_chinese(raised.value.args[0])
    assert zh(raised.value) != str(raised.value)


def test_a_check_character_refusal_keeps_its_english() -> None:
    with pytest.raises(ValueError, match=r"^need the first 17 characters, got 16$") as raised:
        check_character("9111000080210043")
    assert zh(raised.value) == "需要前 17 位字符，实际为 16 位"
