"""The workbook import's list of problems is in the page's language, every row of it."""

import html
import re
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from tests.services.workbooks import small_city, write_workbook

from .conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ROW = re.compile(
    r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td class=\"wrap\">(.*?)</td></tr>", re.S
)


def _a_workbook_with_several_mistakes(folder: Path) -> bytes:
    sheets = small_city()
    sheets["Enterprises"].append(["91371500MA3C4K7P2E", "坏代码公司"])  # wrong check character
    sheets["People"].append(["zhao@example.gov.cn", None, "NOPE"])  # no name, no such department
    sheets["Roster"].append(["BEARING", "链长", None, "GXJ"])  # a person's role given a department
    sheets["Plan tasks"] += [
        ["BEARING", 2026, 3, "日期写错", "GXJ", "wang.lei@example.gov.cn", None,
         "2026-04-01", "下个月底"],
        ["BEARING", 2026, 4, "完成时限早于开始", "GXJ", "wang.lei@example.gov.cn", None,
         "2026-06-01", "2026-03-01"],
        ["BEARING", 2026, 4, "序号重复", "GXJ", "wang.lei@example.gov.cn", None,
         "2026-06-01", "2026-07-01"],
    ]  # fmt: skip
    sheets["Key projects"].append(
        ["LC2026-PIPE-01", "管材项目", "BEARING", "91371500MA3C4K7P2D", None, 2026, 100, 200]
    )
    sheets["Factor requests"].append(
        ["YS2026-009", "BEARING", "91371500MA3C4K7P2D", None, "用水", 0, "吨", "2027-03-31",
         "要素类型写错", "ZRJ"]
    )  # fmt: skip
    return write_workbook(folder / "bad.xlsx", sheets).read_bytes()


def _upload(client: TestClient, name: str, content: bytes) -> httpx.Response:
    response: httpx.Response = client.post(
        "/workbook/import",
        data={"csrf_token": csrf_of(client.get("/workbook").text)},
        files={"file": (name, content, XLSX)},
        follow_redirects=False,
    )
    return response


def _problem_rows(page: str) -> list[tuple[str, str, str, str]]:
    table = page.split('id="import-errors"')[1].split("</table>")[0]
    return [
        (html.unescape(sheet), row, html.unescape(column), html.unescape(message))
        for sheet, row, column, message in _ROW.findall(table)
    ]


def test_a_chinese_page_lists_every_problem_in_chinese(client: TestClient, tmp_path: Path) -> None:
    sign_in(client, "office")
    content = _a_workbook_with_several_mistakes(tmp_path)
    english = _problem_rows(_upload(client, "bad.xlsx", content).text)
    client.get("/lang/zh-CN")

    refused = _upload(client, "bad.xlsx", content)

    assert refused.status_code == 400
    chinese = _problem_rows(refused.text)
    assert len(chinese) == len(english) >= 10
    for (sheet, row, column, said_zh), (*where, said_en) in zip(chinese, english, strict=True):
        assert [sheet, row, column] == where  # the workbook's own sheet and column names
        assert said_zh != said_en, said_en
        assert _CJK.search(said_zh), said_zh
        assert said_en not in refused.text
    assert "<th>工作表</th><th>行</th><th>列</th><th>问题</th>" in refused.text
    messages = [message for *_, message in chinese]
    for expected in (
        "统一社会信用代码 '91371500MA3C4K7P2E' 无效：校验码应为 'D'，实际为 'E'",
        "姓名（Name）必须填写",
        "工作簿和数据库中都没有部门 'NOPE'",
        "链长是个人，不是部门",
        "'下个月底' 不是日期；请写作 2026-03-31、2026/3/31 或 2026年3月31日",
        "完成时限早于开始日期",
        "与第 5 行重复",
        "超过总投资",
        "数量须大于零",
    ):
        assert expected in messages, expected
    assert any(m.startswith("'用水' 不是可选值之一：用地（land）、") for m in messages)


def test_an_english_page_lists_every_problem_in_english(client: TestClient, tmp_path: Path) -> None:
    sign_in(client, "office")

    refused = _upload(client, "bad.xlsx", _a_workbook_with_several_mistakes(tmp_path))

    assert refused.status_code == 400
    rows = _problem_rows(refused.text)
    assert ("Enterprises", "3", "Credit code",
            "credit code '91371500MA3C4K7P2E' is invalid: check character should be 'D', got 'E'"
            ) in rows  # fmt: skip
    messages = [message for *_, message in rows]
    for expected in (
        "姓名 (Name) is required",
        "no department 'NOPE' in the workbook or the database",
        "链长 is a person, not a department",
        "'下个月底' is not a date; write it as 2026-03-31, 2026/3/31 or 2026年3月31日",
        "the due date is before the start date",
        "same as row 5",
        "more than the total investment",
        "the quantity must be more than zero",
    ):
        assert expected in messages, expected
    assert "完成时限早于开始日期" not in refused.text


def test_sheets_and_columns_that_cannot_be_read_are_refused_in_the_pages_language(
    client: TestClient, tmp_path: Path
) -> None:
    sign_in(client, "office")
    misnamed = write_workbook(
        tmp_path / "misnamed.xlsx",
        {"Colours": [["Colour"], ["red"]], "Chains": [["Code", "Code", "Colour"], ["X", "X", 1]]},
    ).read_bytes()
    damaged = b"hello, I am not a zip file"
    english = [_upload(client, "misnamed.xlsx", misnamed), _upload(client, "notes.xlsx", damaged)]
    client.get("/lang/zh-CN")

    chinese = [_upload(client, "misnamed.xlsx", misnamed), _upload(client, "notes.xlsx", damaged)]

    assert [r.status_code for r in chinese] == [400, 400]
    assert [message for *_, message in _problem_rows(english[0].text)] == [
        "column appears twice",
        "unknown column; known: 产业链编码、产业链名称、英文名称、排序",
        "required column missing (Name (Chinese))",
        "required column missing (Name (English))",
        "unknown sheet; known sheets: 部门、人员、产业链、产业链图谱、链长制名册、企业、链上企业、"
        "企业称号、梯度培育库、清单事项、行动计划任务、交办事项、重点项目、要素保障诉求、"
        "需求清单、产品能力清单、招商目标、招商项目、招商资金年度目标、对标对象、对标指标值 "
        "(or their English names)",
    ]
    assert [message for *_, message in _problem_rows(chinese[0].text)] == [
        "该列出现了两次",
        "未知的列；可用的列：产业链编码、产业链名称、英文名称、排序",
        "缺少必填列（Name (Chinese)）",
        "缺少必填列（Name (English)）",
        "未知的工作表；可用的工作表：部门、人员、产业链、产业链图谱、链长制名册、企业、链上企业、"
        "企业称号、梯度培育库、清单事项、行动计划任务、交办事项、重点项目、要素保障诉求、需求清单、产品能力清单、"
        "招商目标、招商项目、招商资金年度目标、对标对象、对标指标值（或其英文名称）",
    ]
    assert "cannot read as .xlsx" in english[1].text
    assert "无法按 .xlsx 工作簿读取" in chinese[1].text
    assert "cannot read as .xlsx" not in chinese[1].text
