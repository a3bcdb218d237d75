"""Who is who for a chain: people, departments and roster roles, for notices and permissions.

Loaded once per sweep or action with a handful of queries: a city has hundreds of officials,
so holding them in memory is cheaper than asking the database per task.
"""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from mechanism.ladder import RecipientRole
from mechanism.lifecycle import Role
from mechanism.vocabulary import RosterRole
from models import (
    Chain,
    Department,
    Person,
    RecipientPreference,
    RosterEntry,
    User,
    UserChainRole,
)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    role: RecipientRole


@dataclass(frozen=True)
class _Person:
    email: str
    name: str
    department_id: int | None


class Directory:
    def __init__(self, connection: sa.Connection, *, office_mailbox: str | None = None) -> None:
        self.office_mailbox = office_mailbox
        self.people = {
            row.id: _Person(row.email, row.name, row.department_id)
            for row in connection.execute(
                sa.select(Person.id, Person.email, Person.name, Person.department_id)  # type: ignore[call-overload]
            )
        }
        # Who can be texted: a mobile on file and texts not turned off (/me/notifications).
        person, preference = Person.__table__, RecipientPreference.__table__  # type: ignore[attr-defined]
        self.textable = {
            str(row.email).lower()
            for row in connection.execute(
                sa.select(person.c.email)
                .outerjoin(
                    preference,
                    sa.func.lower(preference.c.email) == sa.func.lower(person.c.email),
                )
                .where(
                    person.c.mobile.is_not(None),
                    sa.or_(preference.c.id.is_(None), preference.c.sms.is_(True)),
                )
            )
        }
        self.departments = {
            row.id: (row.email, row.name_zh)
            for row in connection.execute(
                sa.select(Department.id, Department.email, Department.name_zh)  # type: ignore[call-overload]
            )
        }
        # A department's mailbox → its code: which department's group robot a notice reaches.
        self.department_codes: dict[str, str] = {
            str(row.email).lower(): row.code
            for row in connection.execute(
                sa.select(Department.email, Department.code)  # type: ignore[call-overload]
            )
            if row.email
        }
        chains = connection.execute(sa.select(Chain.id, Chain.code, Chain.name_zh)).all()  # type: ignore[call-overload]
        self.chain_codes: dict[int, str] = {row.id: row.code for row in chains}
        self.chain_names: dict[int, str] = {row.id: row.name_zh for row in chains}
        self.roster: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.chiefs: list[int] = []
        for row in connection.execute(
            sa.select(RosterEntry.chain_id, RosterEntry.role, RosterEntry.person_id)  # type: ignore[call-overload]
            .where(RosterEntry.person_id.is_not(None))  # type: ignore[union-attr]
            .order_by(RosterEntry.id)
        ):
            self.roster[(row.chain_id, row.role)].append(row.person_id)
        # Chains a user was granted (chainops users add --grant team:BEARING): they act there as
        # the working group or a leader would, without being on the roster (nor on its mail).
        self.granted: dict[tuple[int, str], set[int]] = defaultdict(set)
        for row in connection.execute(
            sa.select(UserChainRole.chain_id, UserChainRole.role, User.person_id)  # type: ignore[call-overload]
            .join(User, User.id == UserChainRole.user_id)
            .where(User.person_id.is_not(None), User.active)  # type: ignore[union-attr]
        ):
            self.granted[(row.chain_id, row.role)].add(row.person_id)
        self.office = [
            row.person_id
            for row in connection.execute(
                sa.select(User.person_id)  # type: ignore[call-overload]
                .where(User.is_office, User.active, User.person_id.is_not(None))  # type: ignore[union-attr]
                .order_by(User.id)
            )
        ]

    def recipients(
        self,
        roles: tuple[RecipientRole, ...],
        *,
        chain_id: int,
        owner_id: int,
        lead_department_id: int,
    ) -> list[Recipient]:
        """Everyone a rung goes to, each address once, in the rung's order of roles.

        A chain with no chain leader on its roster escalates to the chief chain leader; when a
        rung finds nobody at all (a chain without a working group), the office's members get
        it, or the office mailbox, so no decision goes unheard.
        """
        found: dict[str, Recipient] = {}
        for role in roles:
            for email, name in self._resolve(role, chain_id, owner_id, lead_department_id):
                found.setdefault(email, Recipient(email, name, role))
        if not found:
            office = RecipientRole.OFFICE
            for email, name in self._resolve(office, chain_id, owner_id, lead_department_id):
                found.setdefault(email, Recipient(email, name, office))
        return list(found.values())

    def _resolve(
        self, role: RecipientRole, chain_id: int, owner_id: int, department_id: int
    ) -> list[tuple[str, str]]:
        if role == RecipientRole.OWNER:
            return self._persons([owner_id])
        if role == RecipientRole.LEAD_DEPARTMENT:
            email, name = self.departments.get(department_id, (None, ""))
            return [(email, name)] if email else []
        if role == RecipientRole.WORKING_GROUP:
            return self._persons(self.roster[(chain_id, RosterRole.WORKING_GROUP)])
        if role == RecipientRole.CHAIN_LEADER:
            leaders = self.roster[(chain_id, RosterRole.CHAIN_LEADER)]
            return self._persons(leaders or self.roster[(chain_id, RosterRole.CHIEF_CHAIN_LEADER)])
        if role == RecipientRole.CHIEF_CHAIN_LEADER:
            return self._persons(self.roster[(chain_id, RosterRole.CHIEF_CHAIN_LEADER)])
        return self.office_recipients()

    def office_recipients(self) -> list[tuple[str, str]]:
        """The office's members, or its mailbox when no member is registered."""
        people = self._persons(self.office)
        if not people and self.office_mailbox:
            return [(self.office_mailbox, "链长制办公室")]
        return people

    def roster_people(self, chain_id: int | None, role: str) -> list[tuple[str, str]]:
        """Who holds ``role`` on a chain's roster; on any chain's when ``chain_id`` is None
        (the chief chain leader is on every chain's roster: listed once)."""
        if chain_id is not None:
            return self._persons(self.roster[(chain_id, role)])
        ids = [i for (_, held), people in self.roster.items() if held == role for i in people]
        return self._persons(list(dict.fromkeys(ids)))

    def _persons(self, ids: list[int]) -> list[tuple[str, str]]:
        return [(self.people[i].email, self.people[i].name) for i in ids if i in self.people]

    def team(self, chain_id: int) -> set[int]:
        """Who acts as the chain's working group: its roster, and those granted ``team``."""
        return set(self.roster[(chain_id, RosterRole.WORKING_GROUP)]) | self.granted[
            (chain_id, "team")
        ]

    def roles_of(
        self,
        person_id: int | None,
        *,
        is_office: bool,
        chain_id: int,
        owner_id: int,
        lead_department_id: int,
    ) -> frozenset[Role]:
        """How a person stands to one task (the office role is global)."""
        roles = {Role.OFFICE} if is_office else set()
        if person_id is None:
            return frozenset(roles)
        if person_id == owner_id:
            roles.add(Role.OWNER)
        person = self.people.get(person_id)
        if person is not None and person.department_id == lead_department_id:
            roles.add(Role.LEAD_DEPARTMENT)
        if person_id in self.team(chain_id):
            roles.add(Role.TEAM)
        if (
            person_id in self.roster[(chain_id, RosterRole.CHAIN_LEADER)]
            or person_id in self.granted[(chain_id, "leader")]
        ):
            roles.add(Role.LEADER)
        return frozenset(roles)
