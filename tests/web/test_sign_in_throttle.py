"""Sign-in throttling: per account, per address only far higher, X-Forwarded-For only from a
trusted proxy, and one count for every web process on the database."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import LIMITS, record_failed_sign_in
from tests.web.conftest import PASSWORD, PERSONAS, csrf_of
from web.app import create_app

OFFICE_ADDRESS = "10.20.0.7"  # the whole office signs in from behind this one address
PROXY = ("10.9.0.2", 40000)


def _try(client: TestClient, persona: str, password: str, **headers: str) -> int:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": PERSONAS[persona], "password": password, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    ).status_code


def _seed(settings: Settings, address: str, failures: int) -> None:
    """Failed sign-ins from ``address`` at as many accounts, as a guessing machine leaves them."""
    with session_scope(wiring.engine(settings)) as session:
        for n in range(failures):
            record_failed_sign_in(
                session=session, username=f"guess{n}@x", address=address, now=datetime.now(UTC)
            )


@pytest.fixture
def office(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings), client=(OFFICE_ADDRESS, 5000)) as test_client:
        yield test_client


@pytest.fixture
def behind_proxy(app_settings: Settings) -> FastAPI:
    return create_app(app_settings.model_copy(update={"trusted_proxies": "10.9.0.0/16, ::1"}))


def test_six_failures_of_one_account_do_not_lock_out_a_colleague_at_the_same_address(
    office: TestClient,
) -> None:
    assert [_try(office, "team", "guess-guess") for _ in range(6)] == [401] * 5 + [429]
    assert _try(office, "dept", PASSWORD) == 303


def test_an_address_waits_once_it_has_failed_ten_times_the_account_limit(
    office: TestClient, app_settings: Settings
) -> None:
    assert LIMITS.per_address == 10 * LIMITS.per_account
    _seed(app_settings, OFFICE_ADDRESS, LIMITS.per_address - 1)
    assert _try(office, "dept", "guess-guess") == 401  # the 50th failure from this address
    assert _try(office, "office", PASSWORD) == 429  # now even a right password waits there


def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
    behind_proxy: FastAPI, app_settings: Settings
) -> None:
    _seed(app_settings, "203.0.113.7", LIMITS.per_address)  # a guessing machine, outside
    _seed(app_settings, OFFICE_ADDRESS, LIMITS.per_address)
    with (
        TestClient(behind_proxy, client=PROXY) as proxy,
        TestClient(behind_proxy, client=(OFFICE_ADDRESS, 5000)) as direct,
    ):
        assert _try(proxy, "office", PASSWORD, **{"X-Forwarded-For": "203.0.113.7"}) == 429
        assert _try(proxy, "team", PASSWORD, **{"X-Forwarded-For": "198.51.100.9"}) == 303
        # From a peer that is no trusted proxy the header is the client's own word: ignored.
        assert _try(direct, "dept", PASSWORD, **{"X-Forwarded-For": "198.51.100.9"}) == 429


def test_two_app_processes_on_one_database_share_the_count(app_settings: Settings) -> None:
    with (
        TestClient(create_app(app_settings)) as first,
        TestClient(create_app(app_settings)) as second,
    ):
        assert [_try(first, "team", "guess-guess") for _ in range(3)] == [401] * 3
        assert [_try(second, "team", "guess-guess") for _ in range(2)] == [401] * 2
        assert _try(first, "team", PASSWORD) == 429
        assert _try(second, "team", PASSWORD) == 429


def test_a_right_password_forgives_the_accounts_failures(office: TestClient) -> None:
    assert [_try(office, "team", "guess-guess") for _ in range(4)] == [401] * 4
    assert _try(office, "team", PASSWORD) == 303
    assert [_try(office, "team", "guess-guess") for _ in range(4)] == [401] * 4
