"""The incident forms: record one at once, log the mandatory report, add or complete a follow-up, close with an
outcome, reopen. Each saves on Ctrl+S (or Enter in its last field); a refusal lands on its field."""
from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from schoolcare.domain import clock
from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import label, t
from schoolcare.services.protection import incident_actions, incidents
from schoolcare.ui.care.forms import CareDialog
from schoolcare.ui.kit import field


def now_text() -> str:
    return clock.now().strftime("%Y-%m-%d %H:%M")


class ProtectionDialog(CareDialog):
    """CareDialog's Ctrl+S and worker save; free text in TextAreas read here."""

    def text(self, widget_id: str) -> str:
        found = self.query_one(f"#{widget_id}")
        return found.text if isinstance(found, TextArea) else found.value


class IncidentDialog(ProtectionDialog):
    """Record an incident for one pupil: kind, when found (now), where, what was seen, who found it, what was done."""

    def __init__(self, actor: Actor, pupil_id: int, pupil_name: str) -> None:
        super().__init__(actor)
        self.pupil_id, self.pupil_name = pupil_id, pupil_name

    def compose(self) -> ComposeResult:
        kinds = [(self._kind_words(k), k.id) for k in self.settings.incident_kinds]
        with VerticalScroll(classes="dialog", id="incident-form"):
            yield Label(t("protection.record.title", name=self.pupil_name), classes="dialog-title", markup=False)
            yield field("incident_kind", Select(kinds, prompt=t("protection.pick_kind"), id="incident_kind"))
            yield field("found_at", Input(now_text(), id="found_at"), t("protection.moment_hint"))
            yield field("place", Input(id="place"))
            yield field("what_seen", TextArea(id="what_seen"))
            yield field("found_by", Input(self.actor.name, id="found_by"))
            yield field("immediate_action", Input(id="immediate_action"))
            yield Static(t("protection.record.hint"), classes="hint", markup=False)
            yield from self.buttons()

    def _kind_words(self, kind) -> str:
        if kind.mandatory_report:
            return t("protection.kind_with_hours", kind=label(kind.name), hours=kind.report_within_hours)
        return label(kind.name)

    class Named(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def on_mount(self) -> None:
        self.query_one("#incident_kind", Select).focus()
        if not self.pupil_name:
            self.run_service(incidents.pupil_name, self.actor, self.pupil_id, then=self.Named, group="pupil-name")

    @on(Named)
    def _named(self, message: Named) -> None:
        self.pupil_name = message.name
        self.query_one(".dialog-title", Label).update(t("protection.record.title", name=message.name))

    def collect(self) -> pr.IncidentDraft:
        return pr.IncidentDraft(self.pupil_id, self.choice("incident_kind"), self.value("found_at"),
                                self.value("place"), self.text("what_seen"), self.value("found_by"),
                                self.value("immediate_action"))

    def service(self, draft: pr.IncidentDraft):
        return incidents.record_incident(self.actor, self.settings, draft)


class ReportDialog(ProtectionDialog):
    """The mandatory report as made: to whom, when, how, the receipt or case number."""

    def __init__(self, actor: Actor, incident_id: int, title: str) -> None:
        super().__init__(actor)
        self.incident_id, self.title_words = incident_id, title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="report-form"):
            yield Label(t("protection.report_form.title", what=self.title_words), classes="dialog-title",
                        markup=False)
            yield field("to_whom", Select([(t(f"protection.to.{w}"), w) for w in pr.REPORT_TO], value="police",
                                          allow_blank=False, id="to_whom"))
            yield field("reported_at", Input(now_text(), id="reported_at"), t("protection.moment_hint"))
            yield field("report_method", Select([(t(f"protection.method.{m}"), m) for m in pr.REPORT_METHODS],
                                                value="phone", allow_blank=False, id="report_method"))
            yield field("receipt", Input(id="receipt"))
            yield field("report_note", Input(id="report_note"))
            yield from self.buttons()

    def collect(self) -> pr.ReportDraft:
        return pr.ReportDraft(self.choice("to_whom"), self.value("reported_at"), self.choice("report_method", "phone"),
                              self.value("receipt"), self.value("report_note"))

    def service(self, draft: pr.ReportDraft):
        return incident_actions.log_report(self.actor, self.incident_id, draft)


class FollowUpDialog(ProtectionDialog):
    """A follow-up: emergency handling, assessment or a support service, with its owner and due date."""

    def __init__(self, actor: Actor, incident_id: int, staff: list[tuple[str, int]]) -> None:
        super().__init__(actor)
        self.incident_id, self.staff = incident_id, staff

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="follow-up-form"):
            yield Label(t("protection.follow_up_form.title"), classes="dialog-title", markup=False)
            yield field("follow_up_kind", Select([(t(f"protection.follow.{k}"), k) for k in pr.FOLLOW_UP_KINDS],
                                                 value="assessment", allow_blank=False, id="follow_up_kind"))
            yield field("follow_up_action", Input(id="follow_up_action"))
            yield field("owner", Select(self.staff, prompt=t("protection.owner_me"), id="owner"))
            yield field("due_on", Input(id="due_on"), t("care.date_hint"))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#follow_up_action", Input).focus()

    def collect(self) -> pr.IncidentFollowUpDraft:
        return pr.IncidentFollowUpDraft(self.choice("follow_up_kind"), self.value("follow_up_action"),
                                        self.choice("owner", None), self.value("due_on") or None)

    def service(self, draft: pr.IncidentFollowUpDraft):
        return incident_actions.add_follow_up(self.actor, self.incident_id, draft)


class FollowUpDoneDialog(ProtectionDialog):
    def __init__(self, actor: Actor, follow_up: pr.FollowUpEntry) -> None:
        super().__init__(actor)
        self.follow_up = follow_up

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="follow-up-done-form"):
            yield Label(t("protection.done_form.title", action=self.follow_up.action), classes="dialog-title",
                        markup=False)
            yield field("done_on", Input(clock.today().isoformat(), id="done_on"), t("care.date_hint"))
            yield field("done_note", Input(id="done_note"))
            yield from self.buttons()

    def collect(self) -> dict:
        return {"done_on": self.value("done_on"), "note": self.value("done_note")}

    def service(self, values: dict):
        return incident_actions.complete_follow_up(self.actor, self.follow_up.id, **values) or True


class CloseDialog(ProtectionDialog):
    """Close with an outcome; the follow-ups still open are listed, as closing marks them done with it."""

    def __init__(self, actor: Actor, incident_id: int, open_follow_ups: Sequence[pr.FollowUpEntry] = ()) -> None:
        super().__init__(actor)
        self.incident_id = incident_id
        self.open_follow_ups = tuple(open_follow_ups)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="close-form"):
            yield Label(t("protection.close_form.title"), classes="dialog-title", markup=False)
            if self.open_follow_ups:
                lines = [t("protection.close_form.follow_ups")] + [
                    t("protection.close_form.follow_up_line", kind=t(f"protection.follow.{f.kind}"), action=f.action,
                      owner=f.owner or "—", due=f.due_on.isoformat() if f.due_on else "—")
                    for f in self.open_follow_ups]
                yield Static("\n".join(lines), id="close-follow-ups", classes="hint", markup=False)
            yield field("incident_outcome", Input(id="incident_outcome"))
            yield field("incident_closed_on", Input(clock.today().isoformat(), id="incident_closed_on"),
                        t("care.date_hint"))
            yield from self.buttons()

    def collect(self) -> dict:
        return {"outcome": self.value("incident_outcome"), "closed_on": self.value("incident_closed_on")}

    def service(self, values: dict):
        return incident_actions.close_incident(self.actor, self.incident_id, **values) or True


class ReopenDialog(ProtectionDialog):
    def __init__(self, actor: Actor, incident_id: int) -> None:
        super().__init__(actor)
        self.incident_id = incident_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="reopen-form"):
            yield Label(t("protection.reopen_form.title"), classes="dialog-title", markup=False)
            yield field("reopen_reason", Input(id="reopen_reason"))
            yield Static(t("protection.reopen_form.hint"), classes="hint", markup=False)
            yield from self.buttons()

    def collect(self) -> str:
        return self.value("reopen_reason")

    def service(self, reason: str):
        return incident_actions.reopen_incident(self.actor, self.incident_id, reason) or True


def record_for(app, actor: Actor, pupil_id: int, pupil_name: str, then=None) -> None:
    """Open the record form for a pupil; say so when saved (the pupil file, the week and the palette use this)."""
    def done(result) -> None:
        if result:
            app.notify(t("protection.recorded"))
            if then is not None:
                then()

    app.push_screen(IncidentDialog(actor, pupil_id, pupil_name), done)


def record_from_anywhere(app) -> None:
    """The palette's "record an incident": find the pupil, then the form."""
    from schoolcare.ui.registry.find_pupil import FindPupilScreen

    session = getattr(app, "session", None)
    if session is None or not session.actor.can(Permission.RECORD_INCIDENT):
        return
    actor = session.actor

    def picked(pupil_id) -> None:
        if pupil_id:
            record_for(app, actor, pupil_id, "")  # the form reads the pupil's name itself

    app.push_screen(FindPupilScreen(), picked)
