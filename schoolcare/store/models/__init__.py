"""The peewee models: one set for SQLite and PostgreSQL, every record belonging to a school; one module per
feature (registry, care, centre, protection, accounts, county), all importable from here."""
from __future__ import annotations

from schoolcare.store.models.accounts import AuditEntry, FailedLogin, QuarterlySubmission
from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.care import (
    Activity,
    ActivityAttendance,
    CareRecord,
    FamilyCall,
    FollowUp,
    HomeVisit,
    TeacherTalk,
)
from schoolcare.store.models.centre import Hazard, Inspection, InspectionItem, Room, RoomEquipment
from schoolcare.store.models.county import CountyReach, InboxStatus, Transfer
from schoolcare.store.models.protection import (
    Absence,
    AttendanceDay,
    CounsellingSession,
    DropoutCase,
    Incident,
    IncidentFollowUp,
    IncidentReport,
    PersuasionAttempt,
)
from schoolcare.store.models.registry import (
    CareAssignment,
    Guardian,
    HomeroomTerm,
    Pupil,
    School,
    SchoolClass,
    SituationNote,
    Staff,
)

# Every table, in the order they are created and loaded (each after the tables it refers to).
MODELS = (
    School, Staff, SchoolClass, HomeroomTerm, Pupil, Guardian, SituationNote,
    CareAssignment, FamilyCall, TeacherTalk, Activity, ActivityAttendance, HomeVisit, FollowUp,
    Room, RoomEquipment, Inspection, InspectionItem, Hazard, Incident, IncidentReport,
    IncidentFollowUp, AuditEntry, QuarterlySubmission, CounsellingSession, FailedLogin, AttendanceDay, Absence,
    DropoutCase, PersuasionAttempt, CountyReach, Transfer, InboxStatus,
)

__all__ = [
    "Absence", "Activity", "ActivityAttendance", "AttendanceDay", "AuditEntry", "BaseModel", "CareAssignment",
    "CareRecord", "CounsellingSession", "CountyReach", "DropoutCase", "FailedLogin", "FamilyCall", "FollowUp",
    "Guardian", "Hazard", "HomeVisit", "HomeroomTerm", "InboxStatus", "Incident", "IncidentFollowUp",
    "IncidentReport", "Inspection", "InspectionItem", "PersuasionAttempt", "Pupil", "QuarterlySubmission",
    "Room", "RoomEquipment", "School", "SchoolClass", "SituationNote", "Staff", "TeacherTalk", "Transfer",
    "now", "MODELS",
]
