"""Plain rows that services return and screens render: staff, classes, the school at a glance."""
from __future__ import annotations

from dataclasses import dataclass

from schoolcare.domain.roles import Role


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    login: str  # '' (and role None, phone '', caseload 0) for others' rows a teacher reads
    role: Role | None
    post: str
    phone: str
    active: bool
    caseload: int  # pupils currently assigned as care teacher


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    grade: int
    number: int
    homeroom_teacher: str
    pupils: int
    left_behind: int


@dataclass(frozen=True)
class SchoolGlance:
    """The figures every home screen starts from."""

    school: str
    pupils: int  # enrolled, within the actor's reach
    left_behind: int
    in_difficulty: int
    unassigned_left_behind: int
    classes: int
    staff: int
    open_hazards: int
    overdue_hazards: int
    open_incidents: int


@dataclass(frozen=True)
class DatabaseInfo:
    """Which database the app runs on, as the help screen and `db upgrade` report it."""

    url: str
    backend: str  # "sqlite" | "postgresql"
    version: str
