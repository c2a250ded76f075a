"""The county inbox: the mandatory reports and written dropout reports the schools in reach sent to the account's
office, their status (new → received → acted on → closed) marked by that office, and what the school sees of it.

What reaches an office: an IncidentReport whose to_whom is the office (education_bureau, township,
civil_affairs; a report to the police goes to no county account), and a dropout case whose written report was
sent to it (DropoutCase.report_sent_to). Each mark is an InboxStatus row by a county account; the latest row
of the office (the marking account's Staff.office) is the status — two offices sent the same written report
each keep their own. Reading an item is audited as a restricted read is ("read", on the incident or the
dropout case, in the school's log) and shows only what was reported, never counselling notes or other records.
"""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain import inbox as ib
from schoolcare.domain.roles import Actor, Office, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import text
from schoolcare.services import audit
from schoolcare.services.access import require
from schoolcare.services.care import records as rec
from schoolcare.services.county import reach
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import DropoutCase, InboxStatus, Incident, IncidentReport, Pupil, Staff

ENTITY = "inbox_item"
DROPOUT_SUBJECT = "dropout"
DROPOUT_OFFICES = (Office.EDUCATION_BUREAU.value, Office.TOWNSHIP.value)  # where a written report is sent


def office_of(actor: Actor) -> str:
    """The actor's office; an account of none (or not a county account) has no inbox."""
    require(actor, Permission.HANDLE_INBOX)
    office = Staff.select(Staff.office).where(Staff.id == actor.staff_id).scalar() or ""
    if office not in {o.value for o in Office}:
        raise PermissionDenied("inbox.no_office", role=actor.role.value)
    return office


def parse(key: str) -> tuple[str, int]:
    try:
        return ib.parse_key(key)
    except ValueError:
        raise ValidationError("inbox.bad_key", "inbox_item", key=key) from None


# -- statuses ---------------------------------------------------------------------------------------------

def _status_rows(kind: str, where: pw.Expression) -> pw.ModelSelect:
    return (InboxStatus.select(InboxStatus.ref_id, InboxStatus.status, InboxStatus.at, InboxStatus.note,
                               Staff.name.alias("by_name"), Staff.office.alias("office"))
            .join(Staff, on=(InboxStatus.by == Staff.id))
            .where((InboxStatus.kind == kind) & where)
            .order_by(InboxStatus.at, InboxStatus.id))


def _status(row: dict) -> ib.CountyStatus:
    return ib.CountyStatus(row["office"], row["status"], row["at"], row["note"] or "", row["by_name"] or "")


def statuses(kind: str, ref_ids: list[int], office: str | None = None) -> dict[tuple[int, str], ib.CountyStatus]:
    """(ref id, office) → the latest mark, for the reports given (the school's detail screens, the inbox):
    one query (per 500 ids). No permission check: the callers have checked who reads the report."""
    latest: dict[tuple[int, str], ib.CountyStatus] = {}
    for start in range(0, len(ref_ids), 500):
        where = InboxStatus.ref_id.in_(ref_ids[start:start + 500])
        if office is not None:
            where &= Staff.office == office
        for row in _status_rows(kind, where).dicts():
            latest[(row["ref_id"], row["office"])] = _status(row)  # ordered oldest first: the last one wins
    return latest


def _school_statuses(kind: str, school_ids: list[int], office: str) -> dict[int, ib.CountyStatus]:
    """ref id → the office's latest mark, over the schools in reach: one query, however many reports."""
    found: dict[int, ib.CountyStatus] = {}
    for row in _status_rows(kind, InboxStatus.school.in_(school_ids) & (Staff.office == office)).dicts():
        found[row["ref_id"]] = _status(row)
    return found


# -- the items ---------------------------------------------------------------------------------------------

def _kind_label(settings: Settings, kind: str) -> tuple[str, str]:
    try:
        name = settings.incident_kind(kind).name
        return name.zh, name.en
    except KeyError:  # a kind since taken out of the config: its id still says what it was
        return kind, kind


def _incident_items(settings: Settings, school_ids: list[int], names: dict[int, str], office: str,
                    ref_id: int | None = None) -> list[ib.InboxItem]:
    where = Incident.school.in_(school_ids) & (IncidentReport.to_whom == office)
    if ref_id is not None:
        where &= IncidentReport.id == ref_id
    query = (IncidentReport.select(IncidentReport.id, IncidentReport.reported_at, IncidentReport.method,
                                   IncidentReport.receipt, Incident.school, Incident.kind, Incident.occurred_at,
                                   Incident.pupil, Pupil.name.alias("pupil_name"))
             .join(Incident).join(Pupil, on=(Incident.pupil == Pupil.id)).where(where).dicts())
    found = _school_statuses(ib.INCIDENT_REPORT, school_ids, office) if ref_id is None else {
        key[0]: value for key, value in statuses(ib.INCIDENT_REPORT, [ref_id], office).items()}
    return [ib.InboxItem(ib.INCIDENT_REPORT, r["id"], r["school"], names.get(r["school"], ""), r["pupil"],
                         r["pupil_name"], r["kind"], _kind_label(settings, r["kind"]), r["occurred_at"],
                         r["reported_at"], r["method"] or "", r["receipt"] or "",
                         found.get(r["id"], ib.CountyStatus(office)))
            for r in query]


def _dropout_items(school_ids: list[int], names: dict[int, str], office: str,
                   ref_id: int | None = None) -> list[ib.InboxItem]:
    if office not in DROPOUT_OFFICES:
        return []
    where = (DropoutCase.school.in_(school_ids) & DropoutCase.report_sent_on.is_null(False)
             & DropoutCase.report_sent_to.contains(office))
    if ref_id is not None:
        where &= DropoutCase.id == ref_id
    query = (DropoutCase.select(DropoutCase.id, DropoutCase.school, DropoutCase.pupil, DropoutCase.opened_on,
                                DropoutCase.report_sent_on, DropoutCase.report_sent_to,
                                Pupil.name.alias("pupil_name"))
             .join(Pupil, on=(DropoutCase.pupil == Pupil.id)).where(where).dicts())
    rows = [r for r in query if office in (r["report_sent_to"] or "").split(",")]
    found = _school_statuses(ib.DROPOUT_REPORT, school_ids, office) if ref_id is None else {
        key[0]: value for key, value in statuses(ib.DROPOUT_REPORT, [ref_id], office).items()}
    return [ib.InboxItem(ib.DROPOUT_REPORT, r["id"], r["school"], names.get(r["school"], ""), r["pupil"],
                         r["pupil_name"], DROPOUT_SUBJECT, ("", ""), r["opened_on"],
                         r["report_sent_on"], "written", "", found.get(r["id"], ib.CountyStatus(office)))
            for r in rows]


def subject_text(item: ib.InboxItem, lang: str) -> str:
    """What the report is about, in `lang`: the incident's kind, or 辍学 for a dropout case's written report."""
    if item.subject == DROPOUT_SUBJECT:
        return text(lang, "inbox.subject.dropout")
    return item.subject_label[1] if lang == "en" else item.subject_label[0]


def items(actor: Actor, settings: Settings, *, include_closed: bool = True) -> list[ib.InboxItem]:
    """The reports sent to the actor's office by the schools it reads: unhandled first, oldest on top.
    A fixed handful of queries over the school set."""
    office = office_of(actor)
    schools = reach.schools(actor)
    ids, names = [s.id for s in schools], {s.id: s.name for s in schools}
    if not ids:
        return []
    found = _incident_items(settings, ids, names, office) + _dropout_items(ids, names, office)
    if not include_closed:
        found = [item for item in found if not item.status.handled]
    return sorted(found, key=ib.inbox_order)


def _item(actor: Actor, settings: Settings, key: str) -> tuple[ib.InboxItem, str]:
    """One item of the actor's inbox; one not sent to its office, or of a school out of reach, looks absent."""
    office = office_of(actor)
    kind, ref_id = parse(key)
    schools = reach.schools(actor)
    ids, names = [s.id for s in schools], {s.id: s.name for s in schools}
    found = (_incident_items(settings, ids, names, office, ref_id) if kind == ib.INCIDENT_REPORT
             else _dropout_items(ids, names, office, ref_id)) if ids else []
    if not found:
        raise NotFound("inbox.not_found", "inbox_item", key=key)
    return found[0], office


def detail(actor: Actor, settings: Settings, key: str, *, lang: str = "zh-CN") -> ib.InboxDetail:
    """One item as reported (for a dropout case, the written report's text) and the office's marks; the
    reading is written to the school's audit log on the incident or the case, as a restricted read is."""
    item, office = _item(actor, settings, key)
    text: tuple[str, ...] = ()
    if item.kind == ib.DROPOUT_REPORT:
        text = written_report_text(actor, settings, item, lang)
    entity, entity_id = (("incident", _incident_of(item.ref_id)) if item.kind == ib.INCIDENT_REPORT
                         else ("dropout_case", item.ref_id))
    with writing():
        audit.record(actor, "read", entity, entity_id, pupil_id=item.pupil_id, school_id=item.school_id,
                     changes={"inbox_item": item.key, "office": office})
    history = tuple(_status(row) for row in _status_rows(
        item.kind, (InboxStatus.ref_id == item.ref_id) & (Staff.office == office)).dicts())
    return ib.InboxDetail(item, text, history)


def _incident_of(report_id: int) -> int:
    return IncidentReport.select(IncidentReport.incident).where(IncidentReport.id == report_id).scalar()


def written_report_text(actor: Actor, settings: Settings, item: ib.InboxItem, lang: str) -> tuple[str, ...]:
    """The written report as the school prints it (services/protection/written_report.py), dated the day it
    was sent, as lines: its paragraphs, and each table row with its cells side by side."""
    from schoolcare.services.protection.dropouts import case_detail
    from schoolcare.services.protection.written_report import build

    at = reach.at_school(actor, item.school_id)
    sent_on = item.reported_at if isinstance(item.reported_at, dt.date) else clock.today()
    document = build(at, case_detail(at, settings, item.ref_id, today=sent_on), lang, sent_on)
    return tuple(_document_lines(document))


def _document_lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in Table(block, document).rows)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


# -- marking -----------------------------------------------------------------------------------------------

def mark(actor: Actor, settings: Settings, key: str, status: str, note: str = "") -> ib.CountyStatus:
    """The office marks an item received, acted on or closed, with a note; a row of its own (the latest is
    the status the school sees), audited in the school's log."""
    require(actor, Permission.HANDLE_INBOX)
    if status not in ib.STATUSES:
        raise ValidationError("choice", "inbox_status", allowed=" / ".join(ib.STATUSES))
    note = rec.free_text(note, "inbox_note")
    item, office = _item(actor, settings, key)
    now = clock.now().replace(microsecond=0)
    with writing():
        InboxStatus.create(school=item.school_id, kind=item.kind, ref_id=item.ref_id, status=status, note=note,
                           by=actor.staff_id, at=now)
        audit.record(actor, "mark", ENTITY, item.ref_id, pupil_id=item.pupil_id, school_id=item.school_id,
                     changes={"inbox_item": item.key, "office": office,
                              "inbox_status": [item.status.status, status], "inbox_note": note})
    return ib.CountyStatus(office, status, now, note, actor.name)
