"""The audit trail, failed logins and the quarterly submissions filed with the county."""
from __future__ import annotations

import peewee as pw
from peewee import DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.registry import Pupil, School, Staff


class AuditEntry(BaseModel):
    """Who changed what, when: written in the same transaction as the change."""

    school = pw.ForeignKeyField(School, null=True, on_delete="CASCADE", index=False)  # (school, at) serves
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    at = DateTimeField(default=now)
    action = pw.CharField()  # create | update | delete | withdraw | export | login …
    entity = pw.CharField()
    entity_id = pw.IntegerField(null=True)
    pupil = pw.ForeignKeyField(Pupil, null=True, on_delete="SET NULL", backref="+")
    changes = pw.TextField(default="")  # JSON: {"field": [old, new]}

    class Meta:
        indexes = ((("school", "at"), False),)


class QuarterlySubmission(BaseModel):
    """A quarterly ledger update filed with the civil-affairs bureau (每季度最后月15日之前更新), as it was sent."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    quarter = pw.CharField()  # 2026Q4
    submitted_on = DateField()
    submitted_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    # JSON {pupil_id: {student_no, name, class, status, left_behind, in_difficulty, guardians}}:
    # the next export marks what changed against it.
    snapshot = pw.TextField(default="{}")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("school", "quarter"), False),)


class FailedLogin(BaseModel):
    """Failed logins in a row for one login typed (an account's or not): after five, each next try waits."""

    login = pw.CharField(unique=True)
    failures = pw.IntegerField(default=0)
    last_at = DateTimeField()
