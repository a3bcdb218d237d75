"""The investment pipeline pages on the demo city: the working group adds a project, signs,
files, registers and starts it (handed over to a key project); bad fields are refused naming
the field (400), nothing changed; readers read, firms see nothing of others' pipelines; the
pages speak Chinese with no missing keys; the JSON API answers with the README's keys."""

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import select

from chainops import wiring
from chainops.settings import Settings
from mechanism.uscc import make_credit_code
from models import InvestmentProject
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

_ROW_KEYS = {
    "id", "code", "name", "chain", "chain_zh", "stage", "stage_zh", "investor",
    "investor_credit_code", "investor_rank", "county", "node", "target_id", "planned_wan",
    "contract_wan", "size_band", "size_band_zh", "signed_on", "filed_on", "started_on",
    "not_started", "light", "sponsor", "officer", "enterprise", "key_project",
    "terminated_reason",
}  # fmt: skip


def _post(client: TestClient, path: str, page: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _projects(settings: Settings) -> list[InvestmentProject]:
    with session_scope(wiring.engine(settings)) as session:
        rows = list(session.exec(select(InvestmentProject)).all())
        session.expunge_all()
    return rows


def test_the_working_group_takes_a_project_from_lead_to_started(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    before = len(_projects(app_settings))
    made = _post(
        client,
        "/chains/BEARING/pipeline",
        "/chains/BEARING/pipeline",
        {
            "name": "风电主轴轴承项目",
            "investor": "示范轴研科技",
            "node": "风电主轴轴承",
            "planned": "60000",
        },
    )
    assert made.status_code == 303, made.text
    where = made.headers["location"]
    assert re.fullmatch(r"/investment/\d+", where)
    signed = _post(client, f"{where}/signings", where, {"kind": "first", "amount": "52000"})
    assert signed.status_code == 303, signed.text
    page = client.get(where).text
    assert "备案：风电主轴轴承项目" in page and "10–50" not in page  # 5.2亿: 1–10亿
    assert _post(client, f"{where}/filing", where, {}).status_code == 303
    code = make_credit_code("91371500MA3C4E5F6")
    moved = _post(client, f"{where}/move", where, {"to": "started", "company_code": code})
    assert moved.status_code == 303, moved.text
    page = client.get(where).text
    assert 'id="key-project"' in page and "signed_off" in page
    project = next(p for p in _projects(app_settings) if p.name == "风电主轴轴承项目")
    assert project.stage == "started" and project.key_project_id is not None
    assert len(_projects(app_settings)) == before + 1
    assert "风电主轴轴承项目" in client.get("/chains/BEARING/pipeline").text


def test_bad_fields_are_refused_naming_the_field_and_nothing_changes(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    before = len(_projects(app_settings))
    page = "/chains/BEARING/pipeline"
    bad = _post(client, page, page, {"name": "X", "investor": "Y", "planned": "lots"})
    assert bad.status_code == 400 and 'id="planned" name="planned"' in bad.text
    assert "“lots” is not a number" in bad.text and 'aria-invalid="true"' in bad.text
    code = _post(client, page, page, {"name": "X", "investor": "Y", "investor_credit_code": "123"})
    assert code.status_code == 400 and "investor_credit_code: must be 18 characters" in code.text
    assert len(_projects(app_settings)) == before


def test_readers_read_and_firms_see_nothing_of_others_pipelines(client: TestClient) -> None:
    sign_in(client, "leader")
    page = client.get("/chains/BEARING/pipeline")
    assert page.status_code == 200 and 'id="add"' not in page.text
    client.get("/logout")
    sign_in(client, "firm")
    assert client.get("/chains/BEARING/pipeline").status_code == 404


def test_the_pages_speak_chinese_with_no_missing_keys(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    for path in ("/chains/BEARING/pipeline", "/investment"):
        text = client.get(path).text
        assert "招商项目" in text and "pipeline." not in text, path
    assert "签约未开工项目" in client.get("/investment").text


def test_the_api_lists_projects_with_the_readme_keys(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = "/chains/BEARING/pipeline"
    made = _post(client, page, page, {"name": "接口测试项目", "investor": "示范投资方"})
    assert made.status_code == 303
    with session_scope(wiring.engine(app_settings)) as session:
        token = issue_token(
            session=session, username=PERSONAS["team"], name="t", now=datetime.now(UTC)
        )
    headers = {"Authorization": f"Bearer {token}"}
    rows = client.get("/api/investment/projects?chain=BEARING", headers=headers).json()
    assert rows and set(rows[0]) == _ROW_KEYS
    one = client.get(f"/api/investment/projects/{rows[0]['id']}", headers=headers).json()
    assert {"moves", "signings", "funds", "funds_total_wan", "filing_task", "filing_due"} <= set(
        one
    )
    assert client.get("/api/investment/projects/999999", headers=headers).status_code == 404


def test_the_chain_s_pipeline_narrows_to_a_map_node(client: TestClient) -> None:
    sign_in(client, "team")
    page = client.get("/chains/BEARING/pipeline").text
    made = client.post(
        "/chains/BEARING/pipeline",
        data={
            "csrf_token": csrf_of(page),
            "name": "节点筛选试验项目",
            "investor": "江苏示范轴承检测有限公司",
            "node": "轴承检测认证",
        },
        follow_redirects=True,
    )
    assert made.status_code == 200
    on_node = client.get("/chains/BEARING/pipeline", params={"node": "轴承检测认证"}).text
    elsewhere = client.get("/chains/BEARING/pipeline", params={"node": "轴承钢"}).text
    assert "节点筛选试验项目" in on_node and 'id="node-filter"' in on_node
    assert "节点筛选试验项目" not in elsewhere
