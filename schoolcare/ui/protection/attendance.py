"""The attendance tab (考勤): a class's register for a day on one screen. Everyone is present until marked; Enter
marks a pupil absent (事假/病假/无故旷课, with a note), Space toggles 无故旷课, Ctrl+S saves the day — on an
all-present day that is the only key after opening the tab. [ and ] move a school day back and forth."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.dropouts import ABSENCE_KINDS, is_school_day
from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.services.protection import attendance
from schoolcare.services.protection.attendance import AbsenceEntry, ClassRegister, DayResult
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import FormField, Table, cursor_key
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.protection.pane import ProtectionPane
from schoolcare.ui.protection.wording import ERROR_STYLE
from schoolcare.ui.worker import ServiceFailed

PRESENT = "present"


def _weekday(day: dt.date) -> str:
    return t(f"attendance.weekday.{day.weekday()}")


class AbsenceDialog(Dialog[tuple[str, str]]):
    """One pupil's mark for the day: present, or absent of a kind with a note. Dismisses with (kind, note)."""

    AUTO_FOCUS = "#kind"

    def __init__(self, name: str, day: dt.date, kind: str | None, note: str) -> None:
        super().__init__()
        self.pupil_name, self.day, self.kind, self.note = name, day, kind, note

    def compose(self) -> ComposeResult:
        choices = [(t(f"attendance.kind.{k}"), k) for k in ABSENCE_KINDS] + [(t("attendance.present"), PRESENT)]
        with VerticalScroll(classes="dialog", id="absence-form"):
            yield Label(t("attendance.mark_title", name=self.pupil_name, date=self.day.isoformat()),
                        classes="dialog-title", markup=False)
            yield FormField(t("attendance.col.kind"), Select(choices, value=self.kind or "unexcused",
                                                              allow_blank=False, id="kind"), name="kind")
            yield FormField(t("attendance.col.note"), Input(self.note, id="note"), name="absence_note")
            yield from self.buttons()

    def save(self) -> None:
        self.dismiss((str(self.query_one("#kind", Select).value), self.query_one("#note", Input).value))


class AttendancePane(ProtectionPane):
    """The register of the class the teacher leads (the coordinator picks any class)."""

    BINDINGS = [
        Binding("enter", "mark", N_("attendance.key.mark"), id="protection.attendance.mark"),
        Binding("space", "toggle", N_("attendance.key.toggle"), id="protection.attendance.toggle"),
        Binding("ctrl+s", "save", N_("attendance.key.save"), id="protection.attendance.save"),
        Binding("left_square_bracket", "day(-1)", N_("attendance.key.earlier"), id="protection.attendance.earlier"),
        Binding("right_square_bracket", "day(1)", N_("attendance.key.later"), id="protection.attendance.later"),
    ]

    class Classes(Message):
        def __init__(self, classes) -> None:
            super().__init__()
            self.classes = classes

    class Loaded(Message):
        def __init__(self, register: ClassRegister) -> None:
            super().__init__()
            self.register = register

    class Saved(Message):
        def __init__(self, result: DayResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.day = self._school_day_from(clock.today(), -1)
        self.class_id: int | None = None
        self.register: ClassRegister | None = None
        self.marks: dict[int, tuple[str, str]] = {}  # pupil id → (kind, note): the draft being edited
        self.dirty = False
        self.no_class = False  # the teacher leads no class: no register, and none of its keys

    def compose(self) -> ComposeResult:
        with Horizontal(id="attendance-bar"):
            yield Select([], prompt=t("attendance.pick_class"), id="attendance-class")
        yield Pending(id="attendance-heading", classes="area-heading")
        yield Table(id="attendance-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("attendance.hint"), id="attendance-hint", markup=False, classes="hint")

    def _school_day_from(self, day: dt.date, step: int) -> dt.date:
        """`day` if school is on, else the nearest school day in direction `step` (within a month)."""
        for _ in range(31):
            if is_school_day(self.settings.calendar, day):
                return day
            day += dt.timedelta(days=step)
        return day

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "toggle", "save", "day"):
            return self.actor.can(Permission.LOG_CARE) and not self.no_class
        return True

    def palette_commands(self):
        if self.actor.can(Permission.LOG_CARE) and not self.no_class:
            yield PaletteCommand(t("attendance.palette"), t("attendance.palette_help"), self._show_me)

    def _show_me(self) -> None:
        self.screen.show("attendance")

    def reload(self) -> None:
        if self.class_id is None:
            self.run_service(attendance.register_classes, self.actor, then=self.Classes, group="attendance-classes")
            return
        self.run_service(attendance.class_register, self.actor, self.settings, self.class_id, self.day,
                         then=self.Loaded, group="attendance")

    @on(Classes)
    def _classes(self, message: Classes) -> None:
        select = self.query_one("#attendance-class", Select)
        choices = [(c.name, c.id) for c in message.classes]
        select.set_options(choices)
        select.display = len(choices) > 1
        self.no_class = not choices
        self.query_one("#attendance-hint", Static).display = bool(choices)  # its keys are not there either
        self.screen.refresh_bindings()
        if not choices:
            self.query_one("#attendance-heading", Static).update(t("attendance.no_class"))
            landed = getattr(self.screen, "no_register", None)
            if landed is not None:
                landed()  # a teacher who leads no class has nothing to do here: the area opens on incidents
            return
        self.class_id = choices[0][1]
        select.value = self.class_id
        self.reload()

    @on(Select.Changed, "#attendance-class")
    def _class_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.class_id:
            return
        self.class_id = int(event.value)
        self.reload()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        register, before = message.register, self.register
        same_day = before is not None and (before.class_id, before.date) == (register.class_id, register.date)
        self.register = register
        # The area reloads the tab whenever a dialog closes: a draft being marked is kept, not overwritten.
        if not (self.dirty and same_day):
            self.marks = {r.pupil_id: (r.kind, r.note) for r in register.rows if r.kind}
            self.dirty = False
        self._show()

    def _show(self) -> None:
        register = self.register
        if register is None:
            return
        heading = self.query_one("#attendance-heading", Static)
        words = t("attendance.heading", class_name=register.class_name, date=register.date.isoformat(),
                  weekday=_weekday(register.date), absent=len(self.marks), total=len(register.rows))
        if register.closed_reason:
            state = t(f"attendance.closed.{register.closed_reason}")
        elif self.dirty:
            state = t("attendance.unsaved")
        elif register.taken:
            state = t("attendance.taken") if self.marks else t("attendance.taken_all_present")
        else:
            state = t("attendance.not_taken")
        heading.update(f"{words} · {state}")
        heading.set_class(bool(self.dirty or not register.taken), "problem")
        table = self.query_one("#attendance-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("attendance.col.student_no"), t("attendance.col.name"), t("attendance.col.kind"),
                          t("attendance.col.note"))
        for row in register.rows:
            kind, note = self.marks.get(row.pupil_id, (None, ""))
            style = ERROR_STYLE if kind == "unexcused" else ""
            table.add_row(Text(row.student_no), Text(row.name, style=style),
                          Text(t(f"attendance.kind.{kind}") if kind else t("attendance.present"), style=style),
                          Text(note), key=str(row.pupil_id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _current(self):
        key = cursor_key(self.query_one("#attendance-table", DataTable))
        if self.register is None or key is None:
            return None
        return next((r for r in self.register.rows if r.pupil_id == int(key)), None)

    @on(DataTable.RowSelected, "#attendance-table")
    def _selected(self) -> None:
        self.action_mark()

    def action_mark(self) -> None:
        row = self._current()
        if row is None or not self.actor.can(Permission.LOG_CARE):
            return
        kind, note = self.marks.get(row.pupil_id, (None, ""))

        def marked(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._set(row.pupil_id, *result)

        self.app.push_screen(AbsenceDialog(row.name, self.day, kind, note), marked)

    def action_toggle(self) -> None:
        row = self._current()
        if row is None:
            return
        kind, note = self.marks.get(row.pupil_id, (None, ""))
        self._set(row.pupil_id, PRESENT if kind else "unexcused", note)

    def _set(self, pupil_id: int, kind: str, note: str) -> None:
        if kind == PRESENT:
            self.marks.pop(pupil_id, None)
        else:
            self.marks[pupil_id] = (kind, note)
        self.dirty = True
        self._show()

    def action_day(self, step: int) -> None:
        if self.dirty:
            self.notify(t("attendance.save_first"), severity="warning")
            return
        day = self._school_day_from(self.day + dt.timedelta(days=step), step)
        if day > clock.today():
            return
        self.day = day
        self.reload()

    def action_save(self) -> None:
        if self.class_id is None or self.register is None:
            return
        entries = [AbsenceEntry(pid, kind, note) for pid, (kind, note) in self.marks.items()]
        self.run_service(attendance.record_day, self.actor, self.settings, self.class_id, self.day, entries,
                         then=self.Saved, group="attendance-save")

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dirty = False
        absent = len(self.marks)
        self.notify(t("attendance.saved_all_present") if not absent else t("attendance.saved", absent=absent))
        if message.result.cases_opened:
            self.notify(t("attendance.cases_opened", n=len(message.result.cases_opened)), severity="warning")
        self.reload()

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(message.text, severity="error", title=t("error.title"))

