"""The benchmarking indicators file: the shipped file is the defaults, a missing one means the
defaults, and a wrong one names the file and the field."""

from pathlib import Path

import pytest

from mechanism.benchmarks import DEFAULT_INDICATORS, Direction
from services.config import BenchmarkConfigError, load_benchmark_indicators

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "benchmarks.yaml"


def test_the_shipped_file_says_what_the_defaults_say() -> None:
    assert load_benchmark_indicators(SHIPPED) == DEFAULT_INDICATORS


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_benchmark_indicators(tmp_path / "none.yaml") == DEFAULT_INDICATORS


def test_an_office_copy_replaces_the_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "indicators:\n  water_per_output:\n    name_zh: 单位产值水耗\n    name_en: Water\n"
        "    unit: 吨/万元\n    direction: lower\n",
        encoding="utf-8",
    )
    (only,) = load_benchmark_indicators(path)
    assert (only.code, only.direction, only.counted_from) == (
        "water_per_output",
        Direction.LOWER,
        None,
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("indicators: [1]\n", "indicators: expected a mapping"),
        (
            "indicators:\n  x: {name_zh: a, name_en: b, unit: c}\n",
            "indicators.x: missing field(s) ['direction']",
        ),
        (
            "indicators:\n  x: {name_zh: a, name_en: b, unit: c, direction: up}\n",
            "indicators.x.direction",
        ),
        (
            "indicators:\n  x: {name_zh: a, name_en: b, unit: c, direction: higher, colour: red}\n",
            "unknown field(s) ['colour']",
        ),
        ("other: 1\n", "expected one section, indicators"),
    ],
)
def test_a_wrong_file_names_the_file_and_the_field(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BenchmarkConfigError) as raised:
        load_benchmark_indicators(path)
    assert str(path) in str(raised.value) and words in str(raised.value)
