"""Notices into the outbox and out of it: issuing (numbered where formal, one outbox row per
recipient, each exactly once) and dispatch (claim due rows, merge them into one digest per
recipient, send, record, retry with backoff, end as dead letters).

A package of its own because it sits below everything that issues notices (tasks, projects,
requests, rollup) and below ``services.notices``, which handles them once they are out.
"""

from services.outbox.channels import Channels
from services.outbox.claim import Claimed
from services.outbox.compose import (
    ANSWERABLE_KINDS,
    DispatchRules,
    message_id_for,
    notice_context,
)
from services.outbox.dispatch import dispatch
from services.outbox.issuing import (
    NewNotice,
    issue_notices,
)
from services.outbox.records import DispatchReport

__all__ = [
    "ANSWERABLE_KINDS",
    "Channels",
    "Claimed",
    "DispatchReport",
    "DispatchRules",
    "NewNotice",
    "dispatch",
    "issue_notices",
    "message_id_for",
    "notice_context",
]
