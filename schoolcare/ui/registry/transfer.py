"""Transfers on screen: the 转入学生 dialog (find by 全国学籍号, confirm who it is, class and date), the lines a pupil's
file and list show for a move (已转至 X（D） / 转自 X（D）), and the old school's records read from the new one."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from schoolcare.domain import clock, validation
from schoolcare.domain.records import ClassRow
from schoolcare.domain.registry import PupilFile, PupilRow
from schoolcare.domain.roles import Actor
from schoolcare.domain.transfers import Move, OldHistory, TransferCandidate
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.county import transfers
from schoolcare.services.registry import pupil_file
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import FormField, Table, plain
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.registry.wording import gender_text, status_text
from schoolcare.ui.worker import explain, field_message

# ---------------------------------------------------------------- the lines a file and the list show

def move_line(move: Move) -> str:
    """已转至 X（D） on the old record; 转自 X（D） on the new one, with the key that opens the old school's records."""
    if move.direction == "out":
        return t("transfer.moved_out", school=move.school, date=move.moved_on.isoformat())
    return f"{t('transfer.moved_in', school=move.school, date=move.moved_on.isoformat())}  {t('transfer.open_history')}"


def left_text(row: PupilRow) -> str:
    """The list's 提醒 for a pupil who has left: 已转至 X（D） for a transfer within the database, else the status and
    date ("" for an enrolled pupil)."""
    if row.status == "enrolled":
        return ""
    if row.moved_to and row.left_on:
        return t("transfer.moved_out", school=row.moved_to, date=row.left_on.isoformat())
    if row.left_on:
        return t("transfer.left", status=status_text(row.status), date=row.left_on.isoformat())
    return status_text(row.status)


def file_with_moves(actor: Actor, pupil_id: int, term_end) -> tuple[PupilFile, tuple[Move, ...]]:
    """The pupil file and its transfers, in one worker."""
    return pupil_file.pupil_file(actor, pupil_id, term_end), transfers.moves(actor, pupil_id)


# ---------------------------------------------------------------- 转入学生

class TransferDialog(Dialog[int]):
    """转入学生: the national student number finds the enrolled pupil of another school (shown to confirm who it is);
    the class here and the day they come (today unless changed); saved, dismissed with the new record's id."""

    CHECKS_AS_TYPED = True  # the number's field says itself what is wrong with it, as it is typed

    class Found(Message):
        def __init__(self, typed: str, found: TransferCandidate) -> None:
            super().__init__()
            self.typed = typed
            self.found = found

    class LookupFailed(Message):
        def __init__(self, typed: str, error: BaseException) -> None:
            super().__init__()
            self.typed = typed
            self.error = error

    class ClassesLoaded(Message):
        def __init__(self, classes: list[ClassRow]) -> None:
            super().__init__()
            self.classes = classes

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.found: TransferCandidate | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="transfer-form"):
            yield Label(t("transfer.form.title"), classes="dialog-title")
            yield Static(t("transfer.form.explain"), classes="hint", markup=False)
            yield FormField(t("pupils.field.national_id"),
                            Input(id="national_id", placeholder=t("pupils.form.national_id_hint")), name="national_id")
            yield Static(t("transfer.form.type_number"), id="transfer-found", markup=False)
            yield FormField(t("pupils.field.class_id"), Select([], id="class_id", prompt=t("pupils.form.choose")),
                            name="class_id")
            yield FormField(t("transfer.form.date"), Input(clock.today().isoformat(), id="on",
                                                           placeholder=t("pupils.form.date_hint")), name="on")
            yield FormField(t("pupils.field.student_no"),
                            Input(id="student_no", placeholder=t("transfer.form.student_no_hint")), name="student_no")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("transfer.form.confirm"), variant="primary", id="save")
                yield Button(t("common.cancel"), id="cancel")
            yield Static("", id="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.run_service(school.list_classes, self.actor, include_retired=False, then=self.ClassesLoaded,
                         failed=self.Failed, group="dialog-classes")

    @on(ClassesLoaded)
    def _classes(self, message: ClassesLoaded) -> None:
        self.query_one("#class_id", Select).set_options([(c.name, c.id) for c in message.classes])
        self.remember_values()  # the loaded choices are not a change of the user's

    def _field(self, name: str) -> FormField:
        return next(f for f in self.query(FormField) if f.field_name == name)

    @on(Input.Changed, "#national_id")
    def _look_up(self, event: Input.Changed) -> None:
        """A whole, valid number is looked up at once; a wrong one says why when it is long enough to be one."""
        self.found = None
        shown = self.query_one("#transfer-found", Static)
        shown.update(t("transfer.form.type_number"))
        shown.remove_class("found")
        field = self._field("national_id")
        field.set_error("")
        try:
            number = validation.national_id(event.value)
        except validation.InvalidField as error:
            if len(validation.normalise_text(event.value).replace(" ", "")) >= 19:
                field.set_error(field_message(error))
            return
        if number:
            shown.update(t("transfer.form.looking"))
            self.run_service(transfers.find, self.actor, number, then=lambda found: self.Found(event.value, found),
                             failed=lambda error: self.LookupFailed(event.value, error), group="transfer-find")

    def _current(self, typed: str) -> bool:
        return self.query_one("#national_id", Input).value == typed  # an answer to what is still typed

    @on(Found)
    def _found(self, message: Found) -> None:
        if not self._current(message.typed):
            return
        self.found = found = message.found
        shown = self.query_one("#transfer-found", Static)
        shown.update(t("transfer.form.found", name=found.name, gender=gender_text(found.gender),
                       birth_date=found.birth_date.isoformat(), school=found.school,
                       class_name=found.class_name or "—"))
        shown.add_class("found")

    @on(LookupFailed)
    def _not_found(self, message: LookupFailed) -> None:
        if self._current(message.typed):
            self.query_one("#transfer-found", Static).update("")
            self._field("national_id").set_error(explain(message.error))

    def save(self) -> None:
        self.clear_errors()
        if self.found is None:
            self._field("national_id").set_error(t("transfer.form.find_first"))
            self.point_at_errors()
            return
        class_id = self.query_one("#class_id", Select).value
        self.run_service(transfers.transfer_in, self.actor, self.found.national_id,
                         None if class_id is Select.NULL else class_id, self.query_one("#on", Input).value,
                         self.query_one("#student_no", Input).value, then=self.Saved, failed=self.Failed,
                         group="dialog")


# ---------------------------------------------------------------- the old school's records, read-only

class OldHistoryScreen(ServiceCalls, ModalScreen[None]):
    """What the old school recorded about a pupil who moved here: its situation notes and care records, read-only
    (the service audits each opening at both schools)."""

    BINDINGS = [Binding("escape", "close", N_("common.close"), id="old_history.close")]

    class Loaded(Message):
        def __init__(self, history: OldHistory) -> None:
            super().__init__()
            self.history = history

    class Failed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self, actor: Actor, pupil_id: int) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.actor = actor
        self.pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="old-history"):
            yield Pending(id="old-history-title", classes="dialog-title")
            yield Static("", id="old-history-notes", markup=False)
            yield Table(id="old-history-records", cursor_type="row", zebra_stripes=True)
            yield Button(t("common.close"), id="close")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("date", "kind", "summary", "by"):
            table.add_column(t(f"pupils.timeline.{key}"), key=key)
        self.run_service(transfers.old_history, self.actor, self.pupil_id, then=self.Loaded, failed=self.Failed,
                         group="old-history")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        h = message.history
        self.query_one("#old-history-title", Pending).update(
            t("transfer.history.title", name=h.name, school=h.school, date=h.moved_on.isoformat()))
        notes = [t("keyboard.text.note", head=t(f"pupils.aspect.{n.aspect}"), date=n.noted_on.isoformat(),
                   author=n.author or "—", text=n.text) for n in h.notes]
        self.query_one("#old-history-notes", Static).update("\n".join(notes) or t("pupils.notes.none"))
        table = self.query_one(DataTable)
        for n, entry in enumerate(h.timeline):
            summary = entry.summary + (t("pupils.timeline.withdrawn") if entry.withdrawn else "")
            table.add_row(plain(entry.date.isoformat()), plain(t(f"pupils.kind.{entry.kind}")), plain(summary),
                          plain(entry.by), key=str(n))
        if not h.timeline:
            table.add_row(plain(""), plain(t("pupils.timeline.empty")), plain(""), plain(""))
        table.focus()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(explain(message.error), severity="error")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
