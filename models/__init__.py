"""SQLModel tables, the engine and sessions, and Alembic migrations. No business rules here.

Importing this package registers every table on ``SQLModel.metadata`` (Alembic and the
migration test rely on that).
"""

from models.audit import AuditEvent
from models.chain import Chain, MapNode, MapSegment, MechanismItem, RosterEntry
from models.enterprise import Enterprise, EnterpriseMembership
from models.factor import FactorRequest
from models.feedback import Feedback
from models.notice import (
    ChannelBucket,
    ChannelMention,
    DeliveryAttempt,
    Notice,
    NoticeCounter,
    OutboxMessage,
    RecipientPreference,
)
from models.org import ApiToken, Department, Person, SignInFailure, User, UserChainRole
from models.plan import ActionPlan, ActionPlanItem, ListItem
from models.project import (
    KeyProject,
    ProjectMilestone,
    ProjectMonthlyReport,
    ReplacedProjectReport,
)
from models.reply import ReplyMessage
from models.rollup import RollupSnapshot
from models.task import ExtensionRequest, ProgressReport, Task, TaskBlock, TaskCoDepartment

__all__ = [
    "ActionPlan",
    "ActionPlanItem",
    "ApiToken",
    "AuditEvent",
    "Chain",
    "ChannelBucket",
    "ChannelMention",
    "DeliveryAttempt",
    "Department",
    "Enterprise",
    "EnterpriseMembership",
    "ExtensionRequest",
    "FactorRequest",
    "Feedback",
    "KeyProject",
    "ListItem",
    "MapNode",
    "MapSegment",
    "MechanismItem",
    "Notice",
    "NoticeCounter",
    "OutboxMessage",
    "Person",
    "ProgressReport",
    "ProjectMilestone",
    "ProjectMonthlyReport",
    "RecipientPreference",
    "ReplacedProjectReport",
    "ReplyMessage",
    "RollupSnapshot",
    "RosterEntry",
    "SignInFailure",
    "Task",
    "TaskBlock",
    "TaskCoDepartment",
    "User",
    "UserChainRole",
]
