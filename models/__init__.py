"""SQLModel tables, the engine and sessions, and Alembic migrations. No business rules here.

Importing this package registers every table on ``SQLModel.metadata`` (Alembic and the
migration test rely on that).
"""

from models.audit import AuditEvent
from models.benchmark import (
    BenchmarkGapAction,
    BenchmarkIndicator,
    BenchmarkPeer,
    BenchmarkValue,
)
from models.chain import Chain, MapNode, MapSegment, MechanismItem, RosterEntry
from models.cultivation import (
    CultivationCandidate,
    CultivationMeasure,
    CultivationPlan,
    Designation,
    DesignationReminder,
)
from models.enterprise import Enterprise, EnterpriseMembership
from models.factor import FactorRequest
from models.feedback import Feedback
from models.investment import (
    FundsArrival,
    InvestmentMove,
    InvestmentProject,
    InvestmentSigning,
    InvestmentTarget,
    InvestmentYearTarget,
)
from models.matchmaking import (
    CapabilityItem,
    DemandItem,
    EventParticipant,
    Match,
    MatchFollowUp,
    MatchmakingEvent,
)
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
from models.practice import PracticePeriod, PracticeProblem, PracticeRecord
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
    "BenchmarkGapAction",
    "BenchmarkIndicator",
    "BenchmarkPeer",
    "BenchmarkValue",
    "CapabilityItem",
    "Chain",
    "ChannelBucket",
    "ChannelMention",
    "CultivationCandidate",
    "CultivationMeasure",
    "CultivationPlan",
    "DeliveryAttempt",
    "DemandItem",
    "Department",
    "Designation",
    "DesignationReminder",
    "Enterprise",
    "EnterpriseMembership",
    "EventParticipant",
    "ExtensionRequest",
    "FactorRequest",
    "Feedback",
    "FundsArrival",
    "InvestmentMove",
    "InvestmentProject",
    "InvestmentSigning",
    "InvestmentTarget",
    "InvestmentYearTarget",
    "KeyProject",
    "ListItem",
    "MapNode",
    "MapSegment",
    "Match",
    "MatchFollowUp",
    "MatchmakingEvent",
    "MechanismItem",
    "Notice",
    "NoticeCounter",
    "OutboxMessage",
    "Person",
    "PracticePeriod",
    "PracticeProblem",
    "PracticeRecord",
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
