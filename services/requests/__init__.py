"""Factor-supply requests (要素保障诉求): submission, the moves of their lifecycle, the
service-level clock and its daily check, blocking (work that waits on a request) and its
release, reading them, what the request pages read, and the JSON API's role check.
"""

from services.requests.api import check_request_role
from services.requests.blocking import (
    BlockRefused,
    block_project,
)
from services.requests.moves import (
    DuplicateRequest,
    RequestAccessDenied,
    RequestInputError,
    RequestNotFound,
    update_request,
)
from services.requests.page import (
    RequestHidden,
    SubmitChoices,
    department_names,
    department_of,
    holds_role_for,
    moves_now,
    request_chains,
    service_levels,
    submit_choices,
    visible_request,
    visible_requests,
)
from services.requests.reads import (
    list_requests,
    show_request,
)
from services.requests.service_level import (
    check_requests,
    due_requests_query,
)
from services.requests.submission import MAX_QUANTITY, submit_request

__all__ = [
    "MAX_QUANTITY",
    "BlockRefused",
    "DuplicateRequest",
    "RequestAccessDenied",
    "RequestHidden",
    "RequestInputError",
    "RequestNotFound",
    "SubmitChoices",
    "block_project",
    "check_request_role",
    "check_requests",
    "department_names",
    "department_of",
    "due_requests_query",
    "holds_role_for",
    "list_requests",
    "moves_now",
    "request_chains",
    "service_levels",
    "show_request",
    "submit_choices",
    "submit_request",
    "update_request",
    "visible_request",
    "visible_requests",
]
