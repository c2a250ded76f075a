"""The counselling tab (心理咨询) of the child-protection area, and the same list for one pupil opened from their file:
sessions in reach, a session recorded (n), opened with its notes (Enter, audited by the service), corrected (e) or
withdrawn (x) by its counsellor or the coordinator. Whoever may not read a session sees that it took place and
whom to ask."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.counselling import REFERRALS, SessionDetail, SessionDraft, SessionRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import label, t
from schoolcare.services.protection import counselling
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.forms import CareDialog, WithdrawDialog, field, late_entry_field, text_of
from schoolcare.ui.kit import FormField, Table, cursor_key
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.header import SchoolHeader
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.protection.pane import ProtectionPane
from schoolcare.ui.worker import ServiceFailed

COLUMNS = ("date", "pupil", "class", "counsellor", "topic", "follow_up_on", "state")


def topic_text(settings, topic_id: str) -> str:
    found = next((topic for topic in settings.counselling_topics if topic.id == topic_id), None)
    return label(found.name) if found else topic_id  # a topic since removed from the config reads as its id


def line_for_file(summary) -> str:
    """The pupil file's line: "心理咨询 3 次，最近 2026-11-20（王老师）", or that there were none."""
    if not summary.count:
        return t("counselling.file_none")
    return t("counselling.file_line", n=summary.count, date=summary.last_date.isoformat(),
             who=summary.last_counsellor or "—")


class CounsellingPane(ProtectionPane):
    """The sessions the actor may know of, newest first; for one pupil when opened from their file."""

    BINDINGS = [
        Binding("enter", "open", N_("counselling.key.open"), id="protection.counselling.open"),
        Binding("n", "record", N_("counselling.key.record"), id="protection.counselling.record"),
        Binding("e", "correct", N_("counselling.key.correct"), id="protection.counselling.correct"),
        Binding("x", "withdraw", N_("counselling.key.withdraw"), id="protection.counselling.withdraw"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[SessionRow]) -> None:
            super().__init__()
            self.rows = rows

    class Opened(Message):
        """A session read with its notes (the service has audited the reading), and what to do with it."""

        def __init__(self, detail: SessionDetail, then: str) -> None:
            super().__init__()
            self.detail, self.then = detail, then

    class CounsellorsLoaded(Message):
        def __init__(self, staff: list[tuple[str, int]]) -> None:
            super().__init__()
            self.staff = staff

    def __init__(self, pupil_id: int | None = None, pupil_name: str = "") -> None:
        super().__init__()
        self.pupil_id, self.pupil_name = pupil_id, pupil_name
        self.rows: dict[str, SessionRow] = {}

    def compose(self) -> ComposeResult:
        yield Pending(id="counselling-summary")
        yield Table(id="counselling-table", cursor_type="row", zebra_stripes=True)
        yield Static(t(self.hint_key([])), id="counselling-hint", markup=False, classes="hint")

    def hint_key(self, rows: list[SessionRow]) -> str:
        """What the actor reads, as the service rules (counselling._may_read): every session's notes with the
        permission; a session's they held themselves; of the others only the date and the counsellor."""
        if self.actor.can(Permission.READ_COUNSELLING_NOTES):
            return "counselling.hint_reader"
        # A teacher reads the sessions they held: say so when the list holds one, or, with none listed yet,
        # to whoever records sessions (their own would be theirs to read).
        if any(not r.restricted for r in rows) or (not rows and self.actor.can(Permission.LOG_CARE)):
            return "counselling.hint_own"
        return "counselling.hint"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record":
            return self.actor.can(Permission.LOG_CARE)
        if action in ("correct", "withdraw"):  # shown only on a session the actor may read (the service decides)
            row = self.current() if self.is_mounted else None
            return self.actor.can(Permission.LOG_CARE) and row is not None and not row.restricted and not row.withdrawn
        return True

    @on(DataTable.RowHighlighted, "#counselling-table")
    def _highlighted(self) -> None:
        self.screen.refresh_bindings()

    def palette_commands(self):
        if self.actor.can(Permission.LOG_CARE):
            yield PaletteCommand(t("counselling.key.record"), t("counselling.palette_help"), self.action_record)

    def reload(self) -> None:
        self.run_service(counselling.sessions, self.actor, pupil_id=self.pupil_id, then=self.Loaded,
                         group="counselling")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        rows = message.rows
        self.rows = {str(r.id): r for r in rows}
        taken = [r for r in rows if not r.withdrawn]
        head = t("counselling.summary", n=len(taken))
        if self.pupil_name:
            head = t("counselling.summary_pupil", name=self.pupil_name, n=len(taken))
        self.query_one("#counselling-summary", Static).update(head)
        self.query_one("#counselling-hint", Static).update(t(self.hint_key(rows)))
        table = self.query_one("#counselling-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*(t(f"counselling.col.{c}") for c in COLUMNS))
        for r in rows:
            if r.restricted:
                about = Text(t("counselling.ask", who=r.counsellor or "—"), style="italic")
                table.add_row(Text(r.date.isoformat()), Text(r.pupil_name), Text(r.class_name), Text(r.counsellor),
                              about, Text(""), Text(""), key=str(r.id))
                continue
            state = t("counselling.withdrawn") if r.withdrawn else (t("counselling.referred") if r.referred else "")
            table.add_row(Text(r.date.isoformat()), Text(r.pupil_name), Text(r.class_name), Text(r.counsellor),
                          Text(topic_text(self.settings, r.topic)), Text(text_of(r.follow_up_on)), Text(state),
                          key=str(r.id))
        if not rows:
            table.add_row(Text(t("counselling.empty")), *(Text("") for _ in COLUMNS[1:]), key="none")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.screen.refresh_bindings()

    def current(self) -> SessionRow | None:
        return self.rows.get(cursor_key(self.query_one("#counselling-table", DataTable)) or "")

    @on(DataTable.RowSelected, "#counselling-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _readable(self) -> SessionRow | None:
        row = self.current()
        if row is None:
            self.notify(t("counselling.pick"), severity="warning")
            return None
        if row.restricted:
            # Only that it took place is theirs to know; the service would refuse the notes the same way.
            self.notify(t("counselling.restricted_notice", who=row.counsellor or "—"), severity="warning")
            return None
        return row

    def action_open(self) -> None:
        self._fetch("view")

    def action_correct(self) -> None:
        self._fetch("correct")

    def _fetch(self, then: str) -> None:
        row = self._readable()
        if row is not None:
            self.run_service(counselling.open_session, self.actor, row.id,
                             then=lambda detail: self.Opened(detail, then), group="counselling-open")

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        if message.then == "view":
            self.app.push_screen(SessionView(message.detail), self._after_view)
        elif message.detail.row.withdrawn or not message.detail.may_correct:
            self.notify(t("counselling.not_correctable"), severity="warning")
        else:
            self.app.push_screen(SessionDialog(self.actor, detail=message.detail), self._saved("counselling.saved_edit"))

    def _after_view(self, then: str | None) -> None:
        if then == "correct":
            self.action_correct()
        elif then == "withdraw":
            self.action_withdraw()

    def _saved(self, key: str):
        def done(result) -> None:
            if result:
                self.notify(t(key))
        return done

    def action_record(self) -> None:
        if self.actor.can(Permission.CORRECT_ANY_RECORD):  # the coordinator may name the counsellor
            self.run_service(counselling.counsellor_choices, self.actor, then=self.CounsellorsLoaded,
                             group="counselling-staff")
        else:
            self._record([])

    @on(CounsellorsLoaded)
    def _counsellors(self, message: CounsellorsLoaded) -> None:
        self._record(message.staff)

    def _record(self, staff: list[tuple[str, int]]) -> None:
        self.app.push_screen(SessionDialog(self.actor, pupil_id=self.pupil_id, pupil_name=self.pupil_name,
                                           staff=staff), self._saved("counselling.saved"))

    def action_withdraw(self) -> None:
        row = self._readable()
        if row is None:
            return
        if row.withdrawn:
            self.notify(t("counselling.not_correctable"), severity="warning")
            return
        what = f"{row.date.isoformat()} {row.pupil_name} {topic_text(self.settings, row.topic)}（{row.counsellor}）"
        self.app.push_screen(SessionWithdrawDialog(self.actor, row.id, what), self._saved("counselling.saved_withdrawn"))


class SessionDialog(CareDialog):
    """A session recorded (for the pupil given, or typed by student number or name), or corrected (`detail`)."""

    def __init__(self, actor: Actor, *, pupil_id: int | None = None, pupil_name: str = "",
                 detail: SessionDetail | None = None, staff: list[tuple[str, int]] = ()) -> None:
        super().__init__(actor)
        self.pupil_id, self.pupil_name, self.detail, self.staff = pupil_id, pupil_name, detail, list(staff)

    def compose(self) -> ComposeResult:
        d = self.detail
        r = d.row if d else None
        topics = [(label(topic.name), topic.id) for topic in self.settings.counselling_topics]
        with VerticalScroll(classes="dialog", id="counselling-form"):
            if r is not None:
                title = t("counselling.edit_title", name=r.pupil_name)
            elif self.pupil_id:
                title = t("counselling.title_for", name=self.pupil_name)
            else:
                title = t("counselling.title")
            yield Label(title, classes="dialog-title", markup=False)
            if r is None and not self.pupil_id:
                yield FormField(t("counselling.field.pupil"), Input(placeholder=t("counselling.pupil_hint"),
                                                                    id="pupil"), name="pupil")
            yield field("date", Input(text_of(r.date) if r else clock.today().isoformat(), id="date"),
                        t("care.date_hint"))
            yield FormField(t("counselling.field.topic"), Select(
                topics, value=r.topic if r and r.topic else Select.NULL, prompt=t("counselling.pick_topic"), id="topic"),
                name="topic")
            yield FormField(t("counselling.field.notes"), Input(d.notes if d else "", id="notes"), name="notes")
            yield FormField(t("field.referral"), Select([(t(f"counselling.referral.{c}"), c) for c in REFERRALS],
                                                        value=d.referral if d else "none", allow_blank=False,
                                                        id="referral"), name="referral")
            yield FormField(t("field.referral_note"), Input(d.referral_note if d else "", id="referral_note",
                                                            placeholder=t("counselling.referral_hint")),
                            name="referral_note")
            yield FormField(t("field.follow_up_on"), Input(text_of(r.follow_up_on) if r else "", id="follow_up_on",
                                                           placeholder=t("care.date_hint")), name="follow_up_on")
            if r is None and self.staff:
                yield FormField(t("field.counsellor"), Select(self.staff, prompt=t("counselling.me"),
                                                              id="counsellor"), name="counsellor")
            if r is None:
                yield late_entry_field()
            else:
                yield field("edit_reason", Input(id="edit_reason"))
            yield Static(t("counselling.form_note"), classes="hint", markup=False)
            yield from self.buttons()

    def collect(self) -> dict:
        values = {"date": self.value("date"), "topic": self.choice("topic"), "notes": self.value("notes"),
                  "referral": self.choice("referral", "none"), "referral_note": self.value("referral_note"),
                  "follow_up_on": self.value("follow_up_on") or None}
        if self.detail is not None:
            values["reason"] = self.value("edit_reason")
            return values
        if not self.pupil_id:
            values["pupil"] = self.value("pupil")
        if self.staff:
            values["counsellor_id"] = self.choice("counsellor", None)
        values["backdate_reason"] = self.late_reason()
        return values

    def service(self, values: dict):
        if self.detail is not None:
            return counselling.correct_session(self.actor, self.settings, self.detail.row.id, **values)
        pupil_id = self.pupil_id or counselling.find_pupil(self.actor, values.pop("pupil", ""))[0]
        return counselling.record_session(self.actor, self.settings, SessionDraft(pupil_id, **values),
                                          backdate_days=self.settings.backdate_days)


class SessionWithdrawDialog(WithdrawDialog):
    def __init__(self, actor: Actor, session_id: int, what: str) -> None:
        super().__init__(actor, "counselling_session", session_id, what)

    def service(self, reason_text: str):
        counselling.withdraw_session(self.actor, self.record_id, reason_text)
        return True


class SessionView(Dialog[str]):
    """An opened session, notes and referral included; dismisses with "correct" or "withdraw" when asked."""

    BINDINGS = [
        Binding("e", "then('correct')", N_("counselling.key.correct"), id="counselling.view.correct"),
        Binding("x", "then('withdraw')", N_("counselling.key.withdraw"), id="counselling.view.withdraw"),
    ]
    AUTO_FOCUS = "#close"

    def __init__(self, detail: SessionDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        d, r = self.detail, self.detail.row
        referral = t(f"counselling.referral.{d.referral}") + (f"：{d.referral_note}" if d.referral_note else "")
        lines = [
            t("counselling.view.when", date=r.date.isoformat(), who=r.counsellor or "—", recorder=d.recorded_by or "—"),
            t("counselling.view.topic", topic=topic_text(self.settings, r.topic)),
            t("counselling.view.notes", notes=d.notes or "—"),
            t("counselling.view.referral", referral=referral),
            t("counselling.view.follow_up", date=text_of(r.follow_up_on) or "—"),
        ]
        if r.withdrawn:
            lines.append(t("counselling.view.withdrawn", reason=r.withdrawn_reason))
        with VerticalScroll(classes="dialog", id="counselling-view"):
            yield Label(t("counselling.view.title", name=r.pupil_name), classes="dialog-title", markup=False)
            yield Static("\n".join(lines), id="counselling-detail", markup=False)
            yield Static(t("counselling.view.audited"), classes="hint", markup=False)
            yield Button(t("common.close"), id="close")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "then":
            return self.detail.may_correct and not self.detail.row.withdrawn
        return True

    def action_then(self, what: str) -> None:
        self.dismiss(what)

    def on_button_pressed(self, event) -> None:
        if event.button.id == "close":
            self.dismiss(None)


class CounsellingScreen(ServiceCalls, Screen[None]):
    """One pupil's counselling sessions, opened from their file (Escape goes back to it)."""

    BINDINGS = [Binding("escape", "close", N_("common.close"), id="counselling.close")]

    def __init__(self, pupil_id: int, pupil_name: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.pupil_id, self.pupil_name = pupil_id, pupil_name

    def compose(self) -> ComposeResult:
        yield SchoolHeader(t("counselling.screen_title", name=self.pupil_name))
        with Vertical(id="area-body"):
            yield CounsellingPane(self.pupil_id, self.pupil_name)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CounsellingPane).focus_default()

    def on_screen_resume(self) -> None:  # shown first, and back from each dialog: the list as it stands
        self.query_one(CounsellingPane).reload()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        self.notify(message.text, severity="error", title=t("error.title"))
