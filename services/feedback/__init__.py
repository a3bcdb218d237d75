"""Feedback and complaints (意见与投诉) through the link every notice carries: sending one
(anyone with the link, signed in or not, a few an hour per address), and the office's list
with its "handled" mark — the complaint channel the 2024 burden-reduction rules ask for.
"""

from services.feedback.listing import (
    NoSuchFeedback,
    check_office,
    list_feedback,
    mark_handled,
    unhandled_feedback,
)
from services.feedback.submission import (
    FEEDBACK_LIMITS,
    FeedbackLimits,
    FeedbackRefused,
    FeedbackThrottled,
    Sender,
    sender_of,
    submit_feedback,
)

__all__ = [
    "FEEDBACK_LIMITS",
    "FeedbackLimits",
    "FeedbackRefused",
    "FeedbackThrottled",
    "NoSuchFeedback",
    "Sender",
    "check_office",
    "list_feedback",
    "mark_handled",
    "sender_of",
    "submit_feedback",
    "unhandled_feedback",
]
