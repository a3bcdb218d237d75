"""The office's overview warns, in the page's language, while the coming year has no official
schedule, and says how it is counted meanwhile: by the statutory holidays, no make-up days."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from tests.web.conftest import sign_in
from web.app import create_app

MORNING = datetime(2026, 11, 16, 9, 0)  # a year ahead reaches into 2027


@pytest.fixture
def client(web_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite:///{web_db}",
        locale="en",
        reports_dir=tmp_path / "reports",
        environment="development",  # a fixed clock is for development only
        clock=MORNING,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_overview_says_2027_is_counted_by_the_statutory_holidays(client: TestClient) -> None:
    sign_in(client, "office")

    english = " ".join(client.get("/city").text.split())
    client.get("/lang/zh-CN")
    chinese = client.get("/city").text

    assert "Calendar data missing" in english
    assert "2027 has no official calendar data" in english
    assert "counted with the statutory public holidays and weekends, no make-up days" in english
    assert "Monday–Friday" not in english
    assert "日历数据缺失" in chinese
    assert "2027年尚无官方节假日数据" in chinese
    assert "暂按《全国年节及纪念日放假办法》的法定节假日和周末计算工作日，不含调休" in chinese
    assert "周一至周五" not in chinese
