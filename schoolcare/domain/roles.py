"""Roles and the permission table: what a coordinator, a teacher, a principal and a county officer may do."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"  # 关爱服务中心负责人: sees and edits everything
    TEACHER = "teacher"  # 班主任 / 关爱责任人: own pupils and own class
    PRINCIPAL = "principal"  # 校长: reads everything, changes nothing
    # 教育局 / 民政局 / 乡镇: belongs to no school; reads every school it reaches, changes nothing of theirs.
    COUNTY = "county"


class Office(StrEnum):
    """Which county office a county account works for (the reports addressed to it reach its inbox)."""

    EDUCATION_BUREAU = "education_bureau"
    CIVIL_AFFAIRS = "civil_affairs"
    TOWNSHIP = "township"


class Permission(StrEnum):
    VIEW_ALL_PUPILS = "view_all_pupils"
    EDIT_PUPILS = "edit_pupils"
    IMPORT_ROSTER = "import_roster"
    ASSIGN_CARE_TEACHERS = "assign_care_teachers"
    LOG_CARE = "log_care"  # calls, talks, visits, activities, incidents
    CORRECT_ANY_RECORD = "correct_any_record"
    MANAGE_CENTRE = "manage_centre"  # rooms, equipment, inspections, hazards
    VIEW_CENTRE = "view_centre"
    VIEW_REPORTS = "view_reports"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    MANAGE_CLASSES = "manage_classes"  # create, rename, retire classes; set their homeroom teachers
    VIEW_AUDIT = "view_audit"
    FILE_REPORTS = "file_reports"  # record a ledger update as submitted to the county (coordinator)
    RECORD_INCIDENT = "record_incident"  # for a pupil in reach: coordinator, teacher
    VIEW_ALL_INCIDENTS = "view_all_incidents"  # every incident's details, not only one's own: coordinator, principal
    MANAGE_INCIDENTS = "manage_incidents"  # close, reopen, any incident's report and follow-ups: coordinator
    EXPORT_INCIDENTS = "export_incidents"  # coordinator, principal
    READ_COUNSELLING_NOTES = "read_counselling_notes"  # every counselling session's notes: coordinator, principal
    TRANSFER_PUPILS = "transfer_pupils"  # 转入: move a pupil of another school here by 全国学籍号: coordinator
    VIEW_COUNTY = "view_county"  # every school it reaches side by side, county ledgers: county
    HANDLE_INBOX = "handle_inbox"  # mark a report sent to its office received / acted on / closed: county
    # Add a school or a county account to the database: a county account reading every school (and, while the
    # database has no county account yet, a coordinator: services.accounts.county_accounts.may_run_county).
    MANAGE_COUNTY = "manage_county"


# The coordinator runs one school: the county's own views and inbox are not theirs.
_EVERYTHING = frozenset(Permission) - {Permission.VIEW_COUNTY, Permission.HANDLE_INBOX, Permission.MANAGE_COUNTY}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: _EVERYTHING,
    Role.TEACHER: frozenset({
        Permission.EDIT_PUPILS,  # within their own scope only
        Permission.LOG_CARE,
        Permission.VIEW_CENTRE,
        Permission.EXPORT,  # of their own pupils only
        Permission.RECORD_INCIDENT,
    }),
    Role.PRINCIPAL: frozenset({
        Permission.VIEW_ALL_PUPILS,
        Permission.VIEW_CENTRE,
        Permission.VIEW_REPORTS,
        Permission.EXPORT,
        Permission.VIEW_AUDIT,
        Permission.VIEW_ALL_INCIDENTS,
        Permission.EXPORT_INCIDENTS,
        Permission.READ_COUNSELLING_NOTES,
    }),
    # Reads a school's figures, pupils' files and ledgers (as a principal does, without counselling notes, the
    # audit log or incident details beyond the reports sent to its office); writes only its inbox's statuses.
    Role.COUNTY: frozenset({
        Permission.VIEW_ALL_PUPILS,
        Permission.VIEW_CENTRE,
        Permission.VIEW_REPORTS,
        Permission.EXPORT,
        Permission.VIEW_COUNTY,
        Permission.HANDLE_INBOX,
        Permission.MANAGE_COUNTY,
    }),
}


def can(role: Role | str, permission: Permission) -> bool:
    return permission in PERMISSIONS[Role(role)]


@dataclass(frozen=True)
class Actor:
    """The logged-in user every service call acts as."""

    staff_id: int
    # A county account has none of its own: None at the county level, a school's id while it reads that school
    # (services.county.reach.at_school), so every school-scoped query then works unchanged, read-only.
    school_id: int | None
    name: str
    login: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    @property
    def is_teacher(self) -> bool:
        return self.role is Role.TEACHER

    @property
    def is_county(self) -> bool:
        return self.role is Role.COUNTY
