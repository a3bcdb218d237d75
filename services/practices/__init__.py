"""Standing practices (巡链, 诊链, 问链, 月调度): each period's task made once by the daily
``standing-practices`` flow, the records of a practice held, the problems a record found
turned into tasks or factor requests in one step, and the periods missed (the gaps the chain
page and the bulletin show). The rules are in ``mechanism.practices``."""

from services.practices.gaps import bulletin_practices, chain_practices
from services.practices.listing import UnknownChain, list_periods
from services.practices.schedule import PracticeReport, make_periods, period_zh

__all__ = [
    "PracticeReport",
    "UnknownChain",
    "bulletin_practices",
    "chain_practices",
    "list_periods",
    "make_periods",
    "period_zh",
]
