"""Notices into the outbox and out of it: issuing (numbered where formal, one outbox row per
recipient, each exactly once) and dispatch (claim due rows, merge them into one digest per
recipient, send, record, retry with backoff, end as dead letters).

A package of its own because it sits below everything that issues notices (tasks, projects,
requests, rollup) and below ``services.notices``, which handles them once they are out.
"""

from services.outbox.dispatch import (
    Claimed,
    DispatchRules,
    dispatch,
    notice_context,
)
from services.outbox.issuing import (
    NewNotice,
    issue_notices,
)

__all__ = [
    "Claimed",
    "DispatchRules",
    "NewNotice",
    "dispatch",
    "issue_notices",
    "notice_context",
]
