"""How a practice and its period are named in Chinese text (a task's requirements, a page):
"2026-Q4" is 2026年第四季度, "2026-H2" 2026年下半年, "2026-11" 2026年11月, "2026" 2026年度."""

from mechanism.practices import DEFAULT_PRACTICES

_QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}
_HALVES = {"1": "上半年", "2": "下半年"}


def practice_names(code: str) -> tuple[str, str]:
    """The practice's Chinese and English names (a code no default names: the code itself)."""
    known = next((p for p in DEFAULT_PRACTICES if p.code == code), None)
    return (known.name_zh, known.name_en) if known else (code, code)


def period_zh(name: str) -> str:
    year, _, part = name.partition("-")
    if not part:
        return f"{year}年度"
    if part.startswith("Q") and part[1:] in _QUARTERS:
        return f"{year}年第{_QUARTERS[part[1:]]}季度"
    if part.startswith("H") and part[1:] in _HALVES:
        return f"{year}年{_HALVES[part[1:]]}"
    if part.isdigit():
        return f"{year}年{int(part)}月"
    return name
