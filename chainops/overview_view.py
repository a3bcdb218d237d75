"""The city overview as rich tables, in the configured locale."""

from rich.table import Table

from chainops.output import console
from chainops.settings import get_settings
from mechanism.vocabulary import ListType
from services.overview import CityOverview

_HEADERS = {
    "zh-CN": (
        "编码",
        "产业链",
        "链长",
        "牵头部门",
        "缺失要素",
        "企业",
        "任务(在办/全部)",
        "逾期",
        "重点项目",
        "在办诉求",
        "清单数量",
    ),
    "en": (
        "Code",
        "Chain",
        "Chain leader",
        "Lead department",
        "Missing elements",
        "Firms",
        "Tasks (open/all)",
        "Overdue",
        "Projects",
        "Open requests",
        "List items",
    ),
}


def print_overview(city: CityOverview) -> None:
    locale = get_settings().locale
    english = locale == "en"
    (code, chain, leader, lead, missing, firms, tasks, overdue, projects, requests, lists) = (
        _HEADERS[locale]
    )
    title = f"City overview {city.today}" if english else f"全市产业链概览（{city.today}）"
    table = Table(title=title, title_justify="left")
    for header in (code, chain, leader, lead, missing, firms, tasks, overdue, projects, requests):
        table.add_column(header, overflow="fold")
    for c in city.chains:
        gaps = [m.name_en if english else m.name_zh for m in c.missing]
        table.add_row(
            c.code,
            c.name_en if english else c.name_zh,
            "、".join(c.chain_leaders) or "[red]—[/red]",
            "、".join(c.lead_departments) or "[red]—[/red]",
            "[yellow]" + "; ".join(gaps) + "[/yellow]" if gaps else "[green]✓[/green]",
            str(c.enterprises),
            f"{c.open_tasks}/{c.tasks}",
            f"[red]{c.overdue_tasks}[/red]" if c.overdue_tasks else "0",
            str(c.key_projects),
            str(c.open_factor_requests),
        )
    console.print(table)

    counts = Table(title=lists, title_justify="left")
    counts.add_column(code)
    for list_type in ListType:
        counts.add_column(list_type.en if english else list_type.zh, justify="right")
    for c in city.chains:
        counts.add_row(c.code, *(str(c.list_counts[t.value]) for t in ListType))
    console.print(counts)

    t = city.totals
    if english:
        console.print(
            f"{t['chains']} chains, {t['chains_missing_elements']} missing mechanism elements; "
            f"{t['open_tasks']} open tasks, {t['overdue_tasks']} overdue; "
            f"{t['key_projects']} key projects; {t['open_factor_requests']} open factor requests."
        )
    else:
        console.print(
            f"共 {t['chains']} 条产业链，{t['chains_missing_elements']} 条工作机制不完整；"
            f"在办任务 {t['open_tasks']} 项，逾期 {t['overdue_tasks']} 项；"
            f"重点项目 {t['key_projects']} 个；在办要素诉求 {t['open_factor_requests']} 项。"
        )
