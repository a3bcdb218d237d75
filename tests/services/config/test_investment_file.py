"""The pipeline's rules file: the shipped file gives the defaults, a missing file means every
default, and a wrong key or value is refused naming the file and the key."""

from pathlib import Path

import pytest

from chainops.settings import Settings
from mechanism.investment import PipelineRules
from services.config import InvestmentConfigError, load_pipeline_rules


def test_the_shipped_file_and_a_missing_one_give_the_defaults(tmp_path: Path) -> None:
    assert load_pipeline_rules(Settings().investment_file) == PipelineRules(5, 3, 6)
    assert load_pipeline_rules(tmp_path / "none.yaml") == PipelineRules()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("pipeline:\n  filing_days: 5\n", "unknown key(s) ['filing_days']"),
        ("pipeline:\n  filing_working_days: yes\n", "pipeline.filing_working_days"),
        ("pipeline:\n  not_started_red_months: 2\n", "pipeline.not_started_red_months"),
    ],
)
def test_a_wrong_key_or_value_is_named(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "investment.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvestmentConfigError) as refused:
        load_pipeline_rules(path)
    assert said in str(refused.value) and str(path) in str(refused.value)
