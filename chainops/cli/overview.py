"""``chainops overview``, and the city as rich tables in the configured locale: the overview,
dead letters, notices issued, projects and requests (``chainops demo`` prints them too)."""

from dataclasses import asdict
from typing import Any

import typer
from rich.table import Table

from chainops import wiring
from chainops.cli.common import JsonOption, open_session
from chainops.cli.output import console, print_json
from chainops.settings import get_settings
from mechanism.notice_reasons import why
from mechanism.vocabulary import FactorType, Light, ListType, RequestState
from mechanism.wording import in_language
from notifications.render import KINDS, kind_label
from services.city import CityOverview, city_overview

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
        "红/黄/绿",
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
        "R/Y/G",
    ),
}


def register_overview(app: typer.Typer) -> None:
    """Add the ``overview`` command to ``app``."""

    @app.command("overview")
    def overview(as_json: JsonOption = False) -> None:
        """The city at a glance: chains, leaders, missing mechanism elements, lists, open tasks."""
        with open_session() as session:
            city = city_overview(session=session, today=wiring.today())
        show_overview(city, as_json=as_json)


def show_overview(city: CityOverview, *, as_json: bool) -> None:
    if as_json:
        chains = [asdict(c) for c in city.chains]
        print_json({"today": city.today, "totals": city.totals, "chains": chains})
    else:
        print_overview(city)
        print_dead_letters(city)


def print_overview(city: CityOverview) -> None:
    locale = get_settings().locale
    english = locale == "en"
    (
        code,
        chain,
        leader,
        lead,
        missing,
        firms,
        tasks,
        overdue,
        projects,
        requests,
        lists,
        lights,
    ) = _HEADERS[locale]
    title = f"City overview {city.today}" if english else f"全市产业链概览（{city.today}）"
    table = Table(title=title, title_justify="left")
    for header in (
        code,
        chain,
        leader,
        lead,
        missing,
        firms,
        tasks,
        lights,
        overdue,
        projects,
        requests,
    ):
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
            f"[red]{c.lights['red']}[/red]/[yellow]{c.lights['yellow']}[/yellow]/"
            f"[green]{c.lights['green']}[/green]",
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
            f"{t['open_tasks']} open tasks ({t['red_tasks']} red, {t['yellow_tasks']} yellow, "
            f"{t['green_tasks']} green), {t['overdue_tasks']} overdue; "
            f"{t['key_projects']} key projects; {t['open_factor_requests']} open factor requests; "
            f"{t['notices']} notices issued."
        )
    else:
        console.print(
            f"共 {t['chains']} 条产业链，{t['chains_missing_elements']} 条工作机制不完整；"
            f"在办任务 {t['open_tasks']} 项（红灯 {t['red_tasks']}、黄灯 {t['yellow_tasks']}、"
            f"绿灯 {t['green_tasks']}），逾期 {t['overdue_tasks']} 项；"
            f"重点项目 {t['key_projects']} 个；在办要素诉求 {t['open_factor_requests']} 项；"
            f"已发出通知 {t['notices']} 份。"
        )


def print_dead_letters(city: CityOverview) -> None:
    """Loudly: each dead letter is somebody who was not told."""
    dead = city.totals["dead_letters"]
    if not dead:
        return
    english = get_settings().locale == "en"
    message = (
        f"{dead} notice delivery(ies) failed for good: see `chainops notices list --failed`"
        if english
        else f"有 {dead} 份通知投递失败：请查看 `chainops notices list --failed`"
    )
    console.print(f"[bold red]{message}[/bold red]", highlight=False)


def print_notices(rows: list[dict[str, Any]], *, counts: dict[str, int], latest: int = 12) -> None:
    """How many notices of each kind the ladder issued, and the latest ones with recipients."""
    english = get_settings().locale == "en"
    if not counts:
        console.print("No notices issued." if english else "尚未发出通知。")
        return
    summary = Table(title="Notices issued" if english else "已发出通知", title_justify="left")
    summary.add_column("Kind" if english else "类型")
    summary.add_column("Count" if english else "份数", justify="right")
    for kind in KINDS:
        if counts.get(kind):
            summary.add_row(kind_label(kind, "en" if english else "zh-CN"), str(counts[kind]))
    console.print(summary)
    recent = Table(
        title=f"Latest {min(latest, len(rows))}"
        if english
        else f"最近 {min(latest, len(rows))} 份",
        title_justify="left",
    )
    for header in (
        ("Issued", "Kind", "Chain", "Task", "Why", "To")
        if english
        else ("日期", "类型", "产业链", "事项", "原因", "发送对象")
    ):
        recent.add_column(header, overflow="fold")
    for row in rows[:latest]:
        kind = row["kind"]
        recent.add_row(
            row["issued_at"].astimezone(get_settings().zone).strftime("%m-%d"),
            kind_label(kind, "en" if english else "zh-CN"),
            row["chain"] or "",
            row["title"] or "",
            in_language(why(kind, row["facts"]), "en" if english else "zh-CN"),
            "、".join(r["name"] or r["email"] for r in row["recipients"]),
        )
    console.print(recent)


def _light(value: str, english: bool) -> str:
    member = Light(value)
    colour = {"red": "red", "yellow": "yellow", "green": "green"}[member.value]
    return f"[{colour}]{member.en if english else member.zh}[/{colour}]"


def print_projects_and_requests(
    projects: list[dict[str, Any]], requests: list[dict[str, Any]]
) -> None:
    """Every key project and factor request with its light and the reason for it."""
    english = get_settings().locale == "en"
    table = Table(title="Key projects" if english else "重点项目", title_justify="left")
    for header in ("Code", "Name", "Light", "Why") if english else ("编号", "项目", "灯", "原因"):
        table.add_column(header, overflow="fold")
    for row in projects:
        why = row["light_reason"] + (
            f" (blocked by {row['blocked_by']})"
            if english and row.get("blocked_by")
            else (f"（等待要素诉求 {row['blocked_by']}）" if row.get("blocked_by") else "")
        )
        table.add_row(row["code"], row["name"], _light(row["light"], english), why)
    console.print(table)
    table = Table(title="Factor requests" if english else "要素保障诉求", title_justify="left")
    headers = (
        ("Code", "Factor", "State", "Light", "Why")
        if english
        else ("编号", "要素", "状态", "灯", "原因")
    )
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in requests:
        factor, state = FactorType(row["factor_type"]), RequestState(row["state"])
        table.add_row(
            row["code"],
            factor.en if english else factor.zh,
            state.en if english else state.zh,
            _light(row["light"], english),
            row["light_reason"],
        )
    console.print(table)
