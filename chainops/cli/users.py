"""``chainops users add|list|passwd|token``: sign-in accounts for the web app and its API."""

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import JsonOption, fail, open_session
from chainops.cli.output import print_json, print_rows
from mechanism.mobile import BadMobile
from services.lookups import UnknownChain
from services.people import (
    BadPassword,
    UnknownPerson,
    UnknownUser,
    add_user,
    issue_token,
    list_users,
    set_mobile,
    set_password,
)

PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (scripts)."),
]


def register_users(app: typer.Typer) -> None:
    users = typer.Typer(help="Sign-in accounts, passwords and API tokens.", no_args_is_help=True)
    app.add_typer(users, name="users")

    @users.command("add")
    def add(
        email: Annotated[
            str, typer.Argument(help="A person's email, or an enterprise contact's (a firm).")
        ],
        office: Annotated[
            bool, typer.Option("--office/--no-office", help="Member of the city chain office.")
        ] = False,
        grant: Annotated[
            list[str] | None,
            typer.Option(
                "--grant",
                help="Extra standing on a chain: team:BEARING or leader:AUTO (repeatable). "
                "Roster roles, departments and firms need no grant.",
            ),
        ] = None,
        password_stdin: PasswordStdin = False,
    ) -> None:
        """Give a person (or a firm's contact) an account; --office lets them sign off."""
        password = _read_password(password_stdin) if password_stdin else None
        with open_session() as session:
            try:
                user = add_user(
                    session=session, email=email, office=office, now=wiring.now(), grants=grant
                )
                if password is not None:
                    set_password(session=session, username=user.username, password=password)
            except (UnknownPerson, UnknownChain, BadPassword, ValueError) as exc:
                raise fail(str(exc)) from exc
            print(f"user {user.username}" + (" (office)" if user.is_office else ""))
            if not user.password_hash:
                print(f"no password yet: chainops users passwd {user.username}")

    @users.command("list")
    def list_command(as_json: JsonOption = False) -> None:
        """Every account, with its office role, grants and whether it has a password."""
        with open_session() as session:
            rows = [asdict(row) for row in list_users(session=session)]
        if as_json:
            print_json(rows)
            return
        for row in rows:
            row["grants"] = ", ".join(row["grants"])
        print_rows(
            "Users",
            rows,
            ["username", "name", "mobile", "office", "active", "has_password", "grants"],
        )

    @users.command("mobile")
    def mobile(
        email: Annotated[str, typer.Argument(help="The person's email.")],
        number: Annotated[
            str | None,
            typer.Argument(help="11-digit mainland mobile: 13800000000, 138-0000-0000, +86 …"),
        ] = None,
        clear: Annotated[bool, typer.Option("--clear", help="Remove the mobile.")] = False,
    ) -> None:
        """Set (or --clear) a person's mobile, for SMS and group-robot @-mentions."""
        if number is None and not clear:
            raise fail("give the mobile number, or --clear to remove it")
        if number is not None and clear:
            raise fail("give either a mobile number or --clear, not both")
        with open_session() as session:
            try:
                person = set_mobile(
                    session=session,
                    email=email,
                    mobile=number,
                    actor="chainops users mobile",
                    now=wiring.now(),
                )
            except (UnknownPerson, BadMobile) as exc:
                raise fail(str(exc)) from exc
            print(f"{person.email}: mobile {person.mobile or '(none)'}")

    @users.command("passwd")
    def passwd(
        username: Annotated[str, typer.Argument(help="The account (its email).")],
        password_stdin: PasswordStdin = False,
    ) -> None:
        """Set or change a password (asked twice, not echoed; or --password-stdin)."""
        if password_stdin:
            password = _read_password(True)
        else:
            password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
        with open_session() as session:
            try:
                set_password(session=session, username=username, password=password)
            except (UnknownUser, BadPassword) as exc:
                raise fail(str(exc)) from exc
        print(f"password set for {username}")

    @users.command("token")
    def token(
        username: Annotated[str, typer.Argument(help="The account the token acts as.")],
        name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "api",
    ) -> None:
        """Make an API token (Authorization: Bearer …); it is printed once, never stored."""
        with open_session() as session:
            try:
                value = issue_token(
                    session=session, username=username, name=name, now=wiring.now()
                )
            except UnknownUser as exc:
                raise fail(str(exc)) from exc
        print(value)


def _read_password(from_stdin: bool) -> str:
    line = sys.stdin.readline() if from_stdin else ""
    return line.rstrip("\r\n")
