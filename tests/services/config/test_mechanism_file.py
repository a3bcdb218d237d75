"""The mechanism file: the shipped file gives the default practices, a missing file means every
default, overrides change one chain's practice, and every mistake is refused naming the file
and the key."""

from pathlib import Path

import pytest

from chainops.settings import Settings
from mechanism.practices import DEFAULT_PRACTICES, Cadence, Override, PracticeRules
from mechanism.vocabulary import RosterRole
from services.config import MechanismConfigError, load_practice_rules

_TOUR = (
    "practices:\n"
    "  - {code: tour, name_zh: 巡链, name_en: Chain tour, element: chain_leader,\n"
    "     cadence: quarterly, owner: chain_leader}\n"
)


def test_the_shipped_file_and_a_missing_one_give_the_defaults(tmp_path: Path) -> None:
    assert load_practice_rules(Settings().mechanism_file) == PracticeRules()
    assert load_practice_rules(Settings().mechanism_file).practices == DEFAULT_PRACTICES
    assert load_practice_rules(tmp_path / "none.yaml") == PracticeRules()


def test_overrides_change_a_cadence_an_owner_or_switch_a_practice_off(tmp_path: Path) -> None:
    path = tmp_path / "mechanism.yaml"
    path.write_text(
        "chains:\n"
        "  BEARING:\n"
        "    tour: {cadence: monthly}\n"
        "    inquiry: off\n"
        "    dispatch: {owner: lead_department}\n",
        encoding="utf-8",
    )
    rules = load_practice_rules(path)
    assert rules.practices == DEFAULT_PRACTICES
    assert rules.overrides == {
        "BEARING": {
            "tour": Override(cadence=Cadence.MONTHLY),
            "inquiry": Override(off=True),
            "dispatch": Override(owner=RosterRole.LEAD_DEPARTMENT),
        }
    }
    chain = rules.for_chain("BEARING", frozenset({"chain_leader", "lead_department"}))
    assert [(p.code, p.cadence) for p in chain] == [
        ("tour", Cadence.MONTHLY),
        ("dispatch", Cadence.MONTHLY),
    ]


def test_a_practices_list_replaces_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "mechanism.yaml"
    path.write_text(_TOUR, encoding="utf-8")
    assert [p.code for p in load_practice_rules(path).practices] == ["tour"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("practise: []\n", "unknown key(s) ['practise']"),
        ("practices: {tour: 1}\n", "practices: expected a non-empty list"),
        (_TOUR.replace("quarterly", "weekly"), "practices[0].cadence: unknown cadence 'weekly'"),
        (
            _TOUR.replace("owner: chain_leader", "owner: mayor"),
            "practices[0].owner: unknown roster",
        ),
        (_TOUR.replace(" name_en: Chain tour,", ""), "practices[0]: missing key(s) ['name_en']"),
        (_TOUR.replace("element: chain_leader", "element: ''"), "practices[0].element"),
        (_TOUR + _TOUR.replace("practices:\n", ""), "practices[1].code: practice 'tour' given"),
        ("chains:\n  BEARING:\n    parade: off\n", "chains.BEARING.parade: no practice 'parade'"),
        ("chains:\n  BEARING:\n    tour: {cadence: daily}\n", "chains.BEARING.tour.cadence"),
        ("chains:\n  BEARING:\n    tour: {owner: boss}\n", "chains.BEARING.tour.owner"),
        ("chains:\n  BEARING:\n    tour: {when: monthly}\n", "chains.BEARING.tour: unknown key"),
        ("chains:\n  BEARING:\n    tour: {}\n", "chains.BEARING.tour: give a cadence"),
        ("chains:\n  BEARING: [tour]\n", "chains.BEARING: expected a mapping"),
        ("chains: [BEARING]\n", "chains: expected a mapping of chain codes"),
        ("practices: [\n", "not valid YAML"),
    ],
)
def test_a_mistake_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "mechanism.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MechanismConfigError) as refused:
        load_practice_rules(path)
    assert said in str(refused.value) and str(path) in str(refused.value)


def test_an_override_of_a_practice_the_file_dropped_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mechanism.yaml"
    path.write_text(_TOUR + "chains:\n  BEARING:\n    inquiry: off\n", encoding="utf-8")
    with pytest.raises(MechanismConfigError, match=r"chains\.BEARING\.inquiry: no practice"):
        load_practice_rules(path)
