"""The county's models (0011): the schools a county account reads, transfers, the inbox's statuses."""
from __future__ import annotations

import peewee as pw
from peewee import DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.registry import Pupil, School, Staff


class CountyReach(BaseModel):
    """A school a county account reads; a county account with no rows here reads every school of the database."""

    staff = pw.ForeignKeyField(Staff, backref="county_reach", on_delete="CASCADE")
    school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")

    class Meta:
        indexes = ((("staff", "school"), True),)


class Transfer(BaseModel):
    """A pupil who moved between two schools of the database (转学), found by the national student number: the old
    school's record stays with its history (status transferred), the new school's record carries the file on."""

    national_id = pw.CharField(index=True)
    from_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
    to_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
    from_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    to_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    moved_on = DateField()
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)


class InboxStatus(BaseModel):
    """A county office's handling of a report a school sent it (received → acted on → closed); each change is a
    row, the latest one is the status the school sees."""

    school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    kind = pw.CharField()  # incident_report (IncidentReport.id) | dropout_report (DropoutCase.id)
    ref_id = pw.IntegerField()
    status = pw.CharField()  # received | acted_on | closed
    note = pw.TextField(default="")
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    at = DateTimeField(default=now)

    class Meta:
        indexes = ((("kind", "ref_id", "at"), False), (("school", "kind"), False))
