"""The assign form at the top of the chain page: the chain's lead department by default, the
owner by name among that department's people, and the due date "N working days" gives shown
before the form is sent — and the task then waits in its owner's to-do."""

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from tests.web.conftest import csrf_of, sign_in

NOW = datetime(2026, 9, 28, 1, 0, tzinfo=UTC)  # Monday 28 September, before National Day


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def test_the_form_comes_first_with_the_chain_s_lead_department_and_people_by_name(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    page = client.get("/chains/BEARING").text
    assert page.index('id="assign"') < page.index('id="roster"')  # at the top
    chosen = re.search(r'<select id="a-dept"[^>]*>(.*?)</select>', page, flags=re.S)
    assert chosen and re.search(r'<option value="(\w+)" selected>', chosen.group(1))
    owners = re.search(r'<select id="a-owner"[^>]*>(.*?)</select>', page, flags=re.S)
    assert owners
    groups = re.findall(r'<optgroup label="([^"]+)" data-department="(\w*)">', owners.group(1))
    assert len(groups) > 3  # people under their departments
    assert re.search(r'<option value="[^"]+@[^"]+">[^<·]+ · ', owners.group(1))  # by name


def test_the_due_date_preview_counts_working_days_across_national_day(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    answer = client.get(
        "/chains/BEARING/due-date", params={"working_days": 3, "start": "2026-09-28"}
    )
    # 29 and 30 September are working days; 1–7 October is the holiday: the third is the 8th.
    assert answer.status_code == 200 and answer.json()["due"] == "2026-10-08"
    client.get("/lang/zh-CN")
    chinese = client.get("/chains/BEARING/due-date", params={"working_days": 3}).json()
    assert chinese["text"] == "完成时限：2026-10-08（3 个工作日）"  # the start defaults to today
    for bad in ("99999999", "0", "three"):
        refused = client.get("/chains/BEARING/due-date", params={"working_days": bad})
        assert refused.status_code == 400 and refused.json()["due"] is None, bad
        assert refused.json()["text"], bad
    client.cookies.clear()
    sign_in(client, "dept")  # reads no chain: the same 404 as a chain that is not there
    assert client.get("/chains/BEARING/due-date", params={"working_days": 3}).status_code == 404


def test_a_task_assigned_on_the_chain_page_is_in_its_owner_s_to_do_at_once(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    form = {
        "csrf_token": csrf_of(client.get("/chains/BEARING").text),
        "title": "核实轴承产业园用地指标",
        "lead_department": "ZRJ",
        "owner": "liang.xiaoyan@example.gov.cn",
        "working_days": "5",
    }
    made = client.post("/chains/BEARING/tasks", data=form, follow_redirects=False)
    assert made.status_code == 303
    path = made.headers["location"]
    client.cookies.clear()
    sign_in(client, "dept")  # 梁晓燕, the owner: before she does anything else
    home = client.get("/").text
    assert f'href="{path}"' in home
    tasks = home.split('id="tasks"', 1)[1].split("</table>", 1)[0]
    assert "核实轴承产业园用地指标" in tasks
    notices = home.split('id="notices"', 1)[1].split("</table>", 1)[0]
    assert "Assignment notice" in notices or "交办单" in notices  # the 交办单, to acknowledge
