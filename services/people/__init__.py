"""Who is who, and who may do what: the acting person (:class:`Actor`) and their roles on a
task, a chain's directory of people, departments and roster roles (for notices and
permissions), a signed-in user's standing per chain (:class:`Viewer`, the personas of
DESIGN.md), sign-in accounts, tokens and throttling, and the viewer as the JSON API
describes them.
"""

from services.people.access import (
    PERSONAS,
    NotAllowed,
    NotVisible,
    Viewer,
    viewer_by_email,
    viewer_for,
)
from services.people.actors import (
    SYSTEM,
    Actor,
    UnknownPerson,
    actor_by_email,
    roles_on,
)
from services.people.api import (
    own_credit_code,
    readable_chains,
    viewer_summary,
)
from services.people.chain_roles import lead_department_chains, runs_chain
from services.people.contact import mobiles_of, set_mobile
from services.people.directory import (
    Directory,
    Recipient,
)
from services.people.owners import department_owner, lead_department_of
from services.people.throttle import (
    LIMITS,
    SignInLimits,
    clear_sign_in_failures,
    record_failed_sign_in,
    sign_in_wait,
)
from services.people.users import (
    BadPassword,
    UnknownUser,
    add_user,
    check_password,
    end_sessions,
    issue_token,
    list_users,
    set_password,
    user_by_token,
)

__all__ = [
    "LIMITS",
    "PERSONAS",
    "SYSTEM",
    "Actor",
    "BadPassword",
    "Directory",
    "NotAllowed",
    "NotVisible",
    "Recipient",
    "SignInLimits",
    "UnknownPerson",
    "UnknownUser",
    "Viewer",
    "actor_by_email",
    "add_user",
    "check_password",
    "clear_sign_in_failures",
    "department_owner",
    "end_sessions",
    "issue_token",
    "lead_department_chains",
    "lead_department_of",
    "list_users",
    "mobiles_of",
    "own_credit_code",
    "readable_chains",
    "record_failed_sign_in",
    "roles_on",
    "runs_chain",
    "set_mobile",
    "set_password",
    "sign_in_wait",
    "user_by_token",
    "viewer_by_email",
    "viewer_for",
    "viewer_summary",
]
