"""Mainland China mobile numbers (手机号码): the one place a person's ``mobile`` is checked.

A mainland mobile number is 11 digits: ``1``, a second digit from 3 to 9 (the carriers'
number blocks: 13x–19x), then nine more. It is stored and sent as those 11 digits only, which
is what Aliyun's ``SendSms`` (``PhoneNumbers``) and the robots' ``@``-mentions
(``mentioned_mobile_list``, ``atMobiles``) expect.

People write them every way: ``138 0000 0000``, ``138-0000-0000``, ``+86 138 0000 0000``,
``0086 13800000000``, with full-width digits from a Chinese input method, or as a number
in a spreadsheet cell. All of these are the same number; anything else (a landline, a short
number, a foreign number) is refused with a message that says what is expected.
"""

import re
import unicodedata

from mechanism.wording import Said

MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
"""What a stored mobile number is: exactly this, 11 ASCII digits."""

LENGTH = 11

# What people put between the digits: spaces, hyphens and dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.()（）]+")
# The country code, written +86, 0086 or 86 before the 11 digits.
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=1[0-9]{10}$)", re.ASCII)


class BadMobile(ValueError):
    """Not a mainland mobile number; the message (a ``Said``) says what was given and why."""


def normalize_mobile(text: str) -> str:
    """The 11 digits of the mainland mobile number ``text`` writes; raises ``BadMobile``.

    Full-width characters are read as their ASCII forms (NFKC), separators are dropped and a
    leading +86 / 0086 / 86 country code is removed before the digits are checked."""
    given = str(text).strip()
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", given))
    digits = _COUNTRY.sub("", digits)
    if MOBILE.fullmatch(digits):
        return digits
    shown = given if len(given) <= 40 else given[:37] + "…"
    raise BadMobile(
        Said(
            f"{shown!r} is not a mainland mobile number: expected 11 digits beginning "
            "13 to 19, e.g. 138 0000 0000 or +86 138 0000 0000",
            f"{shown!r} 不是中国大陆手机号码：应为以 13 至 19 开头的 11 位数字，"
            "例如 138 0000 0000 或 +86 138 0000 0000",
        )
    )
