"""CSRF tokens, the guard every form of the app passes. (Sign-in throttling is a service,
:mod:`services.people`, counting in the database.)"""

import hmac
import secrets

CSRF_FIELD = "csrf_token"
SESSION_CSRF = "csrf"


def csrf_token(session: dict[str, object]) -> str:
    """The session's CSRF token, made on first use (every form carries it back)."""
    token = session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[SESSION_CSRF] = token
    return token


def csrf_ok(session: dict[str, object], submitted: object) -> bool:
    expected = session.get(SESSION_CSRF)
    return (
        isinstance(expected, str)
        and isinstance(submitted, str)
        and hmac.compare_digest(expected, submitted)
    )
