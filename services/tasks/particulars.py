"""What a task's particulars may hold, checked the same way at assignment, on edit and on
import: the requirements (工作要求) are free text, but a wall of text is not a requirement."""

from mechanism.wording import Said

MAX_REQUIREMENTS = 2000  # characters: a page of requirements, which the 交办单 carries whole


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
