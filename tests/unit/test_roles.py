"""The permission table: coordinator everything, teacher own work, principal read-only."""
from __future__ import annotations

from schoolcare.domain.roles import PERMISSIONS, Permission, Role, can

WRITES = {Permission.EDIT_PUPILS, Permission.IMPORT_ROSTER, Permission.ASSIGN_CARE_TEACHERS, Permission.LOG_CARE,
          Permission.CORRECT_ANY_RECORD, Permission.MANAGE_CENTRE, Permission.MANAGE_USERS}


def test_principal_can_write_nothing():
    assert not PERMISSIONS[Role.PRINCIPAL] & WRITES
    assert can("principal", Permission.VIEW_REPORTS) and can("principal", Permission.EXPORT)


def test_coordinator_can_do_everything():
    assert all(can(Role.COORDINATOR, p) for p in Permission)


def test_teacher_logs_care_but_does_not_manage():
    assert can("teacher", Permission.LOG_CARE)
    for permission in (Permission.VIEW_ALL_PUPILS, Permission.ASSIGN_CARE_TEACHERS, Permission.MANAGE_USERS,
                       Permission.MANAGE_CENTRE, Permission.IMPORT_ROSTER, Permission.VIEW_AUDIT):
        assert not can("teacher", permission)
