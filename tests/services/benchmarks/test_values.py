"""Entering figures: one per indicator, chain, peer and year (a second replaces it), refusals
that name the field and change nothing, and who may enter what."""

import pytest
from sqlmodel import Session, func, select

from models import BenchmarkIndicator, BenchmarkValue
from services.benchmarks import (
    BenchmarkNotAllowed,
    BenchmarkRefused,
    add_indicator,
    add_peer,
    list_indicators,
    list_values,
    set_value,
)
from services.people import Actor, actor_by_email
from tests.services.benchmarks.conftest import CATALOGUE, NOW, OFFICE, enter, team
from tests.services.matchmaking.seed import Seeded

City = tuple[Session, Seeded]


def _count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(BenchmarkValue)).one())


def test_a_second_entry_replaces_the_figure_keeping_who_and_when(bench_city: City) -> None:
    session, _ = bench_city
    enter(session, "chain_output", 120.0)
    result = set_value(
        session=session,
        actor=team(session),
        indicator="chain_output",
        year="2025",
        value="135.5",
        source="市统计局 2026-02",
        chain_code="BEARING",
        catalogue=CATALOGUE,
        now=NOW,
    )
    assert result.replaced == 120.0
    assert _count(session) == 1
    row = session.exec(select(BenchmarkValue)).one()
    assert (row.value, row.source, row.entered_by) == (
        135.5,
        "市统计局 2026-02",
        "li.na@example.gov.cn",
    )


def test_the_city_level_and_a_peer_keep_their_own_figures(bench_city: City) -> None:
    session, _ = bench_city
    enter(session, "rd_intensity", 2.1, chain=None)
    enter(session, "rd_intensity", 2.8, chain=None, peer="洛阳市")
    enter(session, "rd_intensity", 2.4)
    enter(session, "rd_intensity", 3.1, peer="瓦房店轴承")
    enter(session, "rd_intensity", 2.2, chain=None)  # replaces the city's own
    assert _count(session) == 4
    city_rows = list_values(session, chain_id=None)
    assert sorted(v.value for v, *_ in city_rows) == [2.2, 2.8]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"indicator": "no_such"}, "indicator"),
        ({"value": "lots"}, "value"),
        ({"value": "nan"}, "value"),
        ({"year": 1999}, "year"),
        ({"year": "20x5"}, "year"),
        ({"source": "  "}, "source"),
        ({"chain_code": "NOPE"}, "chain"),
        ({"peer_name": "火星"}, "peer"),
        ({"peer_name": "瓦房店轴承", "chain_code": None}, "chain"),  # a chain peer's city figure
    ],
)
def test_a_bad_figure_is_refused_naming_the_field_and_nothing_changes(
    bench_city: City, change: dict[str, object], field: str
) -> None:
    session, _ = bench_city
    values: dict[str, object] = {
        "indicator": "chain_output",
        "year": 2025,
        "value": 10,
        "source": "公报",
        "chain_code": "BEARING",
        "peer_name": None,
    }
    values.update(change)
    indicators = session.exec(select(func.count()).select_from(BenchmarkIndicator)).one()
    with pytest.raises(BenchmarkRefused) as refused:
        set_value(session=session, actor=OFFICE, catalogue=CATALOGUE, now=NOW, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert str(refused.value).startswith(field)
    assert refused.value.message.zh
    assert _count(session) == 0
    assert session.exec(select(func.count()).select_from(BenchmarkIndicator)).one() == indicators


def test_the_working_group_enters_its_chain_only_and_a_department_nothing(bench_city: City) -> None:
    session, _ = bench_city
    with pytest.raises(BenchmarkNotAllowed):
        enter(session, "chain_output", 1.0, chain=None, actor=team(session))
    leader = actor_by_email(session, "wang.lei@example.gov.cn")
    with pytest.raises(BenchmarkNotAllowed):
        enter(session, "chain_output", 1.0, actor=leader)
    with pytest.raises(BenchmarkNotAllowed):
        enter(session, "chain_output", 1.0, actor=Actor("firm@x.example.com", enterprise_id=1))
    assert _count(session) == 0


def test_a_peer_of_the_wrong_shape_is_refused(bench_city: City) -> None:
    session, _ = bench_city
    with pytest.raises(BenchmarkRefused) as refused:
        add_peer(session=session, actor=OFFICE, name="苏州市", kind="chain", now=NOW)
    assert refused.value.field == "chain"
    with pytest.raises(BenchmarkRefused) as refused:
        add_peer(session=session, actor=OFFICE, name="洛阳市", kind="region", now=NOW)
    assert refused.value.field == "name"
    with pytest.raises(BenchmarkNotAllowed):
        add_peer(session=session, actor=team(session), name="苏州市", kind="region", now=NOW)


def test_the_catalogue_is_listed_before_any_figure_and_stored_when_one_comes(
    bench_city: City,
) -> None:
    session, _ = bench_city
    before = list_indicators(session, catalogue=CATALOGUE)
    assert [i.code for i in before] == [i.code for i in CATALOGUE]
    assert all(i.id is None for i in before)
    enter(session, "tax_per_mu", 30.0)
    stored = {i.code: i.id for i in list_indicators(session, catalogue=CATALOGUE)}
    assert stored["tax_per_mu"] is not None and stored["chain_output"] is None


def test_the_office_adds_an_indicator_of_its_own_and_a_bad_one_names_the_field(
    bench_city: City,
) -> None:
    session, _ = bench_city
    made = add_indicator(
        session=session,
        actor=OFFICE,
        code="patents_per_firm",
        name_zh="户均专利",
        name_en="Patents per firm",
        unit="件",
        direction="越高越好",
        catalogue=CATALOGUE,
        now=NOW,
    )
    assert made.direction == "higher" and made.position == len(CATALOGUE) + 1
    assert list_indicators(session, catalogue=CATALOGUE)[-1].code == "patents_per_firm"
    for change, field in (
        ({"code": "Bad Code"}, "code"),
        ({"code": "chain_output"}, "code"),
        ({"unit": " "}, "unit"),
        ({"direction": "sideways"}, "direction"),
    ):
        values = {
            "code": "x_rate",
            "name_zh": "某率",
            "name_en": "Some rate",
            "unit": "%",
            "direction": "higher",
            **change,
        }
        with pytest.raises(BenchmarkRefused) as refused:
            add_indicator(session=session, actor=OFFICE, catalogue=CATALOGUE, now=NOW, **values)
        assert refused.value.field == field
    with pytest.raises(BenchmarkNotAllowed):
        add_indicator(
            session=session,
            actor=team(session),
            code="y_rate",
            name_zh="y",
            name_en="y",
            unit="%",
            direction="higher",
            catalogue=CATALOGUE,
            now=NOW,
        )
