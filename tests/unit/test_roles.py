"""The permission table: coordinator everything, teacher own work, principal read-only."""
from __future__ import annotations

from schoolcare.domain.roles import PERMISSIONS, Permission, Role, can

WRITES = {Permission.EDIT_PUPILS, Permission.IMPORT_ROSTER, Permission.ASSIGN_CARE_TEACHERS, Permission.LOG_CARE,
          Permission.CORRECT_ANY_RECORD, Permission.MANAGE_CENTRE, Permission.MANAGE_USERS}


def test_principal_can_write_nothing():
    assert not PERMISSIONS[Role.PRINCIPAL] & WRITES
    assert can("principal", Permission.VIEW_REPORTS) and can("principal", Permission.EXPORT)


COUNTY_ONLY = {Permission.VIEW_COUNTY, Permission.HANDLE_INBOX, Permission.MANAGE_COUNTY}


def test_coordinator_can_do_everything_in_their_school_and_nothing_of_the_county():
    assert all(can(Role.COORDINATOR, p) for p in Permission if p not in COUNTY_ONLY)
    assert not any(can(Role.COORDINATOR, p) for p in COUNTY_ONLY)


def test_county_reads_and_writes_nothing_of_a_school():
    writes = {Permission.EDIT_PUPILS, Permission.IMPORT_ROSTER, Permission.ASSIGN_CARE_TEACHERS, Permission.LOG_CARE,
              Permission.CORRECT_ANY_RECORD, Permission.MANAGE_CENTRE, Permission.MANAGE_USERS,
              Permission.MANAGE_CLASSES, Permission.FILE_REPORTS, Permission.RECORD_INCIDENT,
              Permission.MANAGE_INCIDENTS, Permission.TRANSFER_PUPILS}
    assert not any(can(Role.COUNTY, p) for p in writes)
    assert all(can(Role.COUNTY, p) for p in (Permission.VIEW_ALL_PUPILS, Permission.VIEW_REPORTS,
                                             Permission.VIEW_COUNTY))
    assert not can(Role.COUNTY, Permission.READ_COUNSELLING_NOTES)


def test_teacher_logs_care_but_does_not_manage():
    assert can("teacher", Permission.LOG_CARE)
    for permission in (Permission.VIEW_ALL_PUPILS, Permission.ASSIGN_CARE_TEACHERS, Permission.MANAGE_USERS,
                       Permission.MANAGE_CENTRE, Permission.IMPORT_ROSTER, Permission.VIEW_AUDIT):
        assert not can("teacher", permission)
