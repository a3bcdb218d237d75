"""The matchmaking file: defaults when missing, its numbers when given, and errors that name
the file and the key."""

from pathlib import Path

import pytest

from chainops.settings import Settings
from mechanism.matchmaking import HeldRules
from services.config import MatchmakingConfigError, load_matchmaking_rules


def test_the_shipped_file_gives_the_defaults() -> None:
    assert load_matchmaking_rules(Settings().matchmaking_file) == HeldRules()
    assert HeldRules() == HeldRules(1, 3, (30, 90))


def test_a_missing_file_means_every_default(tmp_path: Path) -> None:
    assert load_matchmaking_rules(tmp_path / "none.yaml") == HeldRules()


def test_the_numbers_come_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("held: {min_specialised_smes: 5}\nfollow_up: {working_days: [60, 20]}\n")
    assert load_matchmaking_rules(path) == HeldRules(1, 5, (20, 60))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("held: {min_smes: 3}", "held: unknown key(s) ['min_smes']"),
        ("held: {min_chain_masters: yes}", "held.min_chain_masters: must be a whole number"),
        (
            "held: {min_specialised_smes: -1}",
            "held.min_specialised_smes: must be a whole number ≥ 0",
        ),
        ("follow_up: {working_days: 30}", "follow_up.working_days: must be a list"),
        ("follow_up: {working_days: [30, 30]}", "given twice"),
        ("held: [1]", "held: expected a mapping"),
        ("held: {", "not valid YAML"),
    ],
)
def test_a_wrong_file_is_refused_naming_file_and_key(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(MatchmakingConfigError) as refused:
        load_matchmaking_rules(path)
    assert str(path) in str(refused.value) and said in str(refused.value)
