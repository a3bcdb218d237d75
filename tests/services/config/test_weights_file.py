"""The ranking weights file: defaults, a city's own weights, and errors naming file and key."""

from pathlib import Path

import pytest

from mechanism.ranking import Weights
from services.config import RollupConfigError, load_weights

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "rollup.yaml"


def test_the_shipped_file_says_what_the_defaults_are() -> None:
    assert load_weights(SHIPPED) == Weights()


def test_a_missing_file_means_the_defaults_and_a_key_left_out_keeps_its_default(
    tmp_path: Path,
) -> None:
    assert load_weights(tmp_path / "none.yaml") == Weights()
    path = tmp_path / "rollup.yaml"
    path.write_text("weights:\n  requests_within_level: 40\n", encoding="utf-8")
    assert load_weights(path) == Weights(requests_within_level=40)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weights:\n  on_time: 3\n", "weights: unknown part 'on_time'"),
        ("weights:\n  tasks_on_time: many\n", "weights.tasks_on_time: 'many' is not a number"),
        ("weights:\n  tasks_on_time: -2\n", "weights.tasks_on_time: -2 is not a number"),
        ("wieghts: {}\n", "expected only the section 'weights'"),
        ("weights: [1, 2]\n", "weights: expected a mapping"),
        (
            "weights: {tasks_on_time: 0, tasks_not_red: 0, investment_on_timing: 0,"
            " requests_within_level: 0}\n",
            "at least one weight must be above 0",
        ),
        ("weights: {\n", "not valid YAML"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "rollup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RollupConfigError, match=str(path)) as raised:
        load_weights(path)
    assert message in str(raised.value)
