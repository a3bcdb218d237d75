"""How a practice is named in text (a task's requirements, a page); its period's Chinese name
is ``mechanism.practices.period_name_zh``."""

from mechanism.practices import DEFAULT_PRACTICES


def practice_names(code: str) -> tuple[str, str]:
    """The practice's Chinese and English names (a code no default names: the code itself)."""
    known = next((p for p in DEFAULT_PRACTICES if p.code == code), None)
    return (known.name_zh, known.name_en) if known else (code, code)
