"""The standing practices in the November bulletin and on its rollup page (the demo city):
done of required per practice, and the gaps in words — the bearing chain's pilot 2026-Q3 巡链
and every chain's November 月调度, held by nobody in the demo."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from tests.web.conftest import sign_in


@pytest.fixture
def published(demo_db: Path, app_settings: Settings) -> Path:
    shutil.copytree(demo_db.parent / "reports", app_settings.reports_dir)
    return app_settings.reports_dir


def test_the_november_bulletin_counts_the_practices_and_lists_the_gaps(
    client: TestClient, published: Path
) -> None:
    stored = (published / "2026-11" / "bulletin.en.html").read_text(encoding="utf-8")
    section = stored[stored.index('id="standing-practices"') :]
    assert "Standing practices" in section
    # the bearing chain's 2026-Q3 tour was never held; its 2026-Q4 tour was, on 19 November
    assert "Chain tour: 1 of 2 held, covering 1 chain(s)" in section
    gaps = section[section.index('id="practice-gaps"') :].split("</table>")[0]
    assert "Bearings" in gaps and "2026-Q3" in gaps and "not held" in gaps
    assert "2026-11" in gaps  # November's dispatch meetings, unrecorded

    shown = sign_in(client, "office").get("/rollups/2026-11")
    assert shown.status_code == 200
    page = shown.text[shown.text.index('id="rollup-practices"') :]
    assert "Monthly dispatch meeting" in page
    table = page[page.index('id="practice-gaps"') :].split("</table>")[0]
    assert "Bearings" in table and "2026-Q3" in table and "not held" in table


def test_the_chinese_bulletin_says_it_in_chinese(published: Path) -> None:
    stored = (published / "2026-11" / "bulletin.zh-CN.html").read_text(encoding="utf-8")
    section = stored[stored.index('id="standing-practices"') :]
    assert "例行工作机制" in section and "巡链开展1次（应开展2次），覆盖1条产业链" in section
    assert "2026年第三季度" in section and "未开展" in section
