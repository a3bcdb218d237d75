"""The domain's closed vocabularies, with the Chinese and English labels offices use.

Values are stored as the English code (``chain_leader``); the labels are what workbooks, pages
and notices show. Workbooks may use either label or the code itself.
"""

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A vocabulary member with a Chinese and an English label."""

    @property
    def zh(self) -> str:
        return _LABELS[(type(self), self.value)][0]

    @property
    def en(self) -> str:
        return _LABELS[(type(self), self.value)][1]

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The member whose code or label (either language, any case) is ``text``, else None."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.zh.casefold(), member.en.casefold()):
                return member
        return None

    @classmethod
    def choices(cls) -> str:
        """How to write a member, for error messages and the workbook template."""
        return ", ".join(f"{m.zh} ({m.value})" for m in cls)


class Stage(Labelled):
    """Where a map segment sits in the chain."""

    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


class NodeStatus(Labelled):
    """How strong the city is at one node of the chain map."""

    STRONG = "strong"
    WEAK = "weak"
    MISSING = "missing"


class RosterRole(Labelled):
    """Standing roles of a chain's roster (chain-master enterprises are enterprise memberships)."""

    CHIEF_CHAIN_LEADER = "chief_chain_leader"
    CHAIN_LEADER = "chain_leader"
    LEAD_DEPARTMENT = "lead_department"
    WORKING_GROUP = "working_group"
    EXPERT = "expert"


class MembershipRole(Labelled):
    """An enterprise's role in a chain."""

    CHAIN_MASTER = "chain_master"
    SUPPORTING = "supporting"
    SPECIALIZED_SME = "specialized_sme"
    TARGET = "target"


class ListType(Labelled):
    """The typed lists of "one map + N lists" (一图谱+N清单)."""

    LEAD_ENTERPRISES = "lead_enterprises"
    SUPPORTING_ENTERPRISES = "supporting_enterprises"
    STRENGTHS = "strengths"
    WEAK_LINKS = "weak_links"
    KEY_TECHNOLOGIES = "key_technologies"
    KEY_PROJECTS = "key_projects"
    INVESTMENT_TARGETS = "investment_targets"
    TALENT_TARGETS = "talent_targets"
    EXTERNAL_RESOURCES = "external_resources"
    PROBLEMS = "problems"


class TaskSource(Labelled):
    """Where a supervised task (督办事项) came from."""

    PLAN_ITEM = "plan_item"
    LIST_ITEM = "list_item"
    MEETING = "meeting"
    LEADER_INSTRUCTION = "leader_instruction"
    MECHANISM = "mechanism"
    MATCHMAKING = "matchmaking"  # a match's follow-up (融通对接跟踪服务)
    DESIGNATION = "designation"  # a title's review or yearly data update (services.enterprises)
    INVESTMENT = "investment"  # a signed investment project's filing (services.investment)
    BENCHMARK = "benchmark"  # a gap to a peer (对标差距, services.benchmarks)
    PRACTICE = "practice"  # a standing practice's period (巡链, 月调度…: services.practices)
    PRACTICE_PROBLEM = "practice_problem"  # a problem a practice's record found (问题清单)


class TaskState(Labelled):
    """Lifecycle of a task: assigned → accepted → in progress → submitted → signed off (销号)."""

    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


class Light(Labelled):
    """Traffic light (红黄绿灯)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class MilestoneKind(Labelled):
    """Milestones of a key project, in the order they are reached."""

    APPROVALS = "approvals"
    CONSTRUCTION_START = "construction_start"
    STATISTICS_ENTRY = "statistics_entry"
    COMPLETION = "completion"
    PRODUCTION = "production"


class FactorType(Labelled):
    """Kinds of factor supply (要素保障) an enterprise can ask for."""

    LAND = "land"
    ENERGY = "energy"
    POWER = "power"
    FUNDS = "funds"
    LABOUR = "labour"
    ENVIRONMENT = "environment"
    APPROVALS = "approvals"


class RequestState(Labelled):
    """Lifecycle of a factor-supply request: submitted → accepted → in progress → resolved or
    rejected (with a reason) → confirmed by the requester, or reopened if unsatisfied."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"
    REOPENED = "reopened"


class ProjectState(Labelled):
    """Whether a key project is still tracked."""

    ACTIVE = "active"
    PRODUCING = "producing"
    DROPPED = "dropped"


class NoticeKind(Labelled):
    """The documents of the escalation ladder, by level."""

    REMINDER = "reminder"
    URGING_SLIP = "urging_slip"
    COORDINATION = "coordination"
    SUPERVISION = "supervision"


# Notices that are no rung of a ladder: they hand a task over. Numbered like the formal slips
# where the hand-over is itself a document (the 交办单); labels in notifications.filters.
ASSIGNMENT = "assignment"  # 交办单: a task assigned, to the units that must do it
HANDOVER = "handover"  # 流转通知: a move that passes a task to another hand


class OutboxState(Labelled):
    """Delivery state of one outbox row (one notice to one recipient)."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    # Submitted, but the answer was lost (an SMS: the vendor may have sent it). Not re-sent on
    # its own, since a text message cannot be taken back: the office looks and decides.
    UNKNOWN = "unknown"


# The deliveries the office must look at: given up, or of unknown outcome.
FAILED_OUTBOX_STATES = (OutboxState.DEAD.value, OutboxState.UNKNOWN.value)


class ChainRole(Labelled):
    """What a user may do for one chain (the office role is global, on the user)."""

    TEAM = "team"
    DEPT = "dept"
    LEADER = "leader"
    FIRM = "firm"


class FeedbackKind(Labelled):
    """What a message through the feedback link is (意见与投诉)."""

    FEEDBACK = "feedback"
    COMPLAINT = "complaint"


# A list, not a dict literal: members of different vocabularies with the same value (task and
# request "submitted", milestone and factor "approvals") are equal strings and would collide.
_LABEL_LIST: tuple[tuple[StrEnum, tuple[str, str]], ...] = (
    (Stage.UPSTREAM, ("上游", "Upstream")),
    (Stage.MIDSTREAM, ("中游", "Midstream")),
    (Stage.DOWNSTREAM, ("下游", "Downstream")),
    (NodeStatus.STRONG, ("强", "Strong")),
    (NodeStatus.WEAK, ("弱", "Weak")),
    (NodeStatus.MISSING, ("缺", "Missing")),
    (RosterRole.CHIEF_CHAIN_LEADER, ("总链长", "Chief chain leader")),
    (RosterRole.CHAIN_LEADER, ("链长", "Chain leader")),
    (RosterRole.LEAD_DEPARTMENT, ("牵头部门", "Lead department")),
    (RosterRole.WORKING_GROUP, ("工作专班", "Working group")),
    (RosterRole.EXPERT, ("专家", "Expert")),
    (MembershipRole.CHAIN_MASTER, ("链主", "Chain master")),
    (MembershipRole.SUPPORTING, ("配套", "Supporting")),
    (MembershipRole.SPECIALIZED_SME, ("专精特新", "Specialized SME")),
    (MembershipRole.TARGET, ("招商目标", "Target")),
    (ListType.LEAD_ENTERPRISES, ("龙头企业", "Lead enterprises")),
    (ListType.SUPPORTING_ENTERPRISES, ("配套企业", "Supporting enterprises")),
    (ListType.STRENGTHS, ("锻长板", "Strengths to forge")),
    (ListType.WEAK_LINKS, ("补短板", "Weak links")),
    (ListType.KEY_TECHNOLOGIES, ("关键技术", "Key technologies")),
    (ListType.KEY_PROJECTS, ("重点项目", "Key projects")),
    (ListType.INVESTMENT_TARGETS, ("招商目标", "Investment targets")),
    (ListType.TALENT_TARGETS, ("人才引进", "Talent targets")),
    (ListType.EXTERNAL_RESOURCES, ("外部资源", "External resources")),
    (ListType.PROBLEMS, ("问题清单", "Problems")),
    (TaskSource.PLAN_ITEM, ("行动计划", "Plan item")),
    (TaskSource.LIST_ITEM, ("清单事项", "List item")),
    (TaskSource.MEETING, ("会议议定", "Meeting")),
    (TaskSource.LEADER_INSTRUCTION, ("领导批示", "Leader instruction")),
    (TaskSource.MECHANISM, ("工作机制", "Working mechanism")),
    (TaskSource.MATCHMAKING, ("融通对接跟踪", "Matchmaking follow-up")),
    (TaskSource.DESIGNATION, ("企业称号", "Designation")),
    (TaskSource.INVESTMENT, ("招商项目备案", "Investment filing")),
    (TaskSource.BENCHMARK, ("对标差距", "Benchmarking gap")),
    (TaskSource.PRACTICE, ("例行工作机制", "Standing practice")),
    (TaskSource.PRACTICE_PROBLEM, ("巡链诊链发现问题", "Problem found by a practice")),
    (TaskState.ASSIGNED, ("已交办", "Assigned")),
    (TaskState.ACCEPTED, ("已签收", "Accepted")),
    (TaskState.IN_PROGRESS, ("办理中", "In progress")),
    (TaskState.SUBMITTED, ("已报结", "Submitted")),
    (TaskState.SIGNED_OFF, ("已销号", "Signed off")),
    (TaskState.BLOCKED, ("要素受阻", "Blocked")),
    (TaskState.CANCELLED, ("已撤销", "Cancelled")),
    (Light.GREEN, ("绿灯", "Green")),
    (Light.YELLOW, ("黄灯", "Yellow")),
    (Light.RED, ("红灯", "Red")),
    (MilestoneKind.APPROVALS, ("前期手续", "Approvals")),
    (MilestoneKind.CONSTRUCTION_START, ("开工", "Construction start")),
    (MilestoneKind.STATISTICS_ENTRY, ("纳统入库", "Statistics entry")),
    (MilestoneKind.COMPLETION, ("竣工", "Completion")),
    (MilestoneKind.PRODUCTION, ("投产", "Production")),
    (FactorType.LAND, ("用地", "Land")),
    (FactorType.ENERGY, ("用能", "Energy")),
    (FactorType.POWER, ("用电", "Power")),
    (FactorType.FUNDS, ("资金", "Funds")),
    (FactorType.LABOUR, ("用工", "Labour")),
    (FactorType.ENVIRONMENT, ("环境容量", "Environmental capacity")),
    (FactorType.APPROVALS, ("审批", "Approvals")),
    (RequestState.SUBMITTED, ("已提交", "Submitted")),
    (RequestState.ACCEPTED, ("已受理", "Accepted")),
    (RequestState.IN_PROGRESS, ("办理中", "In progress")),
    (RequestState.RESOLVED, ("已解决", "Resolved")),
    (RequestState.REJECTED, ("不予支持", "Rejected")),
    (RequestState.CONFIRMED, ("已确认办结", "Confirmed")),
    (RequestState.REOPENED, ("重新办理", "Reopened")),
    (ProjectState.ACTIVE, ("在建", "Active")),
    (ProjectState.PRODUCING, ("已投产", "Producing")),
    (ProjectState.DROPPED, ("已调出", "Dropped")),
    (NoticeKind.REMINDER, ("提醒函", "Reminder")),
    (NoticeKind.URGING_SLIP, ("催办单", "Urging slip")),
    (NoticeKind.COORDINATION, ("协调通知", "Coordination notice")),
    (NoticeKind.SUPERVISION, ("督办通知单", "Supervision notice")),
    (OutboxState.PENDING, ("待发送", "Pending")),
    (OutboxState.SENT, ("已发送", "Sent")),
    (OutboxState.DEAD, ("发送失败", "Dead letter")),
    (OutboxState.UNKNOWN, ("结果不明", "Outcome unknown")),
    (ChainRole.TEAM, ("工作专班", "Working group")),
    (ChainRole.DEPT, ("责任单位", "Department")),
    (ChainRole.LEADER, ("链长", "Leader")),
    (ChainRole.FIRM, ("企业", "Enterprise")),
    (FeedbackKind.FEEDBACK, ("意见", "Feedback")),
    (FeedbackKind.COMPLAINT, ("投诉", "Complaint")),
)
_LABELS = {(type(member), member.value): labels for member, labels in _LABEL_LIST}


def add_labels(pairs: tuple[tuple[StrEnum, tuple[str, str]], ...]) -> None:
    """Labels of a vocabulary declared in another rules module (``mechanism.designations``),
    which imports this one and so cannot be listed above."""
    _LABELS.update({(type(member), member.value): labels for member, labels in pairs})


OPEN_TASK_STATES = frozenset(
    {
        TaskState.ASSIGNED,
        TaskState.ACCEPTED,
        TaskState.IN_PROGRESS,
        TaskState.SUBMITTED,
        TaskState.BLOCKED,
    }
)
OPEN_REQUEST_STATES = frozenset(
    {
        RequestState.SUBMITTED,
        RequestState.ACCEPTED,
        RequestState.IN_PROGRESS,
        RequestState.REOPENED,
    }
)
"""Requests whose service-level clock runs (resolved and rejected wait on the requester)."""
