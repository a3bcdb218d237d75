"""Notices once issued: showing one, retrying dead letters, delivery preferences, acknowledgement
(签收, which holds a task's ladder for a while), a person's own notices as the pages show them,
and deliveries for the JSON API.
"""

from services.notices.acknowledgement import (
    NoSuchNotice,
    acknowledge_notice,
)
from services.notices.api import (
    check_own_delivery,
    delivery,
    delivery_page,
    visible_delivery,
)
from services.notices.channel_status import ChannelStatus, channel_status
from services.notices.handling import (
    NoticeNotFound,
    acknowledge_link,
    dead_letters,
    preference_for,
    retry,
    set_preference,
    show_notice,
)
from services.notices.page import (
    NoticeFilter,
    NoticeView,
    chain_id_of,
    list_notices,
    notice_title,
    notice_view,
    subject_path,
    viewer_emails,
    visible_notice,
)
from services.notices.signing import (
    AckLinkExpired,
    acknowledge_own,
    acknowledge_viewer_link,
    delivery_for_link,
)

__all__ = [
    "AckLinkExpired",
    "ChannelStatus",
    "NoSuchNotice",
    "NoticeFilter",
    "NoticeNotFound",
    "NoticeView",
    "acknowledge_link",
    "acknowledge_notice",
    "acknowledge_own",
    "acknowledge_viewer_link",
    "chain_id_of",
    "channel_status",
    "check_own_delivery",
    "dead_letters",
    "delivery",
    "delivery_for_link",
    "delivery_page",
    "list_notices",
    "notice_title",
    "notice_view",
    "preference_for",
    "retry",
    "set_preference",
    "show_notice",
    "subject_path",
    "viewer_emails",
    "visible_delivery",
    "visible_notice",
]
