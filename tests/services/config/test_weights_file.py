"""The ranking weights file: defaults, a city's own weights, and errors naming file and key."""

from pathlib import Path

import pytest

from mechanism.points import PointsRules
from mechanism.ranking import Weights
from services.config import RollupConfigError, load_points, load_weights

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
        ("wieghts: {}\n", "expected only the sections ranking, weights, points"),
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


def test_the_shipped_file_ranks_by_weights() -> None:
    assert load_points(SHIPPED) is None  # `ranking: weighted`


def test_points_mode_reads_the_whole_table(tmp_path: Path) -> None:
    path = tmp_path / "rollup.yaml"
    shipped = SHIPPED.read_text(encoding="utf-8")
    path.write_text(shipped.replace("ranking: weighted", "ranking: points"), encoding="utf-8")
    assert load_points(path) == PointsRules(
        base=100,
        per_item={"closed_late": -1, "open_overdue": -1, "returned": -2, "closed_early": 0.5},
        groups={"counties": ()},
        default_group="departments",
    )
    assert load_weights(path) == Weights()
    path.write_text(
        "ranking: points\npoints:\n  base: 80\n  per_item: {returned: -2}\n"
        "  groups: {counties: [D-DC, D-GX]}\n  floor: 60\n",
        encoding="utf-8",
    )
    rules = load_points(path)
    assert rules == PointsRules(
        base=80, per_item={"returned": -2}, groups={"counties": ("D-DC", "D-GX")}, floor=60
    )
    assert rules is not None and rules.group_of("D-GX") == "counties"


def test_a_missing_file_ranks_by_weights(tmp_path: Path) -> None:
    assert load_points(tmp_path / "none.yaml") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ranking: score\n", "ranking: 'score' is not one of weighted, points"),
        ("points:\n  per_item: {logins: 1}\n", "points.per_item.logins: not a count"),
        ("points:\n  per_item: {acknowledged: 0.1}\n", "forbid ranking on activity"),
        ("points:\n  per_item: {returned: lots}\n", "points.per_item.returned: 'lots' is not"),
        ("points:\n  base: 0\n", "points.base must be above 0"),
        ("points:\n  bonus: 3\n", "points: unknown key 'bonus'"),
        ("points:\n  groups: {counties: D-DC}\n", "points.groups.counties: expected a list"),
        ("points: [1]\n", "points: expected a mapping"),
        ("ranking: points\npoints:\n  floor: 90\n  cap: 80\n", "points.floor 90 is above cap 80"),
    ],
)
def test_a_wrong_points_table_is_refused_in_either_mode(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "rollup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RollupConfigError, match=str(path)) as raised:
        load_points(path)
    assert message in str(raised.value)
