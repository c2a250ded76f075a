"""The ledger export dialog: the school's master ledger, a class's detail or a teacher's care record, as .xlsx or .csv."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.records import ClassRow
from schoolcare.domain.registry import TeacherLoad
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import label, language, reason, t
from schoolcare.services.accounts import school
from schoolcare.services.registry import assignments, ledgers
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.export_dialog import ExportDialog

KINDS = ("school", "class", "teacher")


def ledger_choices(actor: Actor) -> tuple[list[ClassRow], list[TeacherLoad]]:
    """The classes and the care teachers a ledger may be asked for (a teacher: their own care record only)."""
    classes = school.list_classes(actor, include_retired=False)
    if actor.can(Permission.VIEW_ALL_PUPILS):
        return classes, list(assignments.coverage(actor).loads)
    return classes, [TeacherLoad(actor.staff_id, actor.name, actor.login, "", 0, 0)]


class LedgerDialog(ExportDialog):
    """Which ledger, which term, which format, where to; the export is audited by the service."""

    class ChoicesLoaded(Message):
        def __init__(self, classes: list[ClassRow], teachers: list[TeacherLoad]) -> None:
            super().__init__()
            self.classes = classes
            self.teachers = teachers

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def compose(self) -> ComposeResult:
        calendar = self.settings.calendar
        current = calendar.current_or_last(clock.today())
        with VerticalScroll(classes="dialog", id="ledger-form"):
            yield Label(t("pupils.ledger.title"), classes="dialog-title")
            yield FormField(t("pupils.ledger.kind"), Select([(t(f"pupils.ledger.kind_{k}"), k) for k in KINDS],
                                                            value="school", allow_blank=False, id="kind"), name="ledger")
            yield FormField(t("pupils.col.class"), Select([], id="class", prompt=t("pupils.form.choose")), name="class")
            yield FormField(t("pupils.col.care_teacher"), Select([], id="teacher", prompt=t("pupils.form.choose")),
                            name="teacher")
            yield FormField(t("pupils.ledger.term"), Select([(label(term.name), term.id) for term in calendar.terms],
                                                            value=current.id, allow_blank=False, id="term"), name="term")
            yield self.format_field()
            yield self.path_field()
            yield Static(t("pupils.ledger.audit_note"), classes="hint", markup=False)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.run_service(ledger_choices, self.actor, then=lambda choices: self.ChoicesLoaded(*choices),
                         failed=self.Failed, group="dialog-choices")

    @on(ChoicesLoaded)
    def _choices(self, message: ChoicesLoaded) -> None:
        self.query_one("#class", Select).set_options([(c.name, c.id) for c in message.classes])
        teacher = self.query_one("#teacher", Select)
        teacher.set_options([(load.name, load.staff_id) for load in message.teachers])
        if len(message.teachers) == 1:
            teacher.value = message.teachers[0].staff_id

    def choices_changed(self) -> None:
        kind = self.query_one("#kind", Select).value
        self.query_one("#field-class", FormField).display = kind == "class"
        self.query_one("#field-teacher", FormField).display = kind == "teacher"

    def file_name(self) -> str:
        name = t(f"pupils.ledger.file_{self.query_one('#kind', Select).value}")
        return f"{name}-{self.query_one('#term', Select).value}.{self.chosen_format}"

    def save(self) -> None:
        self.clear_errors()
        kind = self.query_one("#kind", Select).value
        options: dict[str, int | None] = {"class_id": None, "teacher_id": None}
        for name, select_id in (("class_id", "class"), ("teacher_id", "teacher")):
            if kind == select_id:
                value = self.query_one(f"#{select_id}", Select).value
                if value is Select.NULL:
                    self.query_one(f"#field-{select_id}", FormField).set_error(reason("required"))
                    return
                options[name] = int(value)
        path = self.target()
        if path is None:
            return
        term = self.settings.calendar.term(str(self.query_one("#term", Select).value))
        self.run_service(ledgers.export_ledger, self.actor, path, self.chosen_format, language(), term, **options,
                         then=lambda files: self.delivered("pupils.ledger.written", files), failed=self.Failed,
                         group="dialog")
