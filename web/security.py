"""Login throttling and CSRF tokens: the two guards every form of the app passes.

Throttling counts failed sign-ins per account and per client address in this process: after
``limit`` failures within ``window`` the next try is refused until the oldest failure ages out.
(Several app processes each keep their own count: a guessing attacker gets at most
``limit`` × processes tries per window, still far too few to guess an argon2-hashed password.)
"""

import hmac
import secrets
import threading
from collections import defaultdict, deque
from datetime import datetime, timedelta

CSRF_FIELD = "csrf_token"
SESSION_CSRF = "csrf"


class Throttle:
    def __init__(self, *, limit: int = 5, window: timedelta = timedelta(minutes=15)) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, keys: list[str], now: datetime) -> timedelta | None:
        """How long until any of ``keys`` may try again, or None if all may now."""
        longest: timedelta | None = None
        with self._lock:
            for key in keys:
                failures = self._failures[key]
                while failures and now - failures[0] >= self.window:
                    failures.popleft()
                if len(failures) >= self.limit:
                    left = self.window - (now - failures[0])
                    longest = left if longest is None or left > longest else longest
        return longest

    def failed(self, keys: list[str], now: datetime) -> None:
        with self._lock:
            for key in keys:
                self._failures[key].append(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


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
