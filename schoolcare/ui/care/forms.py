"""The short forms of the care log: a family call, a teacher talk, a home visit, a withdrawal, a follow-up done.

Each opens with today's date and the usual choices filled in, so logging a call
is the key that opens the form and Ctrl+S (or Enter through the fields).
A refused save keeps what was typed and puts the reason on its field.
"""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from schoolcare.domain import clock, validation
from schoolcare.domain.care import (
    CHANNELS,
    WITH_WHOM,
    CallDraft,
    CallRow,
    FollowUpDraft,
    TalkDraft,
    TalkRow,
    VisitDraft,
)
from schoolcare.domain.errors import Refusal
from schoolcare.domain.roles import Actor
from schoolcare.i18n import t
from schoolcare.services.care import calls_talks, followups, records, visits
from schoolcare.services.errors import ValidationError
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit import field as kit_field
from schoolcare.ui.kit.dialog import Dialog


def field(name: str, widget, hint: str = "") -> FormField:
    return kit_field(name, widget, hint, words="care.field")


def text_of(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def correction_reason_field() -> FormField:
    """Why a record is corrected: required, so it comes first in a correction form, in view without scrolling."""
    return field("edit_reason", Input(id="edit_reason"), t("care.form.edit_reason_hint"))


def late_entry_field() -> FormField:
    """Why a record of long ago is entered only now: hidden until the date is that old (or the service says so)."""
    found = FormField(t("field.backdate_reason"), Input(placeholder=t("care.form.backdate_hint"), id="backdate_reason"),
                      name="backdate_reason")
    found.display = False
    return found


class CareDialog(Dialog):
    """A Dialog that also saves on Ctrl+S, and runs its service in a worker; a refusal lands on its field.

    A new record dated more than settings.backdate_days ago needs a reason: the form shows the reason field
    when such a date is typed, and when the service refuses for want of one; the save then sends it along.
    """

    BINDINGS = [Binding("ctrl+s", "save", N_("care.key.save"), priority=True, id="care.dialog.save")]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def action_save(self) -> None:
        self.save()

    @on(Input.Changed, "#date")
    def _date_typed(self, event: Input.Changed) -> None:
        try:
            day = validation.date(event.value, "date")
        except validation.InvalidField:
            return  # said on save, with the field named
        if day is not None and (clock.today() - day).days > self.settings.backdate_days:
            self.ask_late_reason()

    @on(Dialog.Failed)
    def _late_refused(self, message: Dialog.Failed) -> None:
        if isinstance(message.error, Refusal) and message.error.code == "care.backdated_needs_reason":
            self.ask_late_reason()
            self.call_after_refresh(self.query_one("#backdate_reason", Input).focus)

    def ask_late_reason(self) -> None:
        for found in self.query("#field-backdate_reason"):
            found.display = True

    def late_reason(self) -> str:
        """The reason typed, if the form has asked for one ("" otherwise: a recent record needs none)."""
        for found in self.query("#field-backdate_reason"):
            return self.value("backdate_reason") if found.display else ""
        return ""

    # True for a correction form: the service's "reason" is its edit_reason field (a withdrawal's is "reason").
    corrects = False

    def save(self) -> None:
        self.clear_errors()
        self.run_service(self._serve, self.collect(), then=self.Saved, failed=self.Failed, group="care-dialog")

    def _serve(self, values):
        try:
            return self.service(values)
        except ValidationError as error:
            if self.corrects and error.field == "reason":
                raise error.renamed("edit_reason") from None  # on the form's field, focused and scrolled to
            raise

    def collect(self):
        raise NotImplementedError

    def service(self, values):
        raise NotImplementedError

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def choice(self, widget_id: str, blank=""):
        found = self.query_one(f"#{widget_id}", Select).value
        return blank if found is Select.NULL else found

    def flag(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Checkbox).value


class CallDialog(CareDialog):
    """A family call for one pupil (or a correction of one: `row`)."""

    def __init__(self, actor: Actor, pupil_id: int, pupil_name: str, row: CallRow | None = None) -> None:
        super().__init__(actor)
        self.pupil_id, self.pupil_name, self.row = pupil_id, pupil_name, row
        self.corrects = row is not None

    def compose(self) -> ComposeResult:
        r = self.row
        with VerticalScroll(classes="dialog", id="call-form"):
            title = "care.call.edit_title" if r else "care.call.title"
            yield Label(t(title, name=self.pupil_name), classes="dialog-title", markup=False)
            if r is not None:
                yield correction_reason_field()
            yield field("date", Input(text_of(r.date) if r else clock.today().isoformat(), id="date"), t("care.date_hint"))
            yield field("time", Input(r.time if r else "", id="time"), t("care.time_hint"))
            yield field("channel", Select([(t(f"care.channel.{c}"), c) for c in CHANNELS],
                                          value=r.channel if r else "phone", allow_blank=False, id="channel"))
            yield field("with_whom", Select([(t(f"care.who.{w}"), w) for w in WITH_WHOM],
                                            value=r.with_whom if r and r.with_whom else Select.NULL,
                                            prompt=t("care.who.none"), id="with_whom"))
            yield field("duration_min", Input(text_of(r.duration_min) if r else "", id="duration_min"))
            with Horizontal(classes="form-flags"):
                yield Checkbox(t("care.field.connected"), r.connected if r else True, id="connected")
                yield Checkbox(t("care.field.teacher_line"), r.teacher_line if r else False, id="teacher_line")
            yield field("notes", Input(r.notes if r else "", id="notes"))
            if r is None:
                yield late_entry_field()
            yield from self.buttons()

    def collect(self) -> dict:
        values = {
            "date": self.value("date"), "time": self.value("time"), "channel": self.choice("channel", "phone"),
            "with_whom": self.choice("with_whom"), "duration_min": self.value("duration_min"),
            "connected": self.flag("connected"), "teacher_line": self.flag("teacher_line"), "notes": self.value("notes"),
        }
        if self.row is not None:
            values["reason"] = self.value("edit_reason")
        else:
            values["backdate_reason"] = self.late_reason()
        return values

    def service(self, values: dict):
        if self.row is not None:
            return calls_talks.edit_call(self.actor, self.row.id, **values)
        return calls_talks.log_call(self.actor, CallDraft(self.pupil_id, **values),
                                    backdate_days=self.settings.backdate_days)


class TalkDialog(CareDialog):
    """A teacher talk; a concern asks for a follow-up (and opens one)."""

    def __init__(self, actor: Actor, pupil_id: int, pupil_name: str, row: TalkRow | None = None) -> None:
        super().__init__(actor)
        self.pupil_id, self.pupil_name, self.row = pupil_id, pupil_name, row
        self.corrects = row is not None

    def compose(self) -> ComposeResult:
        r = self.row
        with VerticalScroll(classes="dialog", id="talk-form"):
            title = "care.talk.edit_title" if r else "care.talk.title"
            yield Label(t(title, name=self.pupil_name), classes="dialog-title", markup=False)
            if r is not None:
                yield correction_reason_field()
            yield field("date", Input(text_of(r.date) if r else clock.today().isoformat(), id="date"), t("care.date_hint"))
            yield field("topic", Input(r.topic if r else "", id="topic"))
            yield field("notes", Input(r.notes if r else "", id="notes"))
            with Horizontal(classes="form-flags"):
                yield Checkbox(t("care.field.concern"), r.concern if r else False, id="concern")
            yield field("follow_up", Input(r.follow_up if r else "", id="follow_up"))
            if r is None:
                yield field("follow_up_due", Input("", id="follow_up_due"), t("care.date_hint"))
                yield late_entry_field()
            yield from self.buttons()

    def collect(self) -> dict:
        values = {"date": self.value("date"), "topic": self.value("topic"), "notes": self.value("notes"),
                  "concern": self.flag("concern"), "follow_up": self.value("follow_up")}
        if self.row is None:
            values["follow_up_due"] = self.value("follow_up_due") or None
            values["backdate_reason"] = self.late_reason()
        else:
            values["reason"] = self.value("edit_reason")
        return values

    def service(self, values: dict):
        if self.row is not None:
            return calls_talks.edit_talk(self.actor, self.row.id, **values)
        return calls_talks.log_talk(self.actor, TalkDraft(self.pupil_id, **values),
                                    backdate_days=self.settings.backdate_days)


FOLLOW_UP_ROWS = 2


class VisitDialog(CareDialog):
    """A home visit with its findings and up to two follow-up actions (owner: me unless chosen)."""

    def __init__(self, actor: Actor, pupil_id: int, pupil_name: str, staff: list[tuple[str, int]] = ()) -> None:
        super().__init__(actor)
        self.pupil_id, self.pupil_name = pupil_id, pupil_name
        self.staff = list(staff)
        self.given_rows: list[int] = []  # the follow-up rows filled in, in order

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="visit-form"):
            yield Label(t("care.visit.title", name=self.pupil_name), classes="dialog-title", markup=False)
            yield field("date", Input(clock.today().isoformat(), id="date"), t("care.date_hint"))
            yield field("visitors", Input(self.actor.name, id="visitors"))
            yield field("met_whom", Input(id="met_whom"))
            for name in ("family_findings", "guardianship_findings", "schooling_findings", "pupil_state"):
                yield field(name, Input(id=name))
            yield Static(t("care.visit.follow_ups"), classes="panel-title", markup=False)
            for n in range(1, FOLLOW_UP_ROWS + 1):
                yield FormField(t("care.field.action"), Input(id=f"action{n}"), name=f"action{n}")
                yield FormField(t("care.field.owner"), Select(self.staff, prompt=t("care.visit.owner_me"),
                                                              id=f"owner{n}"), name=f"owner{n}")
                yield FormField(t("care.field.due"), Input(placeholder=t("care.date_hint"), id=f"due{n}"),
                                name=f"due{n}")
            yield late_entry_field()
            yield from self.buttons()

    def collect(self) -> dict:
        values = {name: self.value(name) for name in ("date", "visitors", "met_whom", "family_findings",
                                                      "guardianship_findings", "schooling_findings", "pupil_state")}
        self.given_rows = [n for n in range(1, FOLLOW_UP_ROWS + 1) if self.value(f"action{n}").strip()]
        values["follow_ups"] = tuple(
            FollowUpDraft(self.value(f"action{n}"), self.choice(f"owner{n}", None), self.value(f"due{n}") or None)
            for n in self.given_rows
        )
        values["backdate_reason"] = self.late_reason()
        return values

    def service(self, values: dict):
        try:
            return visits.log_visit(self.actor, VisitDraft(self.pupil_id, **values),
                                    backdate_days=self.settings.backdate_days)
        except ValidationError as error:
            name = self.row_field(error.field)
            if name is None:
                raise
            raise error.renamed(name) from None

    def row_field(self, field: str) -> str | None:
        """The form's field for one the service names: it numbers the actions it was given (follow_ups[1].action),
        the form numbers its rows, some left empty."""
        for given, row in enumerate(self.given_rows, start=1):
            for part in ("action", "due", "owner"):
                if field == f"follow_ups[{given}].{part}":
                    return f"{part}{row}"
        return None


class WithdrawDialog(CareDialog):
    """Withdraw a record: it stays, marked, with the reason, and stops counting."""

    def __init__(self, actor: Actor, kind: str, record_id: int, what: str) -> None:
        super().__init__(actor)
        self.kind, self.record_id, self.what = kind, record_id, what

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="withdraw-form"):
            yield Label(t("care.withdraw.title"), classes="dialog-title")
            yield Static(self.what, markup=False)
            yield Static(t("care.withdraw.note"), classes="hint", markup=False)
            yield field("reason", Input(id="reason"))
            yield from self.buttons()

    def collect(self) -> str:
        return self.value("reason")

    def service(self, reason_text: str):
        records.withdraw(self.actor, self.kind, self.record_id, reason_text)
        return True


class FollowUpDoneDialog(CareDialog):
    """A follow-up action done: when, and what came of it."""

    def __init__(self, actor: Actor, follow_up_id: int, action: str) -> None:
        super().__init__(actor)
        self.follow_up_id, self.action = follow_up_id, action

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="follow-up-done"):
            yield Label(t("care.done.title"), classes="dialog-title")
            yield Static(self.action, markup=False)
            yield field("date", Input(clock.today().isoformat(), id="date"), t("care.date_hint"))
            yield field("outcome", Input(id="outcome"))
            yield from self.buttons()

    def collect(self) -> dict:
        return {"done_on": self.value("date"), "outcome": self.value("outcome")}

    def service(self, values: dict):
        try:
            return followups.complete(self.actor, self.follow_up_id, **values)
        except ValidationError as error:
            if error.field != "done_on":
                raise
            raise error.renamed("date") from None  # the form calls the field "date"
