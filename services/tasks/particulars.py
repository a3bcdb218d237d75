"""What a task's particulars may hold, checked the same way on every path: the requirements
(工作要求) are free text, but a wall of text is not a requirement; dates and working-day counts
must be ones a calendar and an office can mean (no start before 2000, no deadline more than
five years ahead), so a typo is refused with a message instead of overflowing a date."""

from datetime import date

from mechanism.wording import Said

MAX_REQUIREMENTS = 2000  # characters: a page of requirements, which the 交办单 carries whole
MAX_TITLE = 200  # characters: a title names the work; a 5,000-character one walls a page in


def title_problem(title: str) -> Said | None:
    """Why ``title`` (trimmed) cannot be a task's title, or None if it can."""
    if not title.strip():
        return Said("title: must not be empty", "事项名称：不能为空")
    if len(title.strip()) > MAX_TITLE:
        given = len(title.strip())
        return Said(
            f"title: at most {MAX_TITLE} characters, not {given}",
            f"事项名称：最多 {MAX_TITLE} 个字，当前 {given} 个字",
        )
    return None


def clean_requirements(text: str | None) -> str | None:
    """The requirements as stored: trimmed, blank meaning none."""
    if text is None:
        return None
    return text.strip() or None


def requirements_problem(text: str | None) -> Said | None:
    """Why ``text`` cannot be a task's requirements, or None if it can."""
    if text is not None and len(text) > MAX_REQUIREMENTS:
        return Said(
            f"requirements: at most {MAX_REQUIREMENTS} characters, not {len(text)}",
            f"工作要求：最多 {MAX_REQUIREMENTS} 个字，当前 {len(text)} 个字",
        )
    return None


EARLIEST_START = date(2000, 1, 1)  # before the chain-chief system, a typo, not a task
YEARS_AHEAD = 5  # a deadline further off is a typo (9999-12-31), not a plan
MAX_WORKING_DAYS = 1300  # about five years of working days: more reaches past any deadline


def latest_due(today: date) -> date:
    """The furthest due date a task may have, seen from ``today``: five years on."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, five years on, is 28 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def start_problem(start: date) -> Said | None:
    if start < EARLIEST_START:
        return Said(
            f"start: {start} is before 2000", f"开始日期：{start} 早于 2000 年，请核对"
        )
    return None


def due_problem(
    due: date, today: date, field: tuple[str, str] = ("due", "完成时限")
) -> Said | None:
    """Why ``due`` cannot be a task's deadline as of ``today`` (more than five years ahead)."""
    latest = latest_due(today)
    if due > latest:
        en, zh = field
        return Said(
            f"{en}: {due} is more than {YEARS_AHEAD} years ahead (latest {latest})",
            f"{zh}：{due} 超过 {YEARS_AHEAD} 年以后（最晚 {latest}），请核对",
        )
    return None


def working_days_problem(working_days: int) -> Said | None:
    if working_days > MAX_WORKING_DAYS:
        return Said(
            f"working days: at most {MAX_WORKING_DAYS} (about {YEARS_AHEAD} years), "
            f"not {working_days}",
            f"工作日数：最多 {MAX_WORKING_DAYS} 个（约 {YEARS_AHEAD} 年），当前 {working_days}",
        )
    return None
