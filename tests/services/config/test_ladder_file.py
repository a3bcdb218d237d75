"""The ladder file: the supervision notice's feedback days, defaults and errors naming the file."""

from pathlib import Path

import pytest

from mechanism.ladder import DEFAULT_LADDER
from services.config import load_ladder_file

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "ladder.yaml"
RUNGS = "  rungs:\n    - {kind: supervision, days_from_due: 8, recipients: [chain_leader]}\n"


def test_the_shipped_file_gives_supervision_three_working_days_for_written_feedback() -> None:
    ladders, _ = load_ladder_file(SHIPPED)
    assert ladders.default == DEFAULT_LADDER
    assert ladders.default.feedback_days == 3


def test_a_city_and_a_chain_set_their_own_feedback_days(tmp_path: Path) -> None:
    path = tmp_path / "ladder.yaml"
    chain = "chains:\n  BEARING:\n    hold_days: 2\n" + RUNGS.replace("  ", "    ")
    path.write_text(f"ladder:\n  feedback_days: 5\n{RUNGS}{chain}", encoding="utf-8")
    ladders, _ = load_ladder_file(path)
    assert ladders.default.feedback_days == 5
    assert ladders.for_chain("BEARING").feedback_days == 3  # left out: the default


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "written feedback needs at least one working day"), ("soon", "invalid literal")],
)
def test_feedback_days_that_are_no_working_days_are_refused_naming_the_file(
    tmp_path: Path, value: str, message: str
) -> None:
    path = tmp_path / "ladder.yaml"
    path.write_text(f"ladder:\n  feedback_days: {value}\n{RUNGS}", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        load_ladder_file(path)
    assert str(raised.value).startswith("ladder.yaml, ladder: ")
    assert message in str(raised.value)
