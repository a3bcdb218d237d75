"""What the enterprise services refuse with: bad input naming its field, a designation,
candidate or enterprise that is not there (or not the viewer's), and a move not the viewer's."""

from mechanism.wording import Said


class EnterpriseInputError(ValueError):
    """Bad input; the message (a ``Said``) names the field and what is wrong with it."""


class EnterpriseNotFound(LookupError):
    """No such enterprise, title or candidate — or not one the viewer may see."""


class EnterpriseNotAllowed(PermissionError):
    """The viewer may see this but not do it; the message says who may."""


def field_error(field: str, zh_field: str, en: str, zh: str) -> EnterpriseInputError:
    return EnterpriseInputError(Said(f"{field}: {en}", f"{zh_field}：{zh}"))
