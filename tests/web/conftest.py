"""The web app on a private copy of the demo city, one client per persona."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from web.app import create_app

PASSWORD = "chainops-demo"
PERSONAS = {
    "office": "gao.wenbo@example.gov.cn",
    "team": "guo.jiaqi@example.gov.cn",  # working groups of BEARING, AUTO and EQUIP
    "dept": "liang.xiaoyan@example.gov.cn",  # ZRJ, natural resources
    "leader": "li.zhenhua@example.gov.cn",  # BEARING chain leader
    "chief": "wang.jianguo@example.gov.cn",
    "firm": "liu.qinghua@huasheng-chem.example.com",  # 华晟化工, HCHEM
    "outsider": "visitor@example.org",
}


@pytest.fixture
def web_db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "web.db"
    copy.write_bytes(demo_db.read_bytes())
    return copy


@pytest.fixture
def app_settings(web_db: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{web_db}",
        locale="en",
        reports_dir=tmp_path / "reports",
        environment="test",
        secret_key="a-test-secret-that-is-long-enough",  # type: ignore[arg-type]
    )


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, persona: str) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": PERSONAS[persona], "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client
