"""The care centre's models: rooms, equipment, safety inspections and the hazard ledger."""
from __future__ import annotations

import peewee as pw
from peewee import DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.registry import School, Staff


class Room(BaseModel):
    school = pw.ForeignKeyField(School, backref="rooms", on_delete="CASCADE")
    kind = pw.CharField()  # a room kind id from centre.yaml
    name = pw.CharField()
    area_m2 = pw.FloatField(default=0)
    person_in_charge = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")


class RoomEquipment(BaseModel):
    room = pw.ForeignKeyField(Room, backref="equipment", on_delete="CASCADE")
    item = pw.CharField()  # an equipment id from centre.yaml
    count = pw.IntegerField(default=0)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("room", "item"), True),)


class Inspection(BaseModel):
    """A walk through a checklist: a room's equipment and six haves, or the safety checklist."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    kind = pw.CharField()  # room | safety
    room = pw.ForeignKeyField(Room, null=True, backref="inspections", on_delete="CASCADE")
    started_at = DateTimeField(default=now)
    started_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    signed_at = DateTimeField(null=True)
    signed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")


class InspectionItem(BaseModel):
    inspection = pw.ForeignKeyField(Inspection, backref="items", on_delete="CASCADE")
    item = pw.CharField()  # template id: equipment, six-haves or safety item
    section = pw.CharField(default="")
    state = pw.CharField(null=True)  # ok | missing | broken | na; NULL while not yet checked
    note = pw.TextField(default="")
    severity = pw.CharField(null=True)  # for a finding: low | medium | high; NULL = the kind's default (0004)

    class Meta:
        indexes = ((("inspection", "item"), True),)


class Hazard(BaseModel):
    """限期整改: a finding to rectify by a deadline; open until a re-check closes it."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    inspection = pw.ForeignKeyField(Inspection, null=True, on_delete="SET NULL", backref="hazards")
    room = pw.ForeignKeyField(Room, null=True, on_delete="SET NULL", backref="hazards")
    item = pw.CharField(default="")
    description = pw.TextField()
    severity = pw.CharField(default="medium")  # low | medium | high
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    found_on = DateField()
    deadline = DateField()
    closed_on = DateField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    closing_inspection = pw.ForeignKeyField(Inspection, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")
    deadline_reason = pw.TextField(default="")  # why the deadline was last changed (0004)

    class Meta:
        indexes = ((("school", "closed_on", "deadline"), False),)
