"""Sign-in throttling: failed sign-ins counted per account, and per client address only at a
much higher threshold, in the database so that every web process counts the same failures.

Per account, because that is what a guesser attacks: five wrong passwords for one account
make that account wait, and nobody else. Per address too, so that one machine cannot try
five passwords on each of a thousand accounts — but ten times higher, because a whole office
signs in from behind one address and one official's typos must not lock out the others.

No rate-limiting library fits: ``limits`` keeps its counters in Redis, Memcached or MongoDB
(SQL storage is an unmerged pull request), and ``pyrate-limiter`` wants its own sqlite3
connection or psycopg pool and counts every acquisition, where this counts only failures and
forgets an account's on success. So a failure is a row (:class:`models.SignInFailure`) and the
wait is arithmetic on the newest rows. Two processes checking at the same instant may each let
one more try through: a handful of extra guesses against an argon2 hash, which is harmless.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from models import SignInFailure

KEY_LENGTH = 300  # the column's width; a longer name cannot be an account anyway


@dataclass(frozen=True)
class SignInLimits:
    """How many failures within ``window`` each key may have before it must wait."""

    per_account: int = 5
    per_address: int = 50
    window: timedelta = timedelta(minutes=15)


LIMITS = SignInLimits()


def _account(username: str) -> str:
    return f"account:{username.strip().lower()}"[:KEY_LENGTH]


def _address(address: str) -> str:
    return f"address:{address}"[:KEY_LENGTH]


def sign_in_wait(
    *,
    session: Session,
    username: str,
    address: str,
    now: datetime,
    limits: SignInLimits = LIMITS,
) -> timedelta | None:
    """How long until this account may try again from this address, or None if it may now."""
    waits = [
        _wait(session, key, limit, now, limits.window)
        for key, limit in (
            (_account(username), limits.per_account),
            (_address(address), limits.per_address),
        )
    ]
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


def _wait(
    session: Session, key: str, limit: int, now: datetime, window: timedelta
) -> timedelta | None:
    # The newest ``limit`` failures in the window: when there are that many, the key waits
    # until the oldest of them ages out.
    newest = session.exec(
        select(SignInFailure.failed_at)
        .where(SignInFailure.key == key, SignInFailure.failed_at > now - window)
        .order_by(col(SignInFailure.failed_at).desc())
        .limit(limit)
    ).all()
    if len(newest) < limit:
        return None
    return max(newest[-1] + window - now, timedelta(seconds=1))


def record_failed_sign_in(
    *,
    session: Session,
    username: str,
    address: str,
    now: datetime,
    limits: SignInLimits = LIMITS,
) -> None:
    """Count a failed sign-in against the account and the address; forget failures that have
    aged out of the window, so the table holds only the last minutes."""
    session.exec(delete(SignInFailure).where(col(SignInFailure.failed_at) <= now - limits.window))
    session.add(SignInFailure(key=_account(username), failed_at=now))
    session.add(SignInFailure(key=_address(address), failed_at=now))
    session.flush()


def clear_sign_in_failures(*, session: Session, username: str) -> None:
    """A right password forgives the account's failures (the address keeps its count: one
    success must not reopen a machine that is guessing at many accounts)."""
    session.exec(delete(SignInFailure).where(col(SignInFailure.key) == _account(username)))
    session.flush()
