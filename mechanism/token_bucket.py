"""The rate limit of one group robot: at most 18 posts in any 60 seconds (the vendors allow 20).

WeCom and DingTalk both count a robot's posts per minute, and DingTalk throttles a robot that
goes over for ten minutes (errcode 90030), so the limit must hold in *every* 60-second window,
not on average. A textbook token bucket — 18 tokens, refilled continuously at 18 a minute —
does not promise that: a full bucket spent at 0 s has refilled 17 tokens by 59 s, 35 posts in
one minute. So here each token comes back exactly ``per_seconds`` after it was spent: the
bucket holds ``capacity`` tokens, a burst may spend them all at once, and the next one is
allowed when the oldest spend is ``per_seconds`` old. Over any window that long, at most
``capacity`` posts.

The rule is pure: the caller keeps the state (the times of the spends still inside the window,
at most ``capacity`` of them, small enough for a JSON column) and passes ``now`` in;
``take`` says whether the post may go and, if not, how long to wait.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

ROBOT_CAPACITY = 18  # posts per window: two below the vendors' 20 a minute, for clock skew
ROBOT_WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class BucketRule:
    capacity: int = ROBOT_CAPACITY
    per_seconds: float = ROBOT_WINDOW_SECONDS

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ValueError(f"a bucket holds at least one token, not {self.capacity}")
        if self.per_seconds <= 0:
            raise ValueError(f"tokens come back after a positive time, not {self.per_seconds}")


@dataclass(frozen=True)
class BucketState:
    """When the tokens still out were spent, oldest first (empty: a full bucket)."""

    spent: tuple[datetime, ...] = ()

    def tokens(self, now: datetime, rule: BucketRule = BucketRule()) -> int:
        """How many posts may go at ``now``."""
        return rule.capacity - len(_inside(self.spent, now, rule))


@dataclass(frozen=True)
class Take:
    state: BucketState  # what to store for the next call
    allowed: bool  # whether the post may go now
    wait_seconds: float  # 0 when allowed; otherwise when to ask again


def take(
    state: BucketState, now: datetime, *, count: int = 1, rule: BucketRule = BucketRule()
) -> Take:
    """Spend ``count`` tokens at ``now`` if the bucket has them (all or none).

    ``count`` is for a message that costs several posts (a WeCom digest with @-mentions is a
    markdown post and a text post). A refused take changes nothing but forgets spends that
    have left the window; ``wait_seconds`` is when enough tokens will be back.
    """
    if count < 1 or count > rule.capacity:
        raise ValueError(f"a take spends 1 to {rule.capacity} tokens, not {count}")
    recent = _inside(state.spent, now, rule)
    free = rule.capacity - len(recent)
    if free >= count:
        return Take(BucketState((*recent, *([now] * count))), True, 0.0)
    # The (count - free)-th oldest spend must leave the window first.
    back_at = recent[count - free - 1] + timedelta(seconds=rule.per_seconds)
    return Take(BucketState(recent), False, (back_at - now).total_seconds())


def _inside(spent: tuple[datetime, ...], now: datetime, rule: BucketRule) -> tuple[datetime, ...]:
    """The spends less than ``per_seconds`` before ``now`` (a spend that old is back)."""
    window = timedelta(seconds=rule.per_seconds)
    return tuple(sorted(moment for moment in spent if now - moment < window))
