"""The rollup page of a month ranked by points shows each score's build; a month ranked by
weights shows none.

The demo closes its months by weights, so the points month here is the demo's October with
its frozen rankings rewritten as a points close writes them (``services.rollup.ranking_rows``).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from chainops.settings import Settings
from models import RollupSnapshot
from models.db import make_engine
from web.app import create_app

from .conftest import sign_in

OCTOBER = "2026-10"


@pytest.fixture
def points_client(web_db: Path, app_settings: Settings) -> Iterator[TestClient]:
    engine = make_engine(f"sqlite:///{web_db}")
    with Session(engine) as session:
        rows = session.exec(select(RollupSnapshot)).all()
        for row in (r for r in rows if f"{r.month:%Y-%m}" == OCTOBER):
            data = dict(row.data)
            if row.scope == "city":
                data["ranking_rules"] = {
                    "mode": "points", "base": 100.0,
                    "per_item": {"closed_late": -1.0, "returned": -2.0, "closed_early": 0.5},
                    "groups": {}, "default_group": "departments", "floor": None, "cap": None,
                }  # fmt: skip
            else:
                group = "departments" if row.scope.startswith("dept:") else "chains"
                built = [
                    {"item": "closed_late", "count": 3, "points": -1.0, "total": -3.0},
                    {"item": "returned", "count": 1, "points": -2.0, "total": -2.0},
                    {"item": "closed_early", "count": 2, "points": 0.5, "total": 1.0},
                ]
                data["ranking"] = {"mode": "points", "score": 96.0, "rank": 1, "group": group,
                                   "base": 100.0, "built": built}  # fmt: skip
            row.data = data
            flag_modified(row, "data")
            session.add(row)
        session.commit()
    engine.dispose()
    with TestClient(create_app(app_settings)) as client:
        yield client


def test_a_month_ranked_by_points_shows_how_each_score_was_built(
    points_client: TestClient,
) -> None:
    sign_in(points_client, "office")
    points_client.get("/lang/zh-CN")

    shown = points_client.get(f"/rollups/{OCTOBER}", params={"chain": "BEARING"})

    assert shown.status_code == 200
    assert 'id="points-build"' in shown.text
    assert "100 − 3×1（超期办结）− 1×2（退回重办）+ 2×0.5（提前办结）= 96.0（产业链）" in shown.text
    assert "<th>得分构成</th>" in shown.text  # the frozen figures' table (no bulletin file)


def test_a_month_ranked_by_weights_shows_no_build(client: TestClient) -> None:
    sign_in(client, "office")

    shown = client.get(f"/rollups/{OCTOBER}", params={"chain": "BEARING"})

    assert shown.status_code == 200
    assert 'id="points-build"' not in shown.text and "How the score was built" not in shown.text
