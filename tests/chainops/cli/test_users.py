"""``chainops users``: accounts for people and firms, passwords from a script, grants, tokens."""

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from chainops.cli import app
from models.db import make_engine, session_scope
from services.people import check_password, user_by_token


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def test_an_account_with_a_password_and_a_grant_is_listed(on_demo: Path) -> None:
    added = run(
        "users", "add", "wei.na@example.gov.cn", "--grant", "leader:AUTO", "--password-stdin",
        stdin="a-long-password\n",
    )  # fmt: skip
    listed = json.loads(run("users", "list", "--json").stdout)

    assert added.exit_code == 0, added.output
    row = next(r for r in listed if r["username"] == "wei.na@example.gov.cn")
    assert row == {
        "username": "wei.na@example.gov.cn",
        "name": row["name"],
        "office": False,
        "active": True,
        "has_password": True,
        "grants": ["leader:AUTO"],
        "mobile": None,
    }
    engine = make_engine(f"sqlite:///{on_demo}")
    with session_scope(engine) as session:
        assert check_password(session=session, username="wei.na@example.gov.cn",
                              password="a-long-password") is not None  # fmt: skip
    engine.dispose()


def test_a_firm_contact_gets_an_account_but_never_the_office_role(on_demo: Path) -> None:
    firm = "zhao.liping@jinyuan-fc.example.com"
    assert run("users", "add", firm).exit_code == 0
    office = run("users", "add", firm, "--office")
    assert office.exit_code == 1
    assert "is an enterprise's contact: it cannot be office" in office.output


def test_bad_input_is_refused_naming_what_was_wrong(on_demo: Path) -> None:
    unknown = run("users", "add", "nobody@example.gov.cn")
    grant = run("users", "add", "wei.na@example.gov.cn", "--grant", "boss:AUTO")
    chain = run("users", "add", "wei.na@example.gov.cn", "--grant", "team:NOPE")
    short = run("users", "passwd", "gao.wenbo@example.gov.cn", "--password-stdin", stdin="short\n")
    nouser = run("users", "passwd", "nobody@example.gov.cn", "--password-stdin",
                 stdin="long-enough-password\n")  # fmt: skip

    assert unknown.exit_code == 1 and "no person or enterprise contact" in unknown.output
    assert grant.exit_code == 1
    assert "expected team:<chain code> or leader:<chain code>" in grant.output
    assert chain.exit_code == 1 and "NOPE" in chain.output
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert nouser.exit_code == 1 and "no user 'nobody@example.gov.cn'" in nouser.output


def test_a_token_is_shown_once_and_acts_as_its_user(on_demo: Path) -> None:
    made = run("users", "token", "gao.wenbo@example.gov.cn", "--name", "dashboards")
    token = made.stdout.strip()

    assert made.exit_code == 0 and len(token) > 30
    engine = make_engine(f"sqlite:///{on_demo}")
    with session_scope(engine) as session:
        user = user_by_token(session, token)
        assert user is not None and user.username == "gao.wenbo@example.gov.cn"
        assert user_by_token(session, token + "x") is None
    engine.dispose()


def test_the_office_sets_and_clears_a_mobile_and_bad_numbers_are_refused(on_demo: Path) -> None:
    person = "wei.na@example.gov.cn"
    assert run("users", "add", person).exit_code == 0

    written = run("users", "mobile", person, "+86 139-1234-5678")
    listed = json.loads(run("users", "list", "--json").stdout)

    assert written.exit_code == 0, written.output
    assert f"{person}: mobile 13912345678" in written.output
    assert next(r for r in listed if r["username"] == person)["mobile"] == "13912345678"
    people = json.loads(run("people", "list", "--json").stdout)
    assert next(p for p in people if p["email"] == person)["mobile"] == "13912345678"

    refused = run("users", "mobile", person, "0635-8888888")
    assert refused.exit_code == 1
    assert "'0635-8888888' is not a mainland mobile number" in refused.output
    unknown = run("users", "mobile", "nobody@example.gov.cn", "13912345678")
    assert unknown.exit_code == 1
    assert "no person with email 'nobody@example.gov.cn'" in unknown.output
    assert run("users", "mobile", person).exit_code == 1  # neither a number nor --clear

    cleared = run("users", "mobile", person, "--clear")
    assert cleared.exit_code == 0, cleared.output
    listed = json.loads(run("users", "list", "--json").stdout)
    assert next(r for r in listed if r["username"] == person)["mobile"] is None
