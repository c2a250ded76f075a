"""Opening any care record to correct or withdraw it, from the records list or a pupil's file: the forms the
week uses, filled with the record, a reason asked and audited by the services."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label

from schoolcare.domain.care import CallRow, TalkRow, VisitRow
from schoolcare.domain.roles import Actor
from schoolcare.i18n import reason, t
from schoolcare.services.care import finder, visits
from schoolcare.ui.care.forms import (
    CallDialog,
    CareDialog,
    TalkDialog,
    WithdrawDialog,
    correction_reason_field,
    field,
    text_of,
)

# The kinds a correction form exists for here; activities are corrected in their own area (4).
FORM_KINDS = ("family_call", "teacher_talk", "home_visit")
FINDINGS = ("family_findings", "guardianship_findings", "schooling_findings", "pupil_state")


class RecordFetched(Message):
    """A record read afresh, to correct (posted to the node that asked)."""

    def __init__(self, row: CallRow | TalkRow | VisitRow) -> None:
        super().__init__()
        self.row = row


def fetch_to_correct(node, kind: str, record_id: int) -> bool:
    """Read the record for its form (the answer arrives as RecordFetched); False for a kind without one here."""
    if kind not in FORM_KINDS:
        node.notify(t("care.records.correct_elsewhere"), severity="warning")
        return False
    node.run_service(finder.record_to_correct, node.actor, kind, record_id, then=RecordFetched,
                     group="care-record-fetch")
    return True


def open_correction(node, row: CallRow | TalkRow | VisitRow, done) -> None:
    """The record's correction form over the current screen; a withdrawn record is only read, not corrected."""
    if row.withdrawn:
        node.notify(reason("care.withdrawn"), severity="warning")
        return
    node.app.push_screen(correction_form(node.actor, row), done)


def correction_form(actor: Actor, row: CallRow | TalkRow | VisitRow):
    if isinstance(row, CallRow):
        return CallDialog(actor, row.pupil_id, row.pupil_name, row)
    if isinstance(row, TalkRow):
        return TalkDialog(actor, row.pupil_id, row.pupil_name, row)
    return VisitCorrectionDialog(actor, row)


def withdraw_form(actor: Actor, kind: str, record_id: int, what: str) -> WithdrawDialog:
    return WithdrawDialog(actor, kind, record_id, what)


class VisitCorrectionDialog(CareDialog):
    """A home visit's details corrected, with the reason; its follow-up actions are closed in the follow-ups tab."""

    corrects = True

    def __init__(self, actor: Actor, row: VisitRow) -> None:
        super().__init__(actor)
        self.row = row

    def compose(self) -> ComposeResult:
        r = self.row
        with VerticalScroll(classes="dialog", id="visit-form"):
            yield Label(t("care.records.visit_edit_title", name=r.pupil_name), classes="dialog-title", markup=False)
            yield correction_reason_field()
            yield field("date", Input(text_of(r.date), id="date"), t("care.date_hint"))
            yield field("visitors", Input(r.visitors, id="visitors"))
            yield field("met_whom", Input(r.met_whom, id="met_whom"))
            for name in FINDINGS:
                yield field(name, Input(getattr(r, name), id=name))
            yield from self.buttons()

    def collect(self) -> dict:
        values = {name: self.value(name) for name in ("date", "visitors", "met_whom", *FINDINGS)}
        values["reason"] = self.value("edit_reason")
        return values

    def service(self, values: dict):
        return visits.edit_visit(self.actor, self.row.id, **values)
