"""Progress reported by replying to a reminder or an urging slip (report once, from the inbox).

chainops reads a mailbox over IMAP, matches each reply to its task by the signed Reply-To
address or by the Message-ID it answers, accepts it only from the notice's recipient, ignores
auto-replies, applies the figure and note as a progress report exactly as the task page does,
once per Message-ID, answers with a confirmation or a refusal, and files the mail away.

Above ``services.tasks`` (it makes the progress report), ``services.outbox`` (the rows and
Message-IDs it matches) and ``services.people`` (who the writer is).
"""

from services.replies.collect import CollectReport, collect_replies
from services.replies.figures import Figure, NoFigure, read_figure
from services.replies.mailbox import Mailbox, MailboxConfig, MailboxError
from services.replies.reading import Reply, new_text, read_reply

__all__ = [
    "CollectReport",
    "Figure",
    "Mailbox",
    "MailboxConfig",
    "MailboxError",
    "NoFigure",
    "Reply",
    "collect_replies",
    "new_text",
    "read_figure",
    "read_reply",
]
