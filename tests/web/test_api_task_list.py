"""``GET /api/tasks`` with the task list's filters and sorts: department, owner, due within N
working days, text in the title and the sort, added beside the old parameters and keys, which
stay as they were."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.conftest import NOW
from tests.web.conftest import PERSONAS

KEYS = {
    "id", "chain", "title", "source", "state", "lead_department", "owner", "start_date",
    "original_due_date", "due_date", "progress", "light", "ladder_level", "overdue",
    "blocked_by",
}  # fmt: skip


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


@pytest.fixture
def office(app_settings: Settings) -> dict[str, str]:
    with session_scope(wiring.engine(app_settings)) as session:
        token = issue_token(
            session=session, username=PERSONAS["office"], name="t", now=datetime.now(UTC)
        )
    return {"Authorization": f"Bearer {token}"}


def items(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/tasks", params={"per_page": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["total"] == len(body["items"])
    return body["items"]  # type: ignore[no-any-return]


def test_the_new_filters_are_the_plain_filter_of_every_task(
    client: TestClient, office: dict[str, str]
) -> None:
    every = items(client, office)
    assert KEYS | {"light_reason"} == set(every[0])  # the old keys, and one added
    rules = client.app.state.rules  # type: ignore[attr-defined]
    last = rules.calendar.add(NOW.date(), 10).isoformat()
    open_states = {"assigned", "accepted", "in_progress", "submitted", "blocked"}
    owner = next(t["owner"] for t in every if t["lead_department"] == "ZRJ")
    cases: list[tuple[dict[str, Any], Any]] = [
        ({"department": "ZRJ"}, lambda t: t["lead_department"] == "ZRJ"),
        ({"owner": owner.upper()}, lambda t: t["owner"] == owner),
        ({"due_within": 10}, lambda t: t["state"] in open_states and t["due_date"] <= last),
        ({"q": "轴承"}, lambda t: "轴承" in t["title"]),
        (
            {"q": "一链一策", "light": "green"},
            lambda t: "一链一策" in t["title"] and t["light"] == "green",
        ),
    ]
    for params, keep in cases:
        found = items(client, office, **params)
        assert found == [t for t in every if keep(t)], params
        assert found, params


def test_sorts_and_reasons(client: TestClient, office: dict[str, str]) -> None:
    by_chain = items(client, office)
    by_due = items(client, office, sort="due")
    assert sorted(by_chain, key=lambda t: (t["due_date"], t["id"])) == by_due
    rank = {"red": 0, "yellow": 1, "green": 2}
    lights = items(client, office, sort="light", desc=True)
    assert [rank[t["light"]] for t in lights] == sorted(
        (rank[t["light"]] for t in lights), reverse=True
    )
    red = next(t for t in lights if t["light"] == "red")
    assert red["light_reason"].startswith("overdue") or "behind" in red["light_reason"]
    zh = client.get(
        "/api/tasks", params={"light": "red"}, headers={**office, "Accept-Language": "zh-CN"}
    ).json()["items"][0]
    assert zh["light_reason"].startswith(("逾期", "进度落后"))
    assert all(t["light_reason"] is None for t in by_chain if t["light"] == "green")


@pytest.mark.parametrize(
    ("params", "status", "said"),
    [
        ({"department": "NOPE"}, 400, "department: no department 'NOPE'"),
        ({"owner": "nobody@example.org"}, 400, "owner: no person"),
        ({"chain": "NOPE"}, 400, "chain: no chain 'NOPE'"),
        ({"due_within": -1}, 422, "due_within"),
        ({"due_within": 1001}, 422, "due_within"),
        ({"q": "x" * 201}, 422, "q"),
        ({"sort": "owner"}, 422, "sort"),
    ],
)
def test_a_bad_value_is_refused_naming_it(
    client: TestClient, office: dict[str, str], params: dict[str, Any], status: int, said: str
) -> None:
    response = client.get("/api/tasks", params=params, headers=office)
    assert response.status_code == status
    detail = response.json()["detail"]
    if status == 400:
        assert detail.startswith(said)
    else:
        assert detail[0]["loc"] == ["query", said]


def test_state_open_is_every_open_state_as_on_the_page(
    client: TestClient, office: dict[str, str]
) -> None:
    every = items(client, office)
    opened = items(client, office, state="open")
    open_states = {"assigned", "accepted", "in_progress", "submitted", "blocked"}
    assert opened and {row["id"] for row in opened} == {
        row["id"] for row in every if row["state"] in open_states
    }
    refused = client.get("/api/tasks", params={"state": "opened"}, headers=office)
    assert refused.status_code == 422
