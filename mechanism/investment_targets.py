"""Investment targets from the chain map (精准招商): the firms a chain means to attract for its
weak and missing nodes — why (补链 / 延链 / 强链), where the lead came from, how far the work
has gone — and the gap rule: a weak or missing node nobody is working on.

Liaocheng asked "聊城有什么/缺什么" of each chain and named its target firms from the answer
(``domain/mission-next.md`` §b1); a node the map marks weak or missing with no live target is
the question not yet answered, so the chain page shows it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from mechanism.vocabulary import Labelled, NodeStatus, add_labels
from mechanism.wording import Said


class TargetPurpose(Labelled):
    """What attracting the firm does for the chain."""

    FILL = "fill"  # 补链: a missing link
    EXTEND = "extend"  # 延链: a link further up or down the chain
    STRENGTHEN = "strengthen"  # 强链: a weak link made strong


class TargetSource(Labelled):
    """Where the lead came from (the channels offices name)."""

    CHAIN_MAP = "chain_map"
    CHAIN_MASTER = "chain_master"
    INVESTOR_REFERRAL = "investor_referral"  # 以商招商: a firm already here brings the next
    CHAMBER = "chamber"
    FAIR = "fair"


class TargetStatus(Labelled):
    """listed → contacted → visited; any → dropped (with a reason); dropped → listed again."""

    LISTED = "listed"
    CONTACTED = "contacted"
    VISITED = "visited"
    DROPPED = "dropped"


class TargetPriority(Labelled):
    """How hard the chain works the target; stored as the number (1 is the highest)."""

    HIGH = "1"
    NORMAL = "2"
    LOW = "3"


add_labels(
    (
        (TargetPurpose.FILL, ("补链", "Fill")),
        (TargetPurpose.EXTEND, ("延链", "Extend")),
        (TargetPurpose.STRENGTHEN, ("强链", "Strengthen")),
        (TargetSource.CHAIN_MAP, ("产业链图谱", "Chain map")),
        (TargetSource.CHAIN_MASTER, ("链主推荐", "Chain-master referral")),
        (TargetSource.INVESTOR_REFERRAL, ("以商招商", "Investor referral")),
        (TargetSource.CHAMBER, ("商会协会", "Chamber of commerce")),
        (TargetSource.FAIR, ("展会", "Fair")),
        (TargetStatus.LISTED, ("已列入", "Listed")),
        (TargetStatus.CONTACTED, ("已对接", "Contacted")),
        (TargetStatus.VISITED, ("已拜访", "Visited")),
        (TargetStatus.DROPPED, ("已放弃", "Dropped")),
        (TargetPriority.HIGH, ("重点", "High")),
        (TargetPriority.NORMAL, ("一般", "Normal")),
        (TargetPriority.LOW, ("储备", "Low")),
    )
)

# The moves a target may make, from each status. Work goes one step at a time (a visit comes
# after a first contact); any live target may be dropped, and a dropped one reopened as listed.
MOVES: dict[TargetStatus, tuple[TargetStatus, ...]] = {
    TargetStatus.LISTED: (TargetStatus.CONTACTED, TargetStatus.DROPPED),
    TargetStatus.CONTACTED: (TargetStatus.VISITED, TargetStatus.DROPPED),
    TargetStatus.VISITED: (TargetStatus.DROPPED,),
    TargetStatus.DROPPED: (TargetStatus.LISTED,),
}

GAP_STATUSES = frozenset({NodeStatus.WEAK.value, NodeStatus.MISSING.value})


def _listed(statuses: Iterable[TargetStatus], joiner: str, zh: bool) -> str:
    return joiner.join(s.zh if zh else s.value for s in statuses) or ("无" if zh else "none")


def move_problem(current: TargetStatus, to: TargetStatus, reason: str | None) -> Said | None:
    """Why the target may not move from ``current`` to ``to`` (naming the moves it may make),
    or None. Dropping needs a reason: the office reads it when the node shows a gap again."""
    allowed = MOVES[current]
    if to not in allowed:
        return Said(
            f"status: a {current.value} target cannot move to {to.value}; it may move to "
            f"{_listed(allowed, ' or ', False)}",
            f"状态：{current.zh}的目标不能改为{to.zh}，只能改为{_listed(allowed, '或', True)}",
        )
    if to is TargetStatus.DROPPED and not (reason or "").strip():
        return Said("reason: say why the target is dropped", "放弃原因：放弃招商目标须说明原因")
    return None


def priority_of(number: int) -> TargetPriority | None:
    """The priority numbered ``number`` (1 high, 2 normal, 3 low), else None."""
    return TargetPriority.parse(str(number))


@dataclass(frozen=True)
class NodeTargets:
    """A node of the chain map with the number of its targets that are not dropped."""

    node_id: int
    name: str
    status: str  # strong, weak or missing
    live_targets: int


def target_gaps(nodes: Iterable[NodeTargets]) -> list[NodeTargets]:
    """The gaps: weak or missing nodes with no live target, in the order given (map order)."""
    return [n for n in nodes if n.status in GAP_STATUSES and n.live_targets == 0]
