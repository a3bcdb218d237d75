"""Read the office's calendar override file: each year's holidays and make-up workdays.

The file holds the State Council's schedule (国务院办公厅关于XXXX年部分节假日安排的通知) for
years the installed ``chinesecalendar`` lacks or gets wrong::

    2027:
      holidays: ["2027-01-01", "2027-02-05..2027-02-11"]   # days, or inclusive ranges a..b
      workdays: ["2027-02-14"]                               # make-up workdays (调休)

Dates are read as text (YAML would otherwise turn ``2027-02-30`` into a parse error with no
year or entry to point at), and every problem names the file, the year and the entry.
"""

from collections.abc import Hashable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from mechanism.calendar import YearOverride

_KEYS = ("holidays", "workdays")
_FORMS = "write YYYY-MM-DD or an inclusive range YYYY-MM-DD..YYYY-MM-DD"


class CalendarFileError(ValueError):
    """The calendar override file is wrong; the message names the file, year and entry."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses a key written twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_overrides(path: Path) -> dict[int, YearOverride]:
    """The years ``path`` overrides; {} when the file is missing, empty or only comments."""
    if not path.exists():
        return {}
    where = path.name
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_Loader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CalendarFileError(f"{where}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CalendarFileError(f"{where}: expected years as keys (e.g. 2027:), got {data!r}")
    overrides: dict[int, YearOverride] = {}
    for key, spec in data.items():
        year = _year(key, where)
        if year in overrides:
            raise CalendarFileError(f"{where}: year {year} is written twice")
        overrides[year] = _year_override(year, spec, f"{where}, year {year}")
    return overrides


def _year(key: object, where: str) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        year = key
    elif isinstance(key, str) and key.strip().isascii() and key.strip().isdigit():
        year = int(key)
    else:
        raise CalendarFileError(f"{where}: {key!r} is not a year; write it as e.g. 2027:")
    if not 1 <= year <= 9999:
        raise CalendarFileError(f"{where}: {year} is not a year between 1 and 9999")
    return year


def _year_override(year: int, spec: object, where: str) -> YearOverride:
    if not isinstance(spec, dict):
        raise CalendarFileError(f"{where}: expected holidays: [...] and workdays: [...]")
    unknown = sorted(str(k) for k in spec if k not in _KEYS)
    if unknown:
        raise CalendarFileError(f"{where}: unknown key(s) {unknown}; known: {list(_KEYS)}")
    if "holidays" not in spec:
        raise CalendarFileError(f"{where}: no holidays listed; a year always has some")
    days: dict[str, dict[date, str]] = {}
    for key in _KEYS:
        entries = spec.get(key)
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            raise CalendarFileError(f"{where}, {key}: expected a list, {_FORMS}")
        days[key] = {}
        for i, entry in enumerate(entries):
            for day in _days(entry, year, f"{where}, {key}[{i}]"):
                days[key].setdefault(day, f"{key}[{i}]")
    both = sorted(days["holidays"].keys() & days["workdays"].keys())
    if both:
        day = both[0]
        raise CalendarFileError(
            f"{where}: {day.isoformat()} is both a holiday ({days['holidays'][day]}) "
            f"and a working day ({days['workdays'][day]})"
        )
    return YearOverride(year, frozenset(days["holidays"]), frozenset(days["workdays"]))


def _days(entry: object, year: int, where: str) -> list[date]:
    """The days one entry names: a single date or an inclusive range ``a..b``, all in ``year``."""
    if not isinstance(entry, str):
        raise CalendarFileError(f"{where}: {entry!r} is not a date; {_FORMS}")
    first_text, dots, last_text = (part.strip() for part in entry.partition(".."))
    first = _date(first_text, entry, where)
    last = _date(last_text, entry, where) if dots else first
    if last < first:
        raise CalendarFileError(f"{where}: {entry!r} ends before it starts")
    for day in (first, last):
        if day.year != year:
            raise CalendarFileError(f"{where}: {day.isoformat()} is not in {year}")
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _date(text: str, entry: str, where: str) -> date:
    # fromisoformat also takes 20270101 and 2027-W01; the file is for people, so one form.
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    shown = repr(entry) if text == entry else f"{text!r} in {entry!r}"
    raise CalendarFileError(f"{where}: {shown} is not a date; {_FORMS}")
