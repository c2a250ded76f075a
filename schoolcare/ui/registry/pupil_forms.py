"""Edit forms of the pupil file: the pupil, a guardian, a situation note; each field is checked as it is typed."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static, TextArea

from schoolcare.domain import clock, pupil_forms
from schoolcare.domain.records import ClassRow
from schoolcare.domain.registry import ASPECTS, STATUSES, GuardianRow, PupilFile, PupilProfile
from schoolcare.domain.roles import Actor
from schoolcare.domain.validation import InvalidField
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.registry import pupils
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit import FormField, Table, plain
from schoolcare.ui.kit import field as kit_field
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.form import Tick, recount_errors
from schoolcare.ui.registry.wording import relation_text, status_text
from schoolcare.ui.worker import field_message

RELATIONS = ("father", "mother", "grandfather", "grandmother", "other")
CAPACITIES = ("full", "limited", "none")
PUPIL_TEXT = ("student_no", "national_id", "name", "birth_date", "address", "special_needs", "health_notes",
              "peer_helper", "caring_parent", "enrolled_on", "left_on")
PUPIL_FLAGS = ("boarding", "in_difficulty", "migrant", "poverty")
GUARDIAN_TEXT = ("name", "age", "phone", "address", "work_place", "occupation")
GUARDIAN_FLAGS = ("away", "day_to_day", "entrusted")


def _field(name: str, widget, hint: str = "") -> FormField:
    return kit_field(name, widget, hint, words="pupils.field")


class CheckedDialog(Dialog):
    """A Dialog whose inputs are checked on every keystroke by `check(name, value)` (raises InvalidField).

    Saving reads `values()`, checks them all and hands them to `store(values)` (a service call) only when all pass;
    otherwise every field at fault is marked and the first one focused.
    """

    CHECKS_AS_TYPED = True

    def check(self, name: str, value: str) -> None:
        raise NotImplementedError

    @on(Input.Changed)
    def _check_as_typed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        field = next((f for f in self.query(FormField) if f.field_name == name), None)
        if field is None:
            return
        was_invalid = field.invalid
        try:
            self.check(name, event.value)
        except InvalidField as error:
            field.set_error(field_message(error))
        except (KeyError, ValueError):
            return
        else:
            field.set_error("")
        if was_invalid != field.invalid:
            recount_errors(self, self.error_line)

    def check_all(self, values: dict[str, object]) -> bool:
        """Check every field before saving and mark each one at fault (not only the first); True when all pass."""
        ok = True
        for field in self.query(FormField):
            if field.field_name not in values:
                continue
            try:
                self.check(field.field_name, values[field.field_name])
            except InvalidField as error:
                field.set_error(field_message(error))
                ok = False
            except (KeyError, ValueError):
                continue
        return ok

    def save(self) -> None:
        self.clear_errors()
        values = self.values()
        if self.check_all(values):
            self.store(values)
        else:
            self.point_at_errors()


class PupilDialog(CheckedDialog):
    """A new pupil (profile None) or a change to one; left-behind is never typed, it follows from the family."""

    class ClassesLoaded(Message):
        def __init__(self, classes: list[ClassRow]) -> None:
            super().__init__()
            self.classes = classes

    def __init__(self, actor: Actor, profile: PupilProfile | None) -> None:
        super().__init__()
        self.actor = actor
        self.profile = profile

    def compose(self) -> ComposeResult:
        p = self.profile

        def text(name: str) -> str:
            value = getattr(p, name, None) if p else None
            return "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))

        genders = [(t("pupils.gender.f"), "f"), (t("pupils.gender.m"), "m")]
        with VerticalScroll(classes="dialog", id="pupil-form"):
            title = t("pupils.form.edit_title", name=p.name) if p else t("pupils.form.new_title")
            yield Label(title, classes="dialog-title", markup=False)
            yield _field("student_no", Input(text("student_no"), id="student_no"))
            yield _field("national_id", Input(text("national_id"), id="national_id"), t("pupils.form.national_id_hint"))
            yield _field("name", Input(text("name"), id="name"))
            yield _field("gender", Select(genders, value=p.gender if p else Select.NULL, id="gender",
                                          prompt=t("pupils.form.choose")))
            yield _field("birth_date", Input(text("birth_date"), id="birth_date"), t("pupils.form.date_hint"))
            yield _field("class_id", Select([], id="class_id", prompt=t("pupils.form.choose")))
            yield _field("status", Select([(status_text(s), s) for s in STATUSES], value=p.status if p else "enrolled",
                                          allow_blank=False, id="status"))
            with Horizontal(classes="form-flags"):
                for flag in PUPIL_FLAGS:
                    yield Tick(t(f"pupils.field.{flag}"), bool(getattr(p, flag, False)), id=flag)
            yield _field("address", Input(text("address"), id="address"))
            for name in ("special_needs", "health_notes", "peer_helper", "caring_parent"):
                yield _field(name, Input(text(name), id=name))
            # A new pupil joins today unless told otherwise: the default is shown so it is seen and can be changed.
            enrolled = text("enrolled_on") if p else clock.today().isoformat()
            yield _field("enrolled_on", Input(enrolled, id="enrolled_on"), t("pupils.form.date_hint"))
            yield _field("left_on", Input(text("left_on"), id="left_on"), t("pupils.form.date_hint"))
            yield Static(t("pupils.form.left_behind_note"), classes="hint", markup=False)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.run_service(school.list_classes, self.actor, then=self.ClassesLoaded, failed=self.Failed,
                         group="dialog-classes")

    @on(ClassesLoaded)
    def _classes(self, message: ClassesLoaded) -> None:
        select = self.query_one("#class_id", Select)
        select.set_options([(c.name, c.id) for c in message.classes])
        if self.profile and self.profile.class_id in {c.id for c in message.classes}:
            select.value = self.profile.class_id
        self.remember_values()  # the loaded choice is not a change of the user's

    def check(self, name: str, value: object) -> None:
        if value or name in ("student_no", "name", "birth_date", "gender"):
            pupil_forms.check_pupil_field(name, value, clock.today())

    def values(self) -> dict[str, object]:
        data: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name in PUPIL_TEXT}
        for flag in PUPIL_FLAGS:
            data[flag] = self.query_one(f"#{flag}", Checkbox).value
        gender = self.query_one("#gender", Select).value
        data["gender"] = "" if gender is Select.NULL else gender
        data["status"] = self.query_one("#status", Select).value
        class_id = self.query_one("#class_id", Select).value
        if class_id is not Select.NULL:
            data["class_id"] = class_id
        elif self.profile is None:
            data["class_id"] = None
        return data

    def store(self, data: dict[str, object]) -> None:
        if self.profile is None:  # dismissed with the new pupil's id
            self.run_service(pupils.create_pupil, self.actor, data, then=self.Saved, failed=self.Failed, group="dialog")
        else:  # dismissed with the changes, or True when nothing changed
            self.run_service(pupils.update_pupil, self.actor, self.profile.id, data,
                             then=lambda changes: self.Saved(changes or True), failed=self.Failed, group="dialog")


class GuardianDialog(CheckedDialog):
    """A family member: relation, contact, where they work, whether away, guardianship capacity."""

    def __init__(self, actor: Actor, pupil_id: int, guardian: GuardianRow | None) -> None:
        super().__init__()
        self.actor = actor
        self.pupil_id = pupil_id
        self.guardian = guardian

    def compose(self) -> ComposeResult:
        g = self.guardian

        def text(name: str) -> str:
            value = getattr(g, name, None) if g else None
            return "" if value is None else str(value)

        with VerticalScroll(classes="dialog", id="guardian-form"):
            title = t("pupils.form.guardian_edit", name=g.name) if g else t("pupils.form.guardian_new")
            yield Label(title, classes="dialog-title", markup=False)
            yield _field("relation", Select([(relation_text(r), r) for r in RELATIONS],
                                            value=g.relation if g and g.relation in RELATIONS else Select.NULL,
                                            prompt=t("pupils.form.choose"), id="relation"))
            yield FormField(t("pupils.field.guardian_name"), Input(text("name"), id="name"), name="name")
            yield _field("age", Input(text("age"), id="age"))
            yield _field("phone", Input(text("phone"), id="phone"), t("pupils.form.phone_hint"))
            yield FormField(t("pupils.field.guardian_address"), Input(text("address"), id="address"),
                            name="address")
            yield _field("work_place", Input(text("work_place"), id="work_place"), t("pupils.form.work_place_hint"))
            yield _field("occupation", Input(text("occupation"), id="occupation"))
            yield _field("capacity", Select([(t(f"pupils.capacity.{c}"), c) for c in CAPACITIES],
                                            value=g.capacity if g else "full", allow_blank=False, id="capacity"))
            with Horizontal(classes="form-flags"):
                for flag in GUARDIAN_FLAGS:
                    yield Tick(t(f"pupils.field.{flag}"), bool(getattr(g, flag, False)), id=flag)
            yield from self.buttons()
            if g is not None:
                yield Button(t("pupils.form.remove_guardian"), variant="error", id="remove")

    def check(self, name: str, value: object) -> None:
        if name in pupil_forms.GUARDIAN_CHECKS and (value or name in ("name", "relation")):
            pupil_forms.check_guardian_field(name, value)

    def values(self) -> dict[str, object]:
        data: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name in GUARDIAN_TEXT}
        for flag in GUARDIAN_FLAGS:
            data[flag] = self.query_one(f"#{flag}", Checkbox).value
        relation = self.query_one("#relation", Select).value
        data["relation"] = "" if relation is Select.NULL else relation
        data["capacity"] = self.query_one("#capacity", Select).value
        return data

    def _done(self, _result: object) -> Dialog.Saved:
        return self.Saved(True)  # the file reloads; what changed is in the audit log

    def store(self, data: dict[str, object]) -> None:
        if self.guardian is None:
            self.run_service(pupils.add_guardian, self.actor, self.pupil_id, data, then=self._done,
                             failed=self.Failed, group="dialog")
        else:
            self.run_service(pupils.update_guardian, self.actor, self.guardian.id, data, then=self._done,
                             failed=self.Failed, group="dialog")

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        self.remove_guardian()

    def remove_guardian(self) -> None:
        if self.guardian is not None:
            self.run_service(pupils.remove_guardian, self.actor, self.guardian.id, then=self._done,
                             failed=self.Failed, group="dialog")


class NoteDialog(CheckedDialog):
    """A dated note on the family, guardianship, schooling or psychological state; earlier notes are kept."""

    def __init__(self, actor: Actor, pupil_id: int) -> None:
        super().__init__()
        self.actor = actor
        self.pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="note-form"):
            yield Label(t("pupils.form.note_title"), classes="dialog-title")
            yield _field("aspect", Select([(t(f"pupils.aspect.{a}"), a) for a in ASPECTS], value=ASPECTS[0],
                                          allow_blank=False, id="aspect"))
            yield _field("noted_on", Input(clock.today().isoformat(), id="noted_on"), t("pupils.form.date_hint"))
            yield _field("text", TextArea(id="text"))
            yield from self.buttons()

    def check(self, name: str, value: str) -> None:
        if name == "noted_on":
            pupil_forms.clean_note("family", "-", value, clock.today())

    def save(self) -> None:
        self.clear_errors()
        self.store(str(self.query_one("#aspect", Select).value), self.query_one("#text", TextArea).text,
                   self.query_one("#noted_on", Input).value)

    def store(self, aspect: str, text: str, noted_on: str) -> None:
        self.run_service(pupils.add_situation_note, self.actor, self.pupil_id, aspect, text, noted_on,
                         then=lambda _note_id: self.Saved(True), failed=self.Failed, group="dialog")


class NoteHistoryScreen(ModalScreen):
    """Every situation note of the pupil, newest first: the dynamic file's history."""

    BINDINGS = [Binding("escape", "close", N_("common.close"), id="history.close")]

    def __init__(self, file: PupilFile) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.file = file

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="note-history"):
            yield Label(t("pupils.notes.history_title", name=self.file.profile.name), classes="dialog-title",
                        markup=False)
            yield Table(id="note-history-table", cursor_type="row", zebra_stripes=True)
            yield Button(t("common.close"), id="close")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("pupils.timeline.date"), t("pupils.field.aspect"), t("pupils.field.text"),
                          t("pupils.timeline.by"))
        for note in self.file.notes:
            table.add_row(plain(note.noted_on.isoformat()), plain(t(f"pupils.aspect.{note.aspect}")), plain(note.text),
                          plain(note.author))
        if not self.file.notes:
            table.add_row(plain(""), plain(t("pupils.notes.none")), plain(""), plain(""))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
