"""Class dialogs (Admin → 班级): add a class, rename it, set its homeroom teacher, retire it."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain.registry import ClassEntry, HomeroomSpell, StaffDetail
from schoolcare.domain.roles import Actor
from schoolcare.i18n import t
from schoolcare.services.registry import classes
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog

LEADS = ("teacher", "coordinator")


def homeroom_choices(staff: list[StaffDetail]) -> list[tuple[str, int]]:
    return [(f"{s.name} ({s.login})", s.id) for s in staff if s.active and s.role in LEADS]


class AddClassDialog(Dialog):
    """A new class: its name (三年级(2)班), the grade when the name does not say it, its homeroom teacher."""

    def __init__(self, actor: Actor, staff: list[StaffDetail]) -> None:
        super().__init__()
        self.actor = actor
        self.staff = staff

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="add-class"):
            yield Label(t("registry.class.add_title"), classes="dialog-title")
            yield FormField(t("field.class_name"), Input(id="name", placeholder="三年级(2)班"), name="name")
            yield FormField(t("registry.class.grade"), Input(id="grade"), name="grade")
            yield FormField(t("audit.field.homeroom_teacher_id"),
                            Select(homeroom_choices(self.staff), id="homeroom", prompt=t("common.none")),
                            name="homeroom")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        homeroom = self.query_one("#homeroom", Select).value
        self.run_service(classes.create_class, self.actor, self.query_one("#name", Input).value,
                         self.query_one("#grade", Input).value.strip() or None,
                         homeroom if isinstance(homeroom, int) else None,
                         then=self.Saved, failed=self.Failed, group="dialog")


class RenameClassDialog(Dialog):
    def __init__(self, actor: Actor, entry: ClassEntry) -> None:
        super().__init__()
        self.actor = actor
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="rename-class"):
            yield Label(t("registry.class.rename_title", name=self.entry.name), classes="dialog-title", markup=False)
            yield FormField(t("field.class_name"), Input(self.entry.name, id="name"), name="name")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        self.run_service(classes.rename_class, self.actor, self.entry.id, self.query_one("#name", Input).value,
                         then=lambda _: self.Saved(True), failed=self.Failed, group="dialog")


class HomeroomDialog(Dialog):
    """Set or replace the homeroom teacher from today; the one before keeps their dated term."""

    def __init__(self, actor: Actor, entry: ClassEntry, staff: list[StaffDetail]) -> None:
        super().__init__()
        self.actor = actor
        self.entry = entry
        self.staff = staff

    def compose(self) -> ComposeResult:
        choices = homeroom_choices(self.staff)
        current = self.entry.homeroom_teacher_id if any(v == self.entry.homeroom_teacher_id for _, v in choices) \
            else Select.NULL
        with VerticalScroll(classes="dialog", id="set-homeroom"):
            yield Label(t("registry.class.homeroom_title", name=self.entry.name), classes="dialog-title",
                        markup=False)
            yield FormField(t("audit.field.homeroom_teacher_id"),
                            Select(choices, value=current, id="homeroom", prompt=t("common.none")), name="homeroom")
            yield FormField(t("field.reason"), Input(id="reason"), name="reason")
            yield Static("", id="homeroom-history", markup=False)
            yield from self.buttons()

    class HistoryLoaded(Message):
        def __init__(self, spells: list[HomeroomSpell]) -> None:
            super().__init__()
            self.spells = spells

    def on_mount(self) -> None:
        self.run_service(classes.homeroom_history, self.actor, self.entry.id, then=self.HistoryLoaded,
                         group="history")

    @on(HistoryLoaded)
    def _show_history(self, message: HistoryLoaded) -> None:
        lines = [t("registry.class.history_line", teacher=s.teacher, start=s.start_on.isoformat(),
                   end=s.end_on.isoformat() if s.end_on else t("registry.class.until_now"),
                   reason=f" {s.reason}" if s.reason else "")
                 for s in message.spells]
        self.query_one("#homeroom-history", Static).update(
            "\n".join([t("registry.class.history"), *lines]) if lines else "")

    def save(self) -> None:
        self.clear_errors()
        homeroom = self.query_one("#homeroom", Select).value
        self.run_service(classes.set_homeroom, self.actor, self.entry.id,
                         homeroom if isinstance(homeroom, int) else None, self.query_one("#reason", Input).value,
                         then=self.Saved, failed=self.Failed, group="dialog")


class RetireClassDialog(Dialog):
    """Retire a class that no longer runs (refused while it has pupils); its history stays."""

    AUTO_FOCUS = "#save"

    def __init__(self, actor: Actor, entry: ClassEntry) -> None:
        super().__init__()
        self.actor = actor
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="retire-class"):
            yield Label(t("registry.class.retire_title", name=self.entry.name), classes="dialog-title",
                        markup=False)
            yield Label(t("registry.class.retire_help"), markup=False)
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        self.run_service(classes.retire_class, self.actor, self.entry.id, then=lambda _: self.Saved(True),
                         failed=self.Failed, group="dialog")
