"""Standing practices (巡链, 诊链, 问链, 月调度): each period's task made once by the daily
``standing-practices`` flow, the records of a practice held, the problems a record found
turned into tasks or factor requests in one step, and the periods missed (the gaps the chain
page and the bulletin show). The rules are in ``mechanism.practices``."""

# What happens after a practice is held (helper B): its record, its problems turned into work,
# and what the pages, the JSON API and the CLI read.
from services.practices.access import PracticeHidden, PracticeNotAllowed, PracticeRefused
from services.practices.problems import problem_to_request, problem_to_task
from services.practices.record_reads import as_json, chain_periods, period_view, record_view
from services.practices.records import MAX_PROBLEMS, file_record

__all__ = [
    "MAX_PROBLEMS",
    "PracticeHidden",
    "PracticeNotAllowed",
    "PracticeRefused",
    "as_json",
    "chain_periods",
    "file_record",
    "period_view",
    "problem_to_request",
    "problem_to_task",
    "record_view",
]
