"""The kinds of title as data: the shipped file is the catalogue, and a wrong file is refused
naming the file and the field."""

from pathlib import Path

import pytest

from mechanism.designations import DEFAULT_KINDS
from services.config import DesignationConfigError, load_designation_kinds

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "designations.yaml"


def test_the_shipped_file_is_the_catalogue_and_a_missing_file_means_it() -> None:
    assert load_designation_kinds(SHIPPED) == DEFAULT_KINDS
    assert load_designation_kinds(Path("/nonexistent/designations.yaml")) == DEFAULT_KINDS


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("kinds:\n  x: {name_zh: 甲, name_en: X, rank: 1, level: county}\n", "kinds.x.level"),
        ("kinds:\n  x: {name_zh: 甲, name_en: X, rank: yes, level: city}\n", "kinds.x.rank"),
        ("kinds:\n  x: {name_zh: 甲, name_en: X, rank: 1, level: city, colour: red}\n", "colour"),
        ("kinds:\n  x: {name_zh: 甲, rank: 1, level: city}\n", "missing field(s) ['name_en']"),
        (
            "kinds:\n  x: {name_zh: 甲, name_en: X, rank: 1, level: city, data_update: june}\n",
            "kinds.x.data_update",
        ),
        ("kinds: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_wrong_file_is_refused_naming_file_and_field(
    tmp_path: Path, body: str, named: str
) -> None:
    path = tmp_path / "designations.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DesignationConfigError) as refused:
        load_designation_kinds(path)
    assert str(path) in str(refused.value) and named in str(refused.value)
