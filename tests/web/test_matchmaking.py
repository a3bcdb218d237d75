"""The matchmaking pages: the working group plans an event, invites, is refused holding it
short of specialised SMEs (told who is missing), holds it, moves a match to an intention with
its follow-up tasks; the event report as a page and as an .xlsx."""

import io

import openpyxl
from fastapi.testclient import TestClient

from tests.services.matchmaking.seed import EXPIRED_SME
from tests.web.conftest import csrf_of, sign_in
from tests.web.matchmaking_city import Held, held_fixture  # noqa: F401 (the fixture)


def _post(client: TestClient, path: str, page: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_the_working_group_runs_an_event_to_held_and_is_told_what_is_missing(
    client: TestClient, held: Held
) -> None:
    sign_in(client, "team")
    made = _post(
        client,
        "/chains/BEARING/events",
        "/chains/BEARING/events",
        {
            "title": "轴承供需对接会",
            "kind": "supply_demand",
            "host_department": "GXJ",
            "held_on": "2026-12-10",
            "place": "聊城",
        },
    )
    assert made.status_code == 303, made.text
    page = made.headers["location"]
    for code, role in (
        (held.seeded.master_code, "chain_master"),
        (held.seeded.sme_codes[0], "sme"),
        (held.seeded.sme_codes[3], "sme"),
    ):
        assert (
            _post(client, f"{page}/invite", page, {"credit_code": code, "role": role}).status_code
            == 303
        )
    for state in ("collecting", "matched"):
        assert _post(client, f"{page}/move", page, {"to": state}).status_code == 303
    refused = _post(client, f"{page}/move", page, {"to": "held"})
    assert refused.status_code == 400
    assert "1 of the 3 specialised SMEs needed" in refused.text
    assert f"{EXPIRED_SME}&#39;s Provincial specialised SME expired on 2026-03-01" in refused.text
    for code in held.seeded.sme_codes[1:3]:
        _post(client, f"{page}/invite", page, {"credit_code": code, "role": "sme"})
    assert _post(client, f"{page}/move", page, {"to": "held"}).status_code == 303
    shown = client.get(page)
    assert 'id="state">Held<' in shown.text and "Met: 1 chain masters" in shown.text


def test_a_bad_event_form_names_the_field(client: TestClient, held: Held) -> None:
    sign_in(client, "office")
    refused = _post(
        client,
        "/chains/BEARING/events",
        "/chains/BEARING/events",
        {
            "title": "x",
            "kind": "supply_demand",
            "host_department": "GXJ",
            "held_on": "2026-13-01",
            "place": "p",
        },
    )
    assert refused.status_code == 400 and "is not a date" in refused.text


def test_a_match_moves_to_signed_on_its_page_and_shows_its_follow_ups(
    client: TestClient, held: Held
) -> None:
    sign_in(client, "office")
    page = f"/matches/{held.match_id}"
    shown = client.get(page)
    assert shown.status_code == 200 and 'id="follow-ups"' in shown.text
    refused = _post(client, f"{page}/move", page, {"to": "signed", "amount": "lots"})
    assert refused.status_code == 400 and "amount" in refused.text.lower()
    assert (
        _post(client, f"{page}/move", page, {"to": "signed", "amount": "95.5"}).status_code == 303
    )
    assert 'id="stage">Signed<' in client.get(page).text
    event = client.get(f"/events/{held.event_id}").text
    assert 'data-stage="signed"' in event


def test_the_event_report_shows_the_lines_and_downloads_as_xlsx(
    client: TestClient, held: Held
) -> None:
    sign_in(client, "leader")
    page = client.get("/events/report?chain=BEARING")
    assert page.status_code == 200 and "轴承链主企业行" in page.text
    assert 'class="share">' in page.text
    download = client.get("/events/report?chain=BEARING&format=xlsx")
    assert download.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True)
    )
    (line,) = [row for row in rows[1:] if row[1] == "轴承链主企业行"]
    assert line[6] == 1  # one intention
    assert client.get("/events/report?format=pdf").status_code == 400


def test_the_chain_page_links_its_events(client: TestClient, held: Held) -> None:
    sign_in(client, "office")
    assert 'href="/chains/BEARING/events"' in client.get("/chains/BEARING").text
    assert "轴承链主企业行" in client.get("/chains/BEARING/events").text


def test_the_event_page_speaks_chinese(client: TestClient, held: Held) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get(f"/events/{held.event_id}").text
    assert "举办条件" in page and "已满足" in page and "链主企业行" in page
    assert "mm." not in page  # no key shown for missing words
    report = client.get("/events/report").text
    assert "融通对接成效报告" in report and "专精特新企业参与率" in report
