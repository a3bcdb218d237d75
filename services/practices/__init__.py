"""Standing practices (巡链, 诊链, 问链, 月调度): each period's task made once by the daily
``standing-practices`` flow, the records of a practice held, the problems a record found
turned into tasks or factor requests in one step, and the periods missed (the gaps the chain
page and the bulletin show). The rules are in ``mechanism.practices``."""

from services.practices.access import PracticeHidden, PracticeNotAllowed, PracticeRefused
from services.practices.gaps import bulletin_practices, chain_practices
from services.practices.listing import UnknownChain, list_periods
from services.practices.problems import problem_to_request, problem_to_task
from services.practices.record_reads import as_json, chain_periods, period_view, record_view
from services.practices.records import MAX_PROBLEMS, file_record
from services.practices.schedule import PracticeReport, make_periods

__all__ = [
    "MAX_PROBLEMS",
    "PracticeHidden",
    "PracticeNotAllowed",
    "PracticeRefused",
    "PracticeReport",
    "UnknownChain",
    "as_json",
    "bulletin_practices",
    "chain_periods",
    "chain_practices",
    "file_record",
    "list_periods",
    "make_periods",
    "period_view",
    "problem_to_request",
    "problem_to_task",
    "record_view",
]
