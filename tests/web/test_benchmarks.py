"""The benchmarking pages and API on the demo city: the bearing chain's gap list to 瓦房店 (its
chain-output gap already has its task from the replay), a gap made a task in one step and only
once, a figure entered and replaced, bad fields refused naming the field, Chinese pages without
missing keys, a firm that sees nothing, and the API's keys."""

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from chainops import wiring
from chainops.settings import Settings
from models import BenchmarkValue, Task
from models.db import session_scope
from services.benchmarks import GAP_KEYS, INDICATOR_KEYS, PEER_KEYS, VALUE_KEYS
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

Auth = Callable[[str], dict[str, str]]
PEER = "瓦房店轴承产业集群"


@pytest.fixture
def auth(app_settings: Settings) -> Auth:
    def header(persona: str) -> dict[str, str]:
        with session_scope(wiring.engine(app_settings)) as session:
            token = issue_token(
                session=session, username=PERSONAS[persona], name="test", now=datetime.now(UTC)
            )
        return {"Authorization": f"Bearer {token}"}

    return header


def _count(settings: Settings, model: type) -> int:
    with session_scope(wiring.engine(settings)) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_the_chain_page_links_to_the_gap_list_and_its_replayed_task(client: TestClient) -> None:
    sign_in(client, "team")
    assert "/chains/BEARING/benchmarks" in client.get("/chains/BEARING").text
    page = client.get("/chains/BEARING/benchmarks")
    assert page.status_code == 200
    text = page.text
    assert "Gap list" in text and PEER in text and "2025" in text
    assert "Chain output" in text and "Make a task" in text
    assert re.search(r'href="/tasks/\d+">Task #\d+', text)  # the replay's task for chain output


def test_the_working_group_makes_a_task_from_a_gap_once(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get("/chains/BEARING/benchmarks?year=2025").text
    tasks = _count(app_settings, Task)
    form = {
        "csrf_token": csrf_of(page),
        "chain": "BEARING",
        "indicator": "tax_per_mu",
        "peer": PEER,
        "year": "2025",
    }
    made = client.post("/benchmarks/gaps/task", data=form, follow_redirects=True)
    assert made.status_code == 200
    assert "对标瓦房店轴承产业集群补齐亩均税收差距" in made.text
    assert _count(app_settings, Task) == tasks + 1
    again = client.post("/benchmarks/gaps/task", data=form, follow_redirects=True)
    assert "has its task already" in again.text
    assert _count(app_settings, Task) == tasks + 1


def test_a_leader_reads_the_gap_list_but_makes_no_task(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "leader")
    page = client.get("/chains/BEARING/benchmarks").text
    assert PEER in page and "Make a task" not in page
    form = {
        "csrf_token": csrf_of(page),
        "chain": "BEARING",
        "indicator": "tax_per_mu",
        "peer": PEER,
        "year": "2025",
    }
    tasks = _count(app_settings, Task)
    refused = client.post("/benchmarks/gaps/task", data=form)
    assert refused.status_code == 403
    assert _count(app_settings, Task) == tasks


def test_a_firm_sees_no_benchmarks(client: TestClient, auth: Auth) -> None:
    sign_in(client, "firm")
    assert client.get("/benchmarks").status_code == 404
    assert client.get("/chains/HCHEM/benchmarks").status_code == 404
    headers = auth("firm")
    for path in ("peers", "indicators", "values", "gaps?year=2025&chain=BEARING"):
        assert client.get(f"/api/benchmarks/{path}", headers=headers).status_code == 404


def test_the_office_enters_and_replaces_a_figure(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    page = client.get("/benchmarks").text
    assert "Peers" in page and "洛阳市" in page and "Enter a figure" in page
    values = _count(app_settings, BenchmarkValue)
    form = {
        "csrf_token": csrf_of(page),
        "indicator": "output_growth",
        "chain": "",
        "peer": "洛阳市",
        "year": "2025",
        "value": "7.5",
        "source": "洛阳市统计公报",
    }
    done = client.post("/benchmarks/values", data=form, follow_redirects=True)
    assert "Entered: output_growth 2025 = 7.5" in done.text
    form["value"] = "7.8"
    done = client.post("/benchmarks/values", data=form, follow_redirects=True)
    assert "Replaced: output_growth 2025 = 7.8 (was 7.5)" in done.text
    assert _count(app_settings, BenchmarkValue) == values + 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"value": "很多"}, "value", "is not a number"),
        ({"year": "1990"}, "year", "must be a year from 2000"),
        ({"source": ""}, "source", "say where the figure comes from"),
        ({"indicator": "nope"}, "indicator", "no indicator"),
    ],
)
def test_a_bad_figure_is_400_naming_the_field_and_nothing_changes(
    client: TestClient, app_settings: Settings, change: dict[str, str], field: str, words: str
) -> None:
    sign_in(client, "office")
    page = client.get("/benchmarks").text
    form = {
        "csrf_token": csrf_of(page),
        "indicator": "output_growth",
        "chain": "BEARING",
        "peer": "",
        "year": "2025",
        "value": "7",
        "source": "公报",
        **change,
    }
    values = _count(app_settings, BenchmarkValue)
    refused = client.post("/benchmarks/values", data=form)
    assert refused.status_code == 400
    assert words in refused.text
    assert f'name="{field}"' in refused.text
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', refused.text) or re.search(
        rf'id="[^"]*"\s+name="{field}"[^>]*aria-invalid', refused.text
    )
    assert _count(app_settings, BenchmarkValue) == values


def test_the_pages_speak_chinese_without_missing_keys(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    for path in ("/benchmarks", "/chains/BEARING/benchmarks"):
        text = client.get(path).text
        assert "bench." not in text, path  # a missing key shows the key itself
    chain = client.get("/chains/BEARING/benchmarks").text
    assert "差距清单" in chain and "产业链产值" in chain and "生成督办任务" in chain
    assert "对标分析与差距清单" in client.get("/chains/BEARING").text


def test_the_api_answers_with_the_readme_keys(client: TestClient, auth: Auth) -> None:
    headers = auth("leader")
    peers = client.get("/api/benchmarks/peers", headers=headers).json()
    assert {p["name"] for p in peers} == {"洛阳市", PEER}
    assert all(tuple(p) == PEER_KEYS for p in peers)
    indicators = client.get("/api/benchmarks/indicators", headers=headers).json()
    assert len(indicators) == 13 and tuple(indicators[0]) == INDICATOR_KEYS
    values = client.get("/api/benchmarks/values?chain=BEARING&year=2025", headers=headers).json()
    assert values and all(tuple(v) == VALUE_KEYS for v in values)
    gaps = client.get("/api/benchmarks/gaps?chain=BEARING&year=2025", headers=headers).json()
    assert len(gaps) >= 5 and all(tuple(g) == GAP_KEYS for g in gaps)
    output = next(g for g in gaps if g["indicator"] == "chain_output")
    assert (output["ours"], output["theirs"], output["difference"]) == (360.0, 650.0, 290.0)
    assert output["task_id"] is not None
    assert (
        client.get("/api/benchmarks/gaps?chain=NOPE&year=2025", headers=headers).status_code == 404
    )
