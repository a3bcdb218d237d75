"""The indicators compared (对标指标): the catalogue of the office's config file, stored as
rows the first time a figure is entered for one, and the ones the office adds itself.

Reading never writes: a catalogue indicator nobody has entered a figure for yet is listed from
the catalogue; ``stored_indicator`` saves it when a figure needs its id.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from mechanism.benchmarks import Direction, Indicator
from mechanism.wording import Said
from models import BenchmarkIndicator
from services.audit import audit
from services.benchmarks.access import BenchmarkRefused, manages_benchmarks
from services.people import Actor

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")


@dataclass(frozen=True)
class IndicatorView:
    """An indicator as lists and gap rows show it; ``id`` None: in the catalogue, not stored."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    definition: str | None
    counted_from: str | None
    position: int
    id: int | None = None


def _view(row: BenchmarkIndicator) -> IndicatorView:
    return IndicatorView(
        code=row.code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        unit=row.unit,
        direction=Direction(row.direction),
        definition=row.definition,
        counted_from=row.counted_from,
        position=row.position,
        id=row.id,
    )


def _from_catalogue(indicator: Indicator, position: int) -> IndicatorView:
    return IndicatorView(
        code=indicator.code,
        name_zh=indicator.name_zh,
        name_en=indicator.name_en,
        unit=indicator.unit,
        direction=indicator.direction,
        definition=indicator.definition,
        counted_from=indicator.counted_from,
        position=position,
    )


def list_indicators(session: Session, *, catalogue: tuple[Indicator, ...]) -> list[IndicatorView]:
    """Every indicator, stored or in the catalogue, in the catalogue's order then the office's."""
    stored = {r.code: r for r in session.exec(select(BenchmarkIndicator))}
    views = [
        _view(stored[i.code]) if i.code in stored else _from_catalogue(i, n)
        for n, i in enumerate(catalogue, start=1)
    ]
    known = {i.code for i in catalogue}
    extra = sorted(
        (r for r in stored.values() if r.code not in known), key=lambda r: (r.position, r.code)
    )
    return views + [_view(r) for r in extra]


def stored_indicator(
    session: Session, code: str, *, catalogue: tuple[Indicator, ...]
) -> BenchmarkIndicator:
    """The row of indicator ``code``, saved from the catalogue if need be; BenchmarkRefused
    (field ``indicator``) for a code neither knows."""
    row = session.exec(select(BenchmarkIndicator).where(BenchmarkIndicator.code == code)).first()
    if row is not None:
        return row
    known_indicator(session, code, catalogue=catalogue)
    for position, indicator in enumerate(catalogue, start=1):
        if indicator.code == code:
            row = BenchmarkIndicator(
                code=code,
                name_zh=indicator.name_zh,
                name_en=indicator.name_en,
                unit=indicator.unit,
                direction=indicator.direction.value,
                definition=indicator.definition,
                counted_from=indicator.counted_from,
                position=position,
            )
            session.add(row)
            session.flush()
            return row
    raise AssertionError(code)  # known_indicator found it in the catalogue


def known_indicator(session: Session, code: str, *, catalogue: tuple[Indicator, ...]) -> None:
    """BenchmarkRefused (field ``indicator``) unless ``code`` is stored or in the catalogue;
    writes nothing."""
    views = list_indicators(session, catalogue=catalogue)
    if any(i.code == code for i in views):
        return
    known = ", ".join(i.code for i in views)
    raise BenchmarkRefused(
        Said(
            f"indicator: no indicator {code!r}; known: {known}",
            f"指标：没有指标 {code!r}；已有：{known}",
        ),
        "indicator",
    )


def add_indicator(
    *,
    session: Session,
    actor: Actor,
    code: str,
    name_zh: str,
    name_en: str,
    unit: str,
    direction: str,
    definition: str | None = None,
    catalogue: tuple[Indicator, ...],
    now: datetime,
) -> BenchmarkIndicator:
    """An indicator of the office's own (the catalogue's are there already)."""
    manages_benchmarks(session, actor, None)
    code = code.strip()
    if not _CODE.match(code):
        raise BenchmarkRefused(
            Said(
                f"code: {code!r} must be 2–48 lower-case letters, digits or _",
                f"代码：{code!r} 须为 2–48 位小写字母、数字或下划线",
            ),
            "code",
        )
    if any(i.code == code for i in list_indicators(session, catalogue=catalogue)):
        raise BenchmarkRefused(
            Said(f"code: indicator {code!r} exists already", f"代码：指标 {code!r} 已存在"), "code"
        )
    for field, value in (("name_zh", name_zh), ("name_en", name_en), ("unit", unit)):
        if not value.strip():
            raise BenchmarkRefused(Said(f"{field}: required", f"{field}：必填"), field)
    parsed = Direction.parse(direction)
    if parsed is None:
        raise BenchmarkRefused(
            Said(
                f"direction: {direction!r} is not one of: {Direction.choices()}",
                f"方向：{direction!r} 不是以下之一：{Direction.choices()}",
            ),
            "direction",
        )
    last = session.exec(
        select(col(BenchmarkIndicator.position)).order_by(col(BenchmarkIndicator.position).desc())
    ).first()
    row = BenchmarkIndicator(
        code=code,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        unit=unit.strip(),
        direction=parsed.value,
        definition=(definition or "").strip() or None,
        position=max(last or 0, len(catalogue)) + 1,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="benchmark_indicator",
        entity_id=row.id,
        action="created",
        now=now,
        detail={"code": code},
    )
    return row
