"""Sign-in accounts: who may sign in, with which password, and what extra chains they hold.

An official's account is named by their email (a person imported with the city); a firm's
account by its enterprise's contact email. Passwords are kept as argon2 hashes; API tokens as
sha256 hashes, shown once. The office role is what lets someone sign off and decide extensions.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from models import ApiToken, Chain, Enterprise, Person, User, UserChainRole
from services.lookups import chain_by_code
from services.people.actors import UnknownPerson

GRANTS = ("team", "leader")  # what a grant may add on a chain; the rest comes from the data
MIN_PASSWORD = 10

_hasher = PasswordHasher()


class BadPassword(ValueError):
    """A password too weak to set; the message says why."""


class UnknownUser(LookupError):
    """No account with that name."""


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str
    office: bool
    active: bool
    has_password: bool
    grants: list[str]  # "team:BEARING"
    mobile: str | None = None  # the person's, for SMS and robot @-mentions


def add_user(
    *,
    session: Session,
    email: str,
    office: bool,
    now: datetime,
    grants: list[str] | None = None,
) -> User:
    """An account for the person (or the enterprise contact) with ``email``, created or updated
    to ``office``; ``grants`` ("team:BEARING", "leader:AUTO") are added to what it holds."""
    address = email.strip().lower()
    person = session.exec(select(Person).where(Person.email == address)).first()
    firm = None
    if person is None:
        firm = session.exec(select(Enterprise).where(Enterprise.contact_email == address)).first()
        if firm is None:
            raise UnknownPerson(
                f"no person or enterprise contact with email {email!r}; import them first"
            )
        if office:
            raise UnknownPerson(f"{email!r} is an enterprise's contact: it cannot be office")
    user = session.exec(select(User).where(User.username == address)).first()
    if user is None:
        user = User(
            username=address,
            person_id=person.id if person else None,
            enterprise_id=firm.id if firm else None,
            created_at=now,
        )
    user.is_office = office
    user.active = True
    session.add(user)
    session.flush()
    for grant in grants or []:
        _grant(session, user, grant)
    return user


def _grant(session: Session, user: User, grant: str) -> None:
    role, _, code = grant.partition(":")
    if role not in GRANTS or not code:
        raise ValueError(f"grant {grant!r}: expected team:<chain code> or leader:<chain code>")
    chain = chain_by_code(session, code)
    exists = session.exec(
        select(UserChainRole).where(
            UserChainRole.user_id == user.id,
            UserChainRole.chain_id == chain.id,
            UserChainRole.role == role,
        )
    ).first()
    if exists is None:
        session.add(UserChainRole(user_id=_id(user.id), chain_id=_id(chain.id), role=role))
        session.flush()


def set_password(*, session: Session, username: str, password: str) -> User:
    """Set (or change) a user's password, stored as an argon2 hash."""
    if len(password) < MIN_PASSWORD:
        raise BadPassword(f"a password needs at least {MIN_PASSWORD} characters")
    user = user_by_name(session, username)
    user.password_hash = _hasher.hash(password)
    user.session_generation += 1  # a new password ends every session of the account
    session.add(user)
    session.flush()
    return user


def end_sessions(*, session: Session, user_id: int) -> None:
    """Sign the user out everywhere: every session cookie issued so far stops working."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_generation += 1
        session.add(user)
        session.flush()


def check_password(*, session: Session, username: str, password: str) -> User | None:
    """The active user if ``password`` is theirs, else None (the same for an unknown name, and
    as slow: a timing difference must not tell which names exist)."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.add(user)
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        raise UnknownUser(f"no user {username!r}; add one with `chainops users add`")
    return user


def list_users(*, session: Session) -> list[UserRow]:
    codes = {c.id: c.code for c in session.exec(select(Chain)).all()}
    grants: dict[int, list[str]] = {}
    for user_id, chain_id, role in session.exec(
        select(UserChainRole.user_id, UserChainRole.chain_id, UserChainRole.role)
    ).all():
        grants.setdefault(user_id, []).append(f"{role}:{codes[chain_id]}")
    people = {p.id: p for p in session.exec(select(Person)).all()}
    names = {key: p.name for key, p in people.items()}
    firms = {e.id: e.name for e in session.exec(select(Enterprise)).all()}
    return [
        UserRow(
            username=u.username,
            name=names.get(u.person_id, "") or firms.get(u.enterprise_id, ""),
            office=u.is_office,
            active=u.active,
            has_password=bool(u.password_hash),
            grants=sorted(grants.get(_id(u.id), [])),
            mobile=people[u.person_id].mobile if u.person_id in people else None,
        )
        for u in session.exec(select(User).order_by(col(User.username))).all()
    ]


def issue_token(*, session: Session, username: str, name: str, now: datetime) -> str:
    """A new API token for ``username``; only its hash is stored, so it is shown once."""
    user = user_by_name(session, username)
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(user_id=_id(user.id), name=name, token_hash=_digest(token), created_at=now)
    )
    session.flush()
    return token


def user_by_token(session: Session, token: str) -> User | None:
    """The active user a live token speaks for, or None."""
    row = session.exec(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked == False)  # noqa: E712
    ).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored row has an id")
    return value
