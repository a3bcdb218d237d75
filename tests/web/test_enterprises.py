"""The enterprise pages on the demo city: the list with its filters, one enterprise's titles,
deadlines, reminder tasks and candidacies, the forms that change them (and their refusals,
which name the field and change nothing), a chain's 链主 / 领航型 approval page, and the
ladder on the chain page."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import select

from chainops import wiring
from chainops.settings import Settings
from models import AuditEvent, CultivationCandidate, Designation, Enterprise
from models.db import session_scope
from tests.web.conftest import csrf_of, sign_in

BEARING_MASTER = "913715818438126800"  # 万通轴承: BEARING's chain master and pilot
REVIEW_SOON = "91371526MA9UTT1HH2"  # 锦程家纺 (TEXTILE): provincial title, review in Jan 2027
LIBRARY_LITTLE_GIANT = "91371525MAK42P2JNW"  # 金恒保持架 (BEARING): a candidate for little_giant
RUIXING = "91371581MAL6U74D1E"  # 瑞星轴承 (BEARING): a gazelle


def _post(client: TestClient, path: str, data: dict[str, str]) -> Response:
    token = csrf_of(client.get("/").text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _titles(settings: Settings, credit_code: str) -> list[Designation]:
    with session_scope(wiring.engine(settings)) as session:
        firm = session.exec(select(Enterprise).where(Enterprise.credit_code == credit_code)).one()
        rows = session.exec(select(Designation).where(Designation.enterprise_id == firm.id)).all()
        session.expunge_all()
        return list(rows)


def _audits(settings: Settings) -> int:
    with session_scope(wiring.engine(settings)) as session:
        return len(session.exec(select(AuditEvent.id)).all())


def test_the_list_filters_by_chain_kind_and_deadline_and_pages(client: TestClient) -> None:
    sign_in(client, "office")
    everything = client.get("/enterprises")
    assert everything.status_code == 200
    assert f'href="/enterprises/{REVIEW_SOON}"' in everything.text  # by credit code
    assert 'href="/enterprises?page=2">Next' in everything.text  # 63 firms, 50 a page
    assert f'href="/enterprises/{BEARING_MASTER}"' not in everything.text
    second = client.get("/enterprises?page=2")
    assert second.status_code == 200 and f'href="/enterprises/{BEARING_MASTER}"' in second.text
    bearing = client.get("/enterprises?chain=BEARING").text
    assert f'href="/enterprises/{BEARING_MASTER}"' in bearing
    assert f'href="/enterprises/{REVIEW_SOON}"' not in bearing  # a textile firm
    giants = client.get("/enterprises?kind=little_giant").text
    assert f'href="/enterprises/{BEARING_MASTER}"' not in giants
    assert 'href="/enterprises/91371581MAKR8JKM7M"' in giants
    soon = client.get("/enterprises?due=60").text
    assert f'href="/enterprises/{REVIEW_SOON}"' in soon
    assert f'href="/enterprises/{BEARING_MASTER}"' not in soon


def test_a_bad_filter_is_named_and_answered_400_never_500(client: TestClient) -> None:
    sign_in(client, "office")
    bad_due = client.get("/enterprises?due=soon")
    assert bad_due.status_code == 400
    assert "Due within N working days" in bad_due.text and "&#39;soon&#39;" in bad_due.text
    bad_kind = client.get("/enterprises?kind=unicorn")
    assert bad_kind.status_code == 400 and "kind: unknown kind &#39;unicorn&#39;" in bad_kind.text
    bad_chain = client.get("/enterprises?chain=NOPE")
    assert bad_chain.status_code == 400 and "NOPE" in bad_chain.text


def test_an_enterprise_page_shows_titles_deadlines_reminder_tasks_and_chains(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    page = client.get(f"/enterprises/{REVIEW_SOON}")
    assert page.status_code == 200
    text = page.text
    assert "Provincial specialised SME" in text and "2023年度第二批" in text
    assert "鲁工信企〔2024〕5号" in text and "2027-01-18" in text  # valid until, review due
    assert "2027-04-30" in text  # the yearly data update
    assert "Review on 2027-01-18" in text  # what's next
    assert 'href="/tasks/' in text and "60 working days ahead" in text  # the reminder task
    assert 'href="/chains/TEXTILE"' in text
    client.get("/lang/zh-CN?next=/")
    chinese = client.get(f"/enterprises/{REVIEW_SOON}").text
    assert "省级专精特新中小企业" in chinese and "复核时限" in chinese and "提醒任务" in chinese


def test_an_unknown_enterprise_is_404(client: TestClient) -> None:
    sign_in(client, "office")
    assert client.get("/enterprises/91371500000000000X").status_code == 404


def test_the_office_adds_a_title_and_a_bad_date_names_the_field_and_changes_nothing(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    before, audits = len(_titles(app_settings, RUIXING)), _audits(app_settings)
    bad = _post(client, f"/enterprises/{RUIXING}/titles",
                {"kind": "zjtx_provincial", "recognized_on": "2026-13-01"})  # fmt: skip
    assert bad.status_code == 400
    assert "Check “Recognised”" in bad.text and "&#39;2026-13-01&#39; is not a date" in bad.text
    assert 'value="2026-13-01"' in bad.text  # the form as typed
    missing = _post(client, f"/enterprises/{RUIXING}/titles", {"kind": "zjtx_provincial"})
    assert missing.status_code == 400
    assert "recognized_on: a recognised title needs the day" in missing.text
    assert len(_titles(app_settings, RUIXING)) == before and _audits(app_settings) == audits
    done = _post(client, f"/enterprises/{RUIXING}/titles",
                 {"kind": "zjtx_provincial", "recognized_on": "2026-01-15", "batch": "2025年度",
                  "doc_no": "鲁工信企〔2026〕2号"})  # fmt: skip
    assert done.status_code == 303
    page = client.get(f"/enterprises/{RUIXING}").text
    assert "added" in page and "鲁工信企〔2026〕2号" in page and "2029-01-15" in page


def test_a_move_the_status_does_not_allow_says_why_and_a_revocation_needs_a_reason(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    title = next(t for t in _titles(app_settings, REVIEW_SOON) if t.kind == "zjtx_provincial")
    path = f"/enterprises/{REVIEW_SOON}/titles/{title.id}/move"
    refused = _post(client, path, {"to": "renewed"})
    assert refused.status_code == 400
    assert "a title recognised cannot become renewed" in refused.text
    no_reason = _post(client, path, {"to": "revoked"})
    assert no_reason.status_code == 400 and "say why" in no_reason.text
    assert _titles(app_settings, REVIEW_SOON)[0].status == "recognized"
    assert _post(client, path, {"to": "under_review"}).status_code == 303
    renewed = _post(client, path, {"to": "renewed", "recognized_on": "2027-01-10"})
    assert renewed.status_code == 303
    row = next(t for t in _titles(app_settings, REVIEW_SOON) if t.id == title.id)
    assert row.status == "renewed" and str(row.valid_until) == "2030-01-10"


def test_a_migrated_title_says_dates_missing_and_the_office_completes_them(
    client: TestClient, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        firm = session.exec(select(Enterprise).where(Enterprise.credit_code == RUIXING)).one()
        assert firm.id is not None
        migrated = Designation(enterprise_id=firm.id, kind="innovative", level="provincial",
                               status="recognized", created_at=datetime.now(UTC))  # fmt: skip
        session.add(migrated)
        session.flush()
        title_id = migrated.id
    sign_in(client, "office")
    page = client.get(f"/enterprises/{RUIXING}").text
    assert "Dates missing" in page and f'id="dates-{title_id}"' in page
    path = f"/enterprises/{RUIXING}/titles/{title_id}/dates"
    bad = _post(client, path, {"recognized_on": "2025-06-10", "valid_until": "2025-01-01"})
    assert bad.status_code == 400 and "is not after the recognition" in bad.text
    assert _post(client, path, {"recognized_on": "2025-06-10"}).status_code == 303
    row = next(t for t in _titles(app_settings, RUIXING) if t.id == title_id)
    assert str(row.recognized_on) == "2025-06-10" and str(row.valid_until) == "2028-06-10"
    assert f'id="dates-{title_id}"' not in client.get(f"/enterprises/{RUIXING}").text


def test_a_candidate_enters_the_library_and_a_recognised_title_promotes_it(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get(f"/enterprises/{LIBRARY_LITTLE_GIANT}").text
    assert 'id="candidacies"' in page and "Little giant" in page
    entered = _post(client, f"/enterprises/{RUIXING}/candidates",
                    {"target_kind": "zjtx_provincial", "entered_on": "2026-11-01"})  # fmt: skip
    assert entered.status_code == 303
    twice = _post(client, f"/enterprises/{RUIXING}/candidates",
                  {"target_kind": "zjtx_provincial", "entered_on": "2026-11-02"})  # fmt: skip
    assert twice.status_code == 400 and "a candidate for" in twice.text
    bad_cycle = _post(client, f"/enterprises/{RUIXING}/candidates",
                      {"target_kind": "little_giant", "cycle_months": "a year"})  # fmt: skip
    assert bad_cycle.status_code == 400 and "Cycle (months)" in bad_cycle.text
    promoted = _post(client, f"/enterprises/{RUIXING}/titles",
                     {"kind": "zjtx_provincial", "recognized_on": "2026-11-20"})  # fmt: skip
    assert promoted.status_code == 303
    with session_scope(wiring.engine(app_settings)) as session:
        firm = session.exec(select(Enterprise).where(Enterprise.credit_code == RUIXING)).one()
        candidacy = session.exec(
            select(CultivationCandidate).where(CultivationCandidate.enterprise_id == firm.id)
        ).one()
        assert candidacy.exit_reason == "promoted" and str(candidacy.left_on) == "2026-11-20"


def test_a_candidate_exits_with_a_reason_and_a_bad_reason_is_refused(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    with session_scope(wiring.engine(app_settings)) as session:
        firm = session.exec(
            select(Enterprise).where(Enterprise.credit_code == LIBRARY_LITTLE_GIANT)
        ).one()
        candidate_id = session.exec(
            select(CultivationCandidate.id).where(CultivationCandidate.enterprise_id == firm.id)
        ).one()
    path = f"/enterprises/{LIBRARY_LITTLE_GIANT}/candidates/{candidate_id}/exit"
    bad = _post(client, path, {"reason": "promoted"})
    assert bad.status_code == 400 and "a promotion comes with the title" in bad.text
    early = _post(client, path, {"reason": "withdrawn", "left_on": "2020-01-01"})
    assert early.status_code == 400 and "before the entry" in early.text
    done = _post(client, path, {"reason": "withdrawn", "note": "企业申请退出"})
    assert done.status_code == 303
    page = client.get(f"/enterprises/{LIBRARY_LITTLE_GIANT}").text
    assert "Withdrawn" in page and f'id="exit-{candidate_id}"' not in page
    assert _post(client, path, {"reason": "withdrawn"}).status_code == 404


def test_the_chain_leader_approves_a_proposal_the_office_may_not(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    proposed = _post(client, "/chains/BEARING/chain-masters",
                     {"credit_code": RUIXING, "kind": "chain_master"})  # fmt: skip
    assert proposed.status_code == 303
    page = client.get("/chains/BEARING/chain-masters").text
    assert "waiting for the chain leader" in page and 'id="pending"' in page
    title = next(t for t in _titles(app_settings, RUIXING) if t.kind == "chain_master")
    client.cookies.clear()
    sign_in(client, "office")
    office_page = client.get("/chains/BEARING/chain-masters").text
    assert "the office may not approve for them" in office_page
    client.get("/lang/zh-CN?next=/")
    assert "链长制办公室不能代为审定" in client.get("/chains/BEARING/chain-masters").text
    client.get("/lang/en?next=/")
    assert f"/chain-masters/{title.id}/approve" not in office_page
    by_office = _post(client, f"/chains/BEARING/chain-masters/{title.id}/approve", {})
    assert by_office.status_code == 403
    client.cookies.clear()
    sign_in(client, "leader")
    no_reason = _post(client, f"/chains/BEARING/chain-masters/{title.id}/refuse", {"reason": " "})
    assert no_reason.status_code == 400 and "say why" in no_reason.text
    approved = _post(client, f"/chains/BEARING/chain-masters/{title.id}/approve", {})
    assert approved.status_code == 303
    held = client.get("/chains/BEARING/chain-masters").text
    assert f'id="held-{title.id}"' in held and "李振华" in held
    again = _post(client, f"/chains/BEARING/chain-masters/{title.id}/approve", {})
    assert again.status_code == 404  # no longer a proposal
    with session_scope(wiring.engine(app_settings)) as session:
        actions = session.exec(
            select(AuditEvent.action).where(
                AuditEvent.entity_type == "designation", AuditEvent.entity_id == title.id
            )
        ).all()
        assert list(actions) == ["created", "approved"]


def test_the_leader_refuses_with_a_reason(client: TestClient, app_settings: Settings) -> None:
    sign_in(client, "office")
    _post(client, "/chains/BEARING/chain-masters", {"credit_code": RUIXING, "kind": "pilot"})
    title = next(t for t in _titles(app_settings, RUIXING) if t.kind == "pilot")
    client.cookies.clear()
    sign_in(client, "leader")
    refused = _post(client, f"/chains/BEARING/chain-masters/{title.id}/refuse",
                    {"reason": "营收规模不足"})  # fmt: skip
    assert refused.status_code == 303
    row = next(t for t in _titles(app_settings, RUIXING) if t.id == title.id)
    assert row.status == "revoked" and row.note == "营收规模不足"


def test_a_bad_proposal_names_the_field(client: TestClient, app_settings: Settings) -> None:
    sign_in(client, "office")
    bad = _post(
        client, "/chains/BEARING/chain-masters", {"credit_code": RUIXING, "kind": "gazelle"}
    )
    assert bad.status_code == 400 and "chain: a Gazelle is not held for a chain" in bad.text
    assert not [t for t in _titles(app_settings, RUIXING) if t.status == "candidate"]


def test_the_chain_page_shows_the_ladder(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/chains/BEARING").text
    assert 'id="ladder"' in page and 'href="/enterprises?chain=BEARING"' in page
    assert 'id="tier-chain_master"' in page and f'href="/enterprises/{BEARING_MASTER}"' in page
    assert 'id="tier-little_giant"' in page  # 宏力滚动体 holds one; 金恒 and 博远 are candidates
    assert 'href="/chains/BEARING/chain-masters"' in page
    client.get("/lang/zh-CN?next=/")
    assert "梯度培育" in client.get("/chains/BEARING").text
