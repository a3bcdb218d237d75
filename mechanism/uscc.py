"""Unified social credit code (统一社会信用代码), GB 32100-2015.

An enterprise's code is 18 characters:

- position 1: registration authority code (登记管理部门代码),
- position 2: organisation category code (机构类别代码),
- positions 3–8: administrative division code (登记管理机关行政区划码), six digits,
- positions 9–17: organisation code (主体标识码),
- position 18: check character (校验码).

Only the 31 characters of ``CHARSET`` are used: the letters I, O, Z, S and V are left out
because they are easily mistaken for 1, 0, 2, 5 and U. The check character is computed with
weights 3^(i-1) mod 31 so that any single wrong character, and most swaps, are caught — this
is why a typed-in code can be validated without asking any registry.

Positions 1 and 2 are not checked against the list of authorities and categories: that list
is amended from time to time and a wrong character there is caught by the check character.
"""

from mechanism.wording import Said

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a code may use, in value order (the value of a character is its index)."""

WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
"""Weight of positions 1..17: 3^(i-1) mod 31 (1, 3, 9, 27, 19, 26, 16, …, 28)."""

LENGTH = 18
DIVISION = slice(2, 8)
"""Positions 3–8 (0-based 2..7): the administrative division code, always six digits."""

_NEVER_USED = "IOZSV"
_VALUES = {char: value for value, char in enumerate(CHARSET)}


def normalize_credit_code(text: str) -> str:
    """The code as it is stored and compared: surrounding blanks removed, letters uppercased.

    Workbooks and forms bring codes with stray spaces and lowercase letters; both are the same
    code, so every comparison and check happens on this form.
    """
    return text.strip().upper()


def _character_problem(code: str) -> Said | None:
    """The first character of ``code`` outside ``CHARSET``, described; None when all are allowed."""
    for position, char in enumerate(code, start=1):
        if char in _VALUES:
            continue
        if char in _NEVER_USED:
            return Said(
                f"character {char!r} at position {position} is not allowed "
                "(I, O, Z, S and V are never used)",
                f"第 {position} 位的字符 {char!r} 不允许使用（代码中不使用 I、O、Z、S、V）",
            )
        return Said(
            f"character {char!r} at position {position} is not allowed "
            "(only digits and capital letters other than I, O, Z, S and V are used)",
            f"第 {position} 位的字符 {char!r} 不允许使用"
            "（只使用数字和除 I、O、Z、S、V 以外的大写字母）",
        )
    return None


def _division_problem(code: str) -> Said | None:
    """Why positions 3–8 are not a six-digit division code, or None."""
    division = code[DIVISION]
    if len(division) == 6 and all(char in "0123456789" for char in division):
        return None
    return Said(
        "positions 3–8 must be the 6-digit administrative division code",
        "第 3–8 位须为 6 位数字的行政区划码",
    )


def _check_value(first17: str) -> str:
    """The check character of 17 characters already known to be in ``CHARSET``."""
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code.

    Input is normalized first (blanks, case). Raises ValueError if it is not 17 characters of
    ``CHARSET``; the division code is not required here because the arithmetic does not need
    it (``make_credit_code`` requires it).
    """
    first17 = normalize_credit_code(first17)
    if len(first17) != LENGTH - 1:
        raise ValueError(
            Said(
                f"need the first 17 characters, got {len(first17)}",
                f"需要前 17 位字符，实际为 {len(first17)} 位",
            )
        )
    problem = _character_problem(first17)
    if problem is not None:
        raise ValueError(problem)
    return _check_value(first17)


def make_credit_code(first17: str) -> str:
    """The full 18-character code: ``first17`` (normalized) followed by its check character.

    Raises ValueError unless the result would pass ``credit_code_problem``, so what this
    returns can always be stored.
    """
    first17 = normalize_credit_code(first17)
    check = check_character(first17)
    problem = _division_problem(first17)
    if problem is not None:
        raise ValueError(problem)
    return first17 + check


def credit_code_problem(text: str) -> Said | None:
    """What is wrong with ``text`` as a credit code, in one short sentence (English, with its
    Chinese for pages in zh-CN); None when valid.

    ``text`` is normalized first, so blanks around it and lowercase letters are accepted.
    Checks run in the order a person fixes them: length, characters, division code, check
    character; only the first problem found is reported.
    """
    code = normalize_credit_code(text)
    if len(code) != LENGTH:
        return Said(
            f"must be {LENGTH} characters, got {len(code)}",
            f"应为 {LENGTH} 位，实际为 {len(code)} 位",
        )
    problem = _character_problem(code) or _division_problem(code)
    if problem is not None:
        return problem
    expected = _check_value(code[: LENGTH - 1])
    if code[-1] != expected:
        return Said(
            f"check character should be {expected!r}, got {code[-1]!r}",
            f"校验码应为 {expected!r}，实际为 {code[-1]!r}",
        )
    return None


def is_valid_credit_code(text: str) -> bool:
    """Whether ``text`` (after normalizing) is a valid credit code."""
    return credit_code_problem(text) is None
