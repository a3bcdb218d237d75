"""The ranking reads only what a chain or a department delivered — deadlines met, work not red,
investment on timing, requests closed within their service level — and nothing about
acknowledgement, sign-ins, clicks or time online (the 2024 burden-reduction rules forbid point
rankings on app use; DESIGN.md: "acknowledgement never scored"). These tests fail the day
anything else is added to what the score reads."""

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from mechanism.ranking import PARTS, Weights, parts, rank

# What feeds the score, as mechanism.ranking's docstring documents it: (section, figure).
DOCUMENTED_INPUTS = {
    ("tasks", "on_time_rate"),
    ("tasks", "open_by_light"),
    ("projects", "completion_rate"),
    ("projects", "timing_progress"),
    ("requests", "closed_within_level"),
    ("requests", "closed"),
}
DOCUMENTED_PARTS = (
    "tasks_on_time",
    "tasks_not_red",
    "investment_on_timing",
    "requests_within_level",
)
# Words that would betray a measure of activity rather than of work done.
ACTIVITY = ("ack", "login", "sign_in", "signin", "session", "click", "online", "visit", "read")


class Recording(Mapping[str, Any]):
    """Figures that remember which of their keys were read (nested sections too)."""

    def __init__(self, data: Mapping[str, Any], path: tuple[str, ...], seen: set[tuple[str, ...]]):
        self._data, self._path, self._seen = data, path, seen

    def __getitem__(self, key: str) -> Any:
        self._seen.add((*self._path, key))
        value = self._data[key]
        if isinstance(value, Mapping) and len(self._path) == 0:
            return Recording(value, (*self._path, key), self._seen)
        return value

    def __iter__(self) -> Iterator[str]:
        self._seen.add((*self._path, "*"))
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def full_figures() -> dict[str, Any]:
    """One scope's figures with every section a closed month holds — acknowledgement times among
    them — and some that might tempt a ranking (sign-ins, clicks, time online)."""
    return {
        "tasks": {"total": 9, "due_this_month": 4, "done_on_time": 3, "done_late": 1,
                  "open_by_light": {"green": 3, "yellow": 1, "red": 1}, "on_time_rate": 0.75},
        "projects": {"investment_planned": 900.0, "investment_completed": 600.0,
                     "completion_rate": 0.6667, "timing_progress": 0.9151, "against_timing": -0.25,
                     "milestones_hit": 1, "milestones_missed": 1, "reports_missing": 0},
        "requests": {"opened": 2, "closed": 2, "closed_within_level": 1,
                     "median_working_days_to_close": 4.0},
        "ladder": {"notices_by_level": {"1": 3}, "median_hours_to_acknowledge": 2.5,
                   "acknowledged_share": 0.5},
        "activity": {"sign_ins": 40, "clicks": 900, "hours_online": 12.5},
    }  # fmt: skip


def test_the_score_reads_exactly_the_documented_figures() -> None:
    seen: set[tuple[str, ...]] = set()
    parts(Recording(full_figures(), (), seen))
    read = {key for key in seen if len(key) == 2}
    assert read == DOCUMENTED_INPUTS
    assert {key[0] for key in seen} == {"tasks", "projects", "requests"}


def test_the_score_has_exactly_the_documented_parts_and_weights() -> None:
    assert PARTS == DOCUMENTED_PARTS
    assert tuple(field.name for field in dataclasses.fields(Weights)) == DOCUMENTED_PARTS
    for name in (*PARTS, *(figure for _, figure in DOCUMENTED_INPUTS)):
        assert not any(word in name for word in ACTIVITY), name


def test_acknowledgement_and_activity_figures_change_no_score_or_rank() -> None:
    def scopes(ladder: dict[str, Any], activity: dict[str, Any]) -> dict[str, dict[str, Any]]:
        quick, slow = full_figures(), full_figures()
        slow["tasks"]["on_time_rate"] = 0.5
        slow["ladder"], slow["activity"] = ladder, activity
        return {"A": quick, "B": slow}

    idle = scopes({"notices_by_level": {"1": 3}, "median_hours_to_acknowledge": None}, {})
    busy = scopes(
        {"notices_by_level": {"1": 3}, "median_hours_to_acknowledge": 0.1, "acknowledged_share": 1},
        {"sign_ins": 10_000, "clicks": 10**6, "hours_online": 900},
    )
    assert rank(idle, Weights()) == rank(busy, Weights())
    assert [s.code for s in rank(busy, Weights())] == ["A", "B"]
