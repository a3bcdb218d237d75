"""Who may see what: a signed-in user's standing, per chain, as the personas of DESIGN.md.

A user's standing is derived, not configured twice: the city chain office (``is_office``), the
chain's roster (chief chain leader, chain leader, working group), the department the person
works in, and the enterprise a firm's account speaks for; explicit grants (``UserChainRole``:
team, leader) add chains a roster does not name. Every page and API call asks a :class:`Viewer`
before it shows or changes anything, and lists are filtered by :meth:`Viewer.chain_filter` and
friends in the query, so nothing of another chain or firm is ever loaded for the page.

- office: every chain, every action the office may take;
- team: their chains, read and run (assign, edit, report, request extensions);
- dept: the tasks their department leads, the requests it handles, the projects it serves;
- leader: read their chains; the chief chain leader reads every chain;
- firm: its own enterprise's key projects and factor requests only;
- outsider: nothing.
"""

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.vocabulary import RosterRole
from models import Department, Person, RosterEntry, User, UserChainRole
from services.people.actors import Actor

PERSONAS = ("office", "team", "dept", "leader", "firm", "outsider")


class NotAllowed(PermissionError):
    """The viewer may not do this (a page answers 403, or 404 where existence must not leak)."""


class NotVisible(LookupError):
    """Not there, or not the viewer's to see: the message is the same either way."""


@dataclass(frozen=True)
class Viewer:
    """A signed-in user's standing. ``chief``: the chief chain leader, who reads every chain.
    ``mailboxes``: shared addresses the user reads besides their own (their department's), so
    a notice mailed to the department is theirs to read and acknowledge."""

    user_id: int
    username: str
    actor: Actor
    is_office: bool = False
    chief: bool = False
    team_chains: frozenset[int] = field(default_factory=frozenset)
    leader_chains: frozenset[int] = field(default_factory=frozenset)
    department_id: int | None = None
    enterprise_id: int | None = None
    mailboxes: frozenset[str] = field(default_factory=frozenset)

    @property
    def persona(self) -> str:
        """The broadest standing, for display and for choosing a landing page."""
        if self.is_office:
            return "office"
        if self.team_chains:
            return "team"
        if self.chief or self.leader_chains:
            return "leader"
        if self.department_id is not None:
            return "dept"
        if self.enterprise_id is not None:
            return "firm"
        return "outsider"

    @property
    def reads_every_chain(self) -> bool:
        return self.is_office or self.chief

    @property
    def reads_city(self) -> bool:
        """Whether the city overview (/city) is for this viewer: they read some chain."""
        return bool(self.reads_every_chain or self.team_chains or self.leader_chains)

    def reads_chain(self, chain_id: int) -> bool:
        """The chain's page, its roster, map, lists, plan and everything in it."""
        return (
            self.reads_every_chain or chain_id in self.team_chains or chain_id in self.leader_chains
        )

    def runs_chain(self, chain_id: int) -> bool:
        """Assign and edit tasks, handle the chain's projects and requests (office or team)."""
        return self.is_office or chain_id in self.team_chains

    def sees_task(self, *, chain_id: int, lead_department_id: int, owner_id: int) -> bool:
        return (
            self.reads_chain(chain_id)
            or (self.department_id is not None and self.department_id == lead_department_id)
            or (self.actor.person_id is not None and self.actor.person_id == owner_id)
        )

    def sees_project(self, *, chain_id: int, department_id: int | None, enterprise_id: int) -> bool:
        return self._sees_item(chain_id, department_id, enterprise_id)

    def sees_request(self, *, chain_id: int, department_id: int, enterprise_id: int) -> bool:
        return self._sees_item(chain_id, department_id, enterprise_id)

    def _sees_item(self, chain_id: int, department_id: int | None, enterprise_id: int) -> bool:
        if self.enterprise_id is not None:
            return enterprise_id == self.enterprise_id  # a firm: its own, whatever else
        return self.reads_chain(chain_id) or (
            self.department_id is not None and department_id == self.department_id
        )

    def readable_chains(self, all_chain_ids: list[int]) -> list[int]:
        return [c for c in all_chain_ids if self.reads_chain(c)]

    def task_filter(self, task: Any) -> sa.ColumnElement[bool]:
        """A WHERE clause keeping the tasks this viewer sees (``task``: the Task class)."""
        ways = self.task_ways(task)
        return sa.or_(*ways) if ways else sa.false()

    def task_ways(self, task: Any) -> list[sa.ColumnElement[bool]]:
        """The ways a task is this viewer's — by chain, by lead department, as owner — one
        clause each (none: no task; ``true``: every task). A query that must stay on an index
        runs one per way and merges: an OR of them keeps SQLite off the indexes."""
        if self.reads_every_chain:
            return [sa.true()]
        ways: list[sa.ColumnElement[bool]] = []
        chains = self.team_chains | self.leader_chains
        if chains:
            ways.append(col(task.chain_id).in_(sorted(chains)))
        if self.department_id is not None:
            ways.append(task.lead_department_id == self.department_id)
        if self.actor.person_id is not None:
            ways.append(task.owner_id == self.actor.person_id)
        return ways

    def item_filter(self, item: Any) -> sa.ColumnElement[bool]:
        """A WHERE clause keeping the key projects or factor requests this viewer sees."""
        if self.enterprise_id is not None:
            return item.enterprise_id == self.enterprise_id  # type: ignore[no-any-return]
        if self.reads_every_chain:
            return sa.true()
        allowed: list[sa.ColumnElement[bool]] = []
        chains = self.team_chains | self.leader_chains
        if chains:
            allowed.append(col(item.chain_id).in_(sorted(chains)))
        if self.department_id is not None:
            allowed.append(item.department_id == self.department_id)
        return sa.or_(*allowed) if allowed else sa.false()


def viewer_for(session: Session, user: User) -> Viewer:
    """The standing of ``user`` as the data says now (roster, department, enterprise, grants)."""
    if user.id is None:
        raise ValueError("a stored user has an id")
    person = session.get(Person, user.person_id) if user.person_id is not None else None
    team: set[int] = set()
    leads: set[int] = set()
    chief = False
    if person is not None:
        for chain_id, role in session.exec(
            select(RosterEntry.chain_id, RosterEntry.role).where(RosterEntry.person_id == person.id)
        ).all():
            if role == RosterRole.CHIEF_CHAIN_LEADER:
                chief = True
            elif role == RosterRole.CHAIN_LEADER:
                leads.add(chain_id)
            elif role == RosterRole.WORKING_GROUP:
                team.add(chain_id)
    for chain_id, role in session.exec(
        select(UserChainRole.chain_id, UserChainRole.role).where(UserChainRole.user_id == user.id)
    ).all():
        (team if role == "team" else leads).add(chain_id)
    label = person.email if person is not None else user.username
    department = (
        session.get(Department, person.department_id)
        if person is not None and person.department_id is not None
        else None
    )
    mailboxes = {department.email.strip().lower()} if department and department.email else set()
    actor = Actor(
        label,
        person.id if person is not None else None,
        is_office=user.is_office,
        enterprise_id=user.enterprise_id,
    )
    return Viewer(
        user_id=user.id,
        username=user.username,
        actor=actor,
        is_office=user.is_office,
        chief=chief,
        team_chains=frozenset(team),
        leader_chains=frozenset(leads),
        department_id=person.department_id if person is not None else None,
        enterprise_id=user.enterprise_id,
        mailboxes=frozenset(mailboxes),
    )


def viewer_by_email(session: Session, email: str) -> Viewer:
    """The standing of the active account signed in as ``email``, or of the account of the
    person or enterprise contact with that email (the CLI's ``--by``)."""
    address = email.strip().lower()
    user = session.exec(select(User).where(User.username == address, User.active)).first()
    if user is None:
        person = select(Person.id).where(Person.email == address)
        user = session.exec(
            select(User).where(col(User.person_id).in_(person), User.active)
        ).first()
    if user is None:
        raise NotVisible(f"no active account for {email!r}; add one with `chainops users add`")
    return viewer_for(session, user)
