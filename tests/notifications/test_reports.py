"""The monthly bulletin (月通报) renders a closed month as charts, pages and a workbook."""

import base64
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from openpyxl import load_workbook

from notifications.reports.charts import CHARTS, lights_chart, render_charts, trend_chart
from notifications.reports.files import write_bulletin
from notifications.reports.fonts import FONT_FAMILY, chart_font
from notifications.reports.html import render_html
from notifications.reports.view import BulletinView, ScopeLine, TrendPoint
from notifications.reports.workbook import bulletin_workbook

LOCALES = ("zh-CN", "en")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE_HTML = "<script>alert(1)</script>"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/","点我")'


def figures(
    *,
    on_time: int,
    late: int,
    lights: tuple[int, int, int],
    planned: float,
    completed: float,
    closed: int = 0,
    within: int = 0,
    levels: dict[str, int] | None = None,
) -> dict[str, Any]:
    """One scope's frozen figures as ``mechanism.rollup`` makes them (city and chains)."""
    red, yellow, green = lights
    rate = round(completed / planned, 4) if planned else None
    return {
        "tasks": {
            "total": on_time + late + red + yellow + green,
            "due_this_month": on_time + late + 1,
            "done_on_time": on_time,
            "done_late": late,
            "open_by_light": {"green": green, "yellow": yellow, "red": red},
            "on_time_rate": round(on_time / (on_time + late), 4) if on_time + late else None,
        },
        "projects": {
            "investment_planned": planned,
            "investment_completed": completed,
            "completion_rate": rate,
            "timing_progress": 0.8329,
            "against_timing": None if rate is None else round(rate - 0.8329, 4),
            "milestones_hit": 2,
            "milestones_missed": 1,
            "reports_missing": 1,
        },
        "requests": {
            "opened": 3,
            "closed": closed,
            "closed_within_level": within,
            "median_working_days_to_close": 4.5 if closed else None,
        },
        "ladder": {"notices_by_level": levels or {}, "median_hours_to_acknowledge": None},
    }


def department_figures(**kwargs: Any) -> dict[str, Any]:
    whole = figures(**kwargs)
    return {key: whole[key] for key in ("tasks", "projects", "requests")}


def chain(
    code: str, zh: str, en: str, rank: int | None, score: float | None, **kwargs: Any
) -> ScopeLine:
    parts = {
        "tasks_on_time": 0.875,
        "tasks_not_red": 0.6,
        "investment_on_timing": 0.9,
        "requests_within_level": None,
    }
    return ScopeLine(code, zh, en, figures(**kwargs), score, rank, parts)


@pytest.fixture(scope="module")
def view() -> BulletinView:
    """October 2026 of a small city: three chains, two departments, two months of trend."""
    september = figures(on_time=6, late=4, lights=(9, 6, 20), planned=50_000, completed=30_000)
    october = figures(
        on_time=17, late=3, lights=(6, 8, 22), planned=50_000, completed=36_000,
        closed=4, within=3, levels={"1": 3, "2": 1},
    )  # fmt: skip
    october["changes"] = {
        "tasks.on_time_rate": 0.025,
        "tasks.open_by_light.red": -3,
        "projects.investment_completed": 6_000.0,
        "projects.against_timing": None,
    }
    chains = [
        chain("BEARING", "轴承", "Bearings", 1, 87.5, on_time=7, late=1, lights=(1, 2, 9),
              planned=20_000, completed=12_345.6, closed=2, within=2),
        chain("HCHEM", "高端化工", "High-end chemicals", 2, 71.25, on_time=5, late=2,
              lights=(3, 4, 8), planned=30_000, completed=23_654.4),
        # Nothing signed off, nothing planned: its rates have nothing to divide.
        chain("BIOMED", "生物医药", "Biomedicine", 3, 40.0, on_time=0, late=0, lights=(2, 2, 5),
              planned=0, completed=0),
    ]  # fmt: skip
    departments = [
        ScopeLine("ZRJ", "市自然资源和规划局", "Natural Resources Bureau",
                  department_figures(on_time=4, late=0, lights=(0, 1, 3), planned=0, completed=0,
                                     closed=2, within=2), 95.0, 1),
        ScopeLine("FGW", "市发展和改革委员会", "Development and Reform Commission",
                  department_figures(on_time=1, late=3, lights=(2, 1, 1), planned=0, completed=0),
                  None, None),
    ]  # fmt: skip
    return BulletinView(
        month=date(2026, 10, 1),
        closed_at=datetime(2026, 11, 2, 1, 30, tzinfo=UTC),  # 09:30 in Shanghai
        city=ScopeLine("city", "全市", "City", october),
        chains=chains,
        departments=departments,
        trend=[TrendPoint(date(2026, 9, 1), september), TrendPoint(date(2026, 10, 1), october)],
        weights={
            "tasks_on_time": 35,
            "tasks_not_red": 25,
            "investment_on_timing": 25,
            "requests_within_level": 15,
        },
        office_name="示范市链长制办公室",
    )


@pytest.fixture(scope="module")
def hostile(view: BulletinView) -> BulletinView:
    """The same month with chains named to break a page or a spreadsheet."""
    first, second, third = view.chains
    return replace(
        view,
        chains=[
            replace(first, name_zh=HOSTILE_HTML, name_en=HOSTILE_HTML),
            replace(second, name_zh=HOSTILE_FORMULA, name_en=HOSTILE_FORMULA),
            third,
        ],
    )


@pytest.fixture(scope="module")
def drawn(view: BulletinView) -> Iterator[tuple[dict[str, dict[str, bytes]], list[str]]]:
    """Every chart in both languages (drawn once for the module), with the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = {locale: render_charts(view, locale) for locale in LOCALES}
        one_month = replace(view, trend=view.trend[-1:])
        charts["one month"] = {"trend": trend_chart(one_month, "zh-CN")}
    yield charts, [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def pages(
    view: BulletinView, drawn: tuple[dict[str, dict[str, bytes]], list[str]]
) -> dict[str, str]:
    charts, _ = drawn
    return {locale: render_html(view, locale, charts[locale]) for locale in LOCALES}


# Charts


def test_every_chart_draws_its_chinese_text_without_a_missing_glyph(
    drawn: tuple[dict[str, dict[str, bytes]], list[str]],
) -> None:
    charts, messages = drawn
    assert [m for m in messages if "missing from font" in m] == []
    for locale in LOCALES:
        assert set(charts[locale]) == set(CHARTS)
    for pngs in charts.values():
        for png in pngs.values():
            assert png.startswith(PNG_SIGNATURE)
            assert len(png) > 10_000


def test_charts_use_the_noto_sans_cjk_file_shipped_with_mplfonts() -> None:
    family = chart_font()
    assert family == FONT_FAMILY == "Noto Sans CJK SC"
    resolved = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
    assert resolved.endswith("NotoSansCJKsc-Regular.otf")
    assert "mplfonts" in Path(resolved).parts


def test_the_same_month_draws_the_same_bytes(
    view: BulletinView, drawn: tuple[dict[str, dict[str, bytes]], list[str]]
) -> None:
    charts, _ = drawn
    assert lights_chart(view, "zh-CN") == charts["zh-CN"]["lights"]


def test_charts_refuse_an_unknown_locale(view: BulletinView) -> None:
    with pytest.raises(ValueError, match="unknown locale 'fr'"):
        lights_chart(view, "fr")


# The page


@pytest.mark.parametrize(
    ("locale", "title", "closed", "names"),
    [
        ("zh-CN", "示范市链长制办公室 2026年10月 链长制工作月度通报", "2026年11月2日 09:30",
         ["轴承", "高端化工", "生物医药"]),
        ("en", "Chain-chief system monthly bulletin, October 2026", "2 Nov 2026, 09:30",
         ["Bearings", "High-end chemicals", "Biomedicine"]),
    ],
    ids=LOCALES,
)  # fmt: skip
def test_the_page_shows_the_month_and_ranks_the_chains_in_order(
    pages: dict[str, str], locale: str, title: str, closed: str, names: list[str]
) -> None:
    page = pages[locale]
    assert f"<title>{title}</title>" in page
    assert closed in page  # the UTC close shown on the city's clock
    positions = [page.index(f'<td class="name">{name}</td>') for name in names]
    assert positions == sorted(positions)
    assert '<meta name="viewport"' in page
    assert 'class="scroll"' in page


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_formats_rates_investment_scores_and_gaps(
    pages: dict[str, str], locale: str
) -> None:
    page = pages[locale]
    for text in (
        '<td class="num">87.5%</td>',  # the bearing chain's on-time rate (7 of 8)
        '<td class="num">12,345.6</td>',  # its investment, 万元 with separators
        '<td class="num">50,000</td>',  # the city's planned investment, whole
        '<td class="num score">87.5</td>',
        '<td class="num score">71.2</td>',
        '<td class="num">-21.6</td>',  # 61.73% completed against 83.29% timing progress
        '<td class="num">4.5</td>',  # median working days to close
    ):
        assert text in page, text
    biomed = page[page.index("生物医药" if locale == "zh-CN" else "Biomedicine") :]
    biomed = biomed[: biomed.index("</tr>")]
    assert biomed.count('<td class="num">—</td>') >= 4  # its None rates and gaps


@pytest.mark.parametrize(
    ("locale", "up", "down", "weight"),
    [("zh-CN", "↑2.5个百分点", "↓3", "按期办结率 35%"),
     ("en", "↑2.5 pp", "↓3", "Tasks done on time 35%")],
    ids=LOCALES,
)  # fmt: skip
def test_the_page_shows_changes_against_last_month_and_how_scores_are_made(
    pages: dict[str, str], locale: str, up: str, down: str, weight: str
) -> None:
    page = pages[locale]
    assert f'class="num good">{up}</td>' in page  # the on-time rate rose
    assert f'class="num good">{down}</td>' in page  # fewer red tasks: good news
    assert '<td class="num ">—</td>' in page  # a figure with no change recorded
    assert f"<li>{weight}</li>" in page
    assert "100 × Σ(" in page or "100 × Σ（" in page


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_embeds_the_five_charts(pages: dict[str, str], locale: str) -> None:
    sources = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', pages[locale])
    # lights, investment, trend, the investment rates (issue 17), the ladder (issue 18)
    assert len(sources) == 5
    assert all(base64.b64decode(source).startswith(PNG_SIGNATURE) for source in sources)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_escapes_a_chain_name(
    hostile: BulletinView, drawn: tuple[dict[str, dict[str, bytes]], list[str]], locale: str
) -> None:
    charts, _ = drawn
    page = render_html(hostile, locale, charts[locale])
    assert HOSTILE_HTML not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# The workbook


def test_the_workbook_has_one_sheet_per_table_in_each_language(view: BulletinView) -> None:
    names = {
        "zh-CN": ["汇总", "产业链排名", "责任单位排名", "趋势", "评分方法", "招商引资"],
        "en": ["Summary", "Chains", "Departments", "Trend", "Scoring", "Investment"],
    }
    for locale in LOCALES:
        workbook = load_workbook(io.BytesIO(bulletin_workbook(view, locale)))
        assert workbook.sheetnames == names[locale]


def test_the_workbook_lists_chains_in_rank_order_with_numbers_not_strings(
    view: BulletinView,
) -> None:
    workbook = load_workbook(io.BytesIO(bulletin_workbook(view, "zh-CN")))
    sheet = workbook["产业链排名"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["排名", "名称", "得分"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert [row[:3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (1, "轴承", 87.5),
        (2, "高端化工", 71.25),
        (3, "生物医药", 40.0),
    ]
    rate = sheet.cell(2, header.index("按期办结率", 7) + 1)  # the figure, not the component
    assert rate.value == 0.875
    assert "%" in rate.number_format
    biomed_rate = sheet.cell(4, header.index("投资完成率") + 1)
    assert biomed_rate.value is None  # nothing planned: an empty cell, not "—"


def test_the_workbook_keeps_summary_trend_and_weights(view: BulletinView) -> None:
    workbook = load_workbook(io.BytesIO(bulletin_workbook(view, "en")))
    summary = {row[1]: row[2:] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["On-time rate"] == (0.85, 0.025)
    assert summary["Open red"] == (6, -3)
    trend = list(workbook["Trend"].iter_rows(min_row=2, values_only=True))
    assert [row[0].date() for row in trend] == [date(2026, 9, 1), date(2026, 10, 1)]
    weights = list(workbook["Scoring"].iter_rows(min_row=2, max_row=5, values_only=True))
    assert weights[0] == ("Tasks done on time", 35, 0.35)


def test_a_formula_looking_chain_name_stays_text(hostile: BulletinView) -> None:
    content = bulletin_workbook(hostile, "zh-CN")
    sheet = load_workbook(io.BytesIO(content))["产业链排名"]
    cell = sheet["B3"]
    assert cell.value == HOSTILE_FORMULA
    assert cell.data_type == "s"
    assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")


# Writing the files


def expected_files(directory: Path) -> list[Path]:
    names = [f"charts/{chart}.{locale}.png" for chart in CHARTS for locale in LOCALES]
    names += [f"bulletin.{locale}.html" for locale in LOCALES]
    names += [f"rollup-2026-10.{locale}.xlsx" for locale in LOCALES]
    return sorted(directory / name for name in names)


def test_write_bulletin_writes_exactly_the_bulletin_files_and_overwrites_them(
    view: BulletinView, tmp_path: Path
) -> None:
    directory = tmp_path / "2026-10"
    written = write_bulletin(view, directory)
    assert written == expected_files(directory)
    assert sorted(p for p in directory.rglob("*") if p.is_file()) == written

    renamed = replace(view, office_name="聊城市链长制办公室")
    again = write_bulletin(renamed, directory, locales=("zh-CN",))
    assert again == [p for p in written if ".zh-CN." in p.name]
    assert "聊城市链长制办公室" in (directory / "bulletin.zh-CN.html").read_text()
    assert sorted(p for p in directory.rglob("*") if p.is_file()) == written  # no temp files


def test_write_bulletin_refuses_an_unknown_locale_before_writing(
    view: BulletinView, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        write_bulletin(view, tmp_path / "out", locales=("zh-CN", "fr"))
    assert not (tmp_path / "out").exists()
