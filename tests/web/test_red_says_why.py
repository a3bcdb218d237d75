"""Red that says why: the city overview's red and yellow lists name the reason in words, the
lead department and the rung reached; it lists red key projects and factor requests; a chart
of lights per chain is drawn on the server."""

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from tests.web.conftest import sign_in

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # the demo's last day


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def rows(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def test_every_lit_task_on_the_overview_says_why_who_leads_and_how_far_it_climbed(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get("/city").text
    lists = {
        "red_list": ("逾期", "进度落后", "已过完成时限"),
        "yellow_list": ("临近", "进度落后", "受阻"),
    }
    for table, words in lists.items():
        listed = rows(page, table)
        assert listed, table
        for row in listed:
            reason = re.search(r'<td class="wrap reason"[^>]*>([^<]*)</td>', row)
            assert reason and reason.group(1).startswith(words), row
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
            assert cells[2] and cells[2] != "—", row  # the lead department
            assert cells[3], row  # the rung reached, "—" before the first
    rungs = "".join(rows(page, "red_list"))
    assert "催办单" in rungs or "督办通知单" in rungs  # red tasks have climbed the ladder


def test_the_overview_lists_red_projects_and_requests_with_their_reasons_in_english(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    page = client.get("/city").text
    projects, requests = rows(page, "red_projects"), rows(page, "red_requests")
    assert projects and requests
    assert all('href="/projects/' in row for row in projects)
    assert all('href="/requests/' in row for row in requests)
    assert "behind" in "".join(projects) and "overdue" in "".join(requests)
    assert "序时进度" not in "".join(projects)  # the English page does not show the stored 中文


def test_the_lights_chart_has_one_bar_per_chain_with_its_counts(client: TestClient) -> None:
    sign_in(client, "leader")  # 李振华 leads one chain
    client.get("/lang/zh-CN")
    page = client.get("/city").text
    chart = page.split('id="lights-chart"', 1)[1].split("</figure>", 1)[0]
    bars = re.findall(r'aria-label="([^"]+)"', chart)
    assert len(bars) == 1 and bars[0].startswith("轴承") and "红灯" in bars[0]


def test_the_chain_page_charts_its_open_tasks_per_lead_department(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get("/chains/BEARING").text
    chart = page.split('id="lights-chart"', 1)[1].split("</figure>", 1)[0]
    bars = re.findall(r'aria-label="([^"：]+)：红灯 (\d+)，黄灯 (\d+)，绿灯 (\d+)"', chart)
    assert bars and all(name.startswith("市") or "公司" in name for name, *_ in bars)
    counted = sum(int(r) + int(y) + int(g) for _, r, y, g in bars)
    overview = client.get("/city").text
    row = overview.split('href="/chains/BEARING"', 2)[2].split("</tr>", 1)[0]  # the table's
    red, yellow, green = (int(n) for n in re.findall(r'<span class="light \w+">(\d+)</span>', row))
    assert counted == red + yellow + green
    assert 'href="/tasks?chain=BEARING&amp;department=' in chart


def test_the_chain_page_s_red_tasks_say_why_and_how_far_they_climbed(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get("/chains/BEARING", params={"light": "red"}).text
    listed = rows(page, "tasks")
    assert listed
    for row in listed:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        assert cells[2].startswith(("逾期", "进度落后", "已过完成时限")), row
        assert cells[7], row  # the rung reached ("—" before the first)
