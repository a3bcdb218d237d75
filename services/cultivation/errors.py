"""How the plan services say no: a bad input (naming its field), a plan not there or not the
viewer's to see, a move that is not the viewer's."""

from mechanism.wording import Said
from services.people import NotAllowed, NotVisible


class PlanRefused(ValueError):
    """An input the plan services cannot take; ``field`` names it (the page marks it), the
    message (a ``Said``) says what was wrong, led by the field's name. Nothing was changed."""

    def __init__(self, field: str | None, message: Said) -> None:
        super().__init__(message)
        self.field = field


class PlanHidden(NotVisible):
    """No such plan, or not the viewer's to see (the message is the same either way)."""


class PlanNotAllowed(NotAllowed):
    """The viewer sees the plan but this move is not theirs."""


def refused(field: str, en: str, zh: str) -> PlanRefused:
    return PlanRefused(field, Said(f"{field}: {en}", f"{_FIELD_ZH.get(field, field)}：{zh}"))


_FIELD_ZH = {
    "chain": "产业链",
    "credit_code": "企业",
    "year": "年度",
    "target_kind": "培育类型",
    "department": "责任单位",
    "revenue": "营业收入",
    "rd_intensity": "研发投入强度",
    "local_suppliers": "引进本地配套企业",
    "zjtx_suppliers": "专精特新配套企业",
    "projects": "项目",
    "text": "措施内容",
    "factor_request": "要素诉求",
    "project": "重点项目",
    "measure": "措施",
    "outcome": "完成情况",
    "note": "说明",
}
