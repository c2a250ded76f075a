"""Care-centre dialogs: a room, its inventory, a hazard's owner, deadline and re-check, and exporting the reports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain import readiness as rd
from schoolcare.domain import validation
from schoolcare.domain.centre import HazardRow, InventoryLine
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services.centre import rooms, export, hazards
from schoolcare.services.accounts import school
from schoolcare.ui.bindings import N_
from schoolcare.i18n import label, language, t
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.centre.wording import state_text
from schoolcare.ui.kit import FormField
from schoolcare.ui.worker import ServiceFailed, call

class Prepared(Message):
    """What a dialog needs before it can show its fields (staff, the room, the inventory)."""

    def __init__(self, data: dict) -> None:
        super().__init__()
        self.data = data


def _staff_options(staff) -> list[tuple[str, str]]:
    return [(f"{s.name}（{s.post or t(f'role.{s.role.value}')}）", str(s.id)) for s in staff if s.active]


class RoomDialog(Dialog):
    """Add a room (kind, name, area, person in charge) or correct one."""

    def __init__(self, actor: Actor, settings: Settings, room_id: int | None = None) -> None:
        super().__init__()
        self.actor, self.settings, self.room_id = actor, settings, room_id

    def compose(self) -> ComposeResult:
        kinds = [(label(k.name), k.id) for k in self.settings.centre.room_kinds]
        with VerticalScroll(classes="dialog", id="room-dialog"):
            yield Label(t("centre.edit_room" if self.room_id else "centre.add_room"), classes="dialog-title")
            if self.room_id is None:
                yield FormField(t("centre.field_kind"), Select(kinds, allow_blank=False, id="kind"), name="kind")
            yield FormField(t("centre.field_name"), Input(id="name"), name="name")
            yield FormField(t("centre.field_area"), Input(id="area", placeholder="20"), name="area_m2")
            yield FormField(t("centre.field_person"), Select([], prompt=t("common.none"), id="person"),
                            name="person_in_charge")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#kind" if self.room_id is None else "#name").focus()
        self.prepare()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog-prepare")
    def prepare(self) -> None:
        try:
            data = call(lambda: {"staff": school.list_staff(self.actor),
                                 "room": rooms.get_room(self.actor, self.settings, self.room_id)
                                 if self.room_id else None})
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(Prepared(data))

    @on(ServiceFailed)
    def _prepare_failed(self, message: ServiceFailed) -> None:
        self.query_one("#dialog-error", Static).update(message.text)

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        person = self.query_one("#person", Select)
        person.set_options(_staff_options(message.data["staff"]))
        room = message.data["room"]
        if room is not None:
            self.query_one("#name", Input).value = room.name
            self.query_one("#area", Input).value = f"{room.area_m2:g}"
            if room.person_in_charge_id:
                person.value = str(room.person_in_charge_id)
        elif self.room_id is None:
            kind = self.query_one("#kind", Select).value
            self.query_one("#name", Input).value = label(self.settings.centre.room_kind(str(kind)).name)

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        names = {label(k.name) for k in self.settings.centre.room_kinds}
        name = self.query_one("#name", Input)
        if not name.value or name.value in names:  # follow the kind until the user types a name of their own
            name.value = label(self.settings.centre.room_kind(str(event.value)).name)

    def save(self) -> None:
        self.clear_errors()
        person = self.query_one("#person", Select)
        values = {
            "name": self.query_one("#name", Input).value,
            "area_m2": self.query_one("#area", Input).value.strip() or "0",
            "person": None if person.is_blank() else int(str(person.value)),
            "kind": str(self.query_one("#kind", Select).value) if self.room_id is None else None,
        }
        self.store(values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, v: dict) -> None:
        try:
            if self.room_id is None:
                call(rooms.add_room, self.actor, self.settings, v["kind"], v["name"], v["area_m2"], v["person"])
            else:
                call(rooms.update_room, self.actor, self.room_id, name=v["name"], area_m2=v["area_m2"],
                     person_in_charge_id=v["person"])
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Saved(t("centre.saved")))


class InventoryDialog(Dialog):
    """How many of each needed item the room holds; read-only for those who may not change the centre."""

    def __init__(self, actor: Actor, settings: Settings, room_id: int, room_name: str) -> None:
        super().__init__()
        self.actor, self.settings, self.room_id, self.room_name = actor, settings, room_id, room_name
        self.lines: list[InventoryLine] = []

    @property
    def editable(self) -> bool:
        return self.actor.can(Permission.MANAGE_CENTRE)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="inventory-dialog"):
            yield Label(t("centre.inventory_title", room=self.room_name), classes="dialog-title", markup=False)
            yield VerticalScroll(id="inventory-fields")
            if self.editable:
                yield from self.buttons()
            else:
                yield Static(t("centre.read_only"), classes="hint", markup=False)
                yield Static("", id="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.prepare()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog-prepare")
    def prepare(self) -> None:
        try:
            lines = call(rooms.inventory, self.actor, self.settings, self.room_id)
        except Exception as error:
            self.post_message(ServiceFailed(error))
            return
        self.post_message(Prepared({"lines": lines}))

    @on(ServiceFailed)
    def _prepare_failed(self, message: ServiceFailed) -> None:
        self.query_one("#dialog-error", Static).update(message.text)

    @on(Prepared)
    async def _prepared(self, message: Prepared) -> None:
        self.lines = message.data["lines"]
        box = self.query_one("#inventory-fields", VerticalScroll)
        await box.mount_all(
            FormField(t("centre.needs", item=label(line.label), need=line.need),
                      Input(str(line.held), id=f"held-{line.item}", disabled=not self.editable), name=line.item)
            for line in self.lines
        )
        if self.lines and self.editable:
            self.query_one(f"#held-{self.lines[0].item}", Input).focus()

    def save(self) -> None:
        self.clear_errors()
        changed = {}
        for line in self.lines:
            value = self.query_one(f"#held-{line.item}", Input).value.strip()
            if value != str(line.held):
                changed[line.item] = value
        if not changed:
            self.dismiss(None)
            return
        self.store(changed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, changed: dict[str, str]) -> None:
        for item, value in changed.items():
            try:
                call(rooms.set_held, self.actor, self.settings, self.room_id, item, value)
            except Exception as error:  # what was saved before stays saved; this line is marked
                self.post_message(self.Failed(error))
                return
        self.post_message(self.Saved(t("centre.saved")))


class OwnerDialog(Dialog):
    def __init__(self, actor: Actor, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.hazard = actor, hazard

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="owner-dialog"):
            yield Label(t("centre.owner_title", what=self.hazard.description), classes="dialog-title", markup=False)
            yield FormField(t("centre.field_owner"), Select([], prompt=t("common.none"), id="owner"), name="owner")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.prepare()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog-prepare")
    def prepare(self) -> None:
        try:
            staff = call(school.list_staff, self.actor)
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(Prepared({"staff": staff}))

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        owner = self.query_one("#owner", Select)
        owner.set_options(_staff_options(message.data["staff"]))
        if self.hazard.owner_id:
            owner.value = str(self.hazard.owner_id)
        owner.focus()

    def save(self) -> None:
        self.clear_errors()
        owner = self.query_one("#owner", Select)
        if owner.is_blank():
            self.query_one("#field-owner", FormField).set_error(t("error.required"))
            return
        self.store(int(str(owner.value)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, staff_id: int) -> None:
        try:
            call(hazards.assign_owner, self.actor, self.hazard.id, staff_id)
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Saved(t("centre.saved")))


DATE_ERRORS = {"required": N_("error.required"), "date_format": N_("centre.date_format"),
               "date_invalid": N_("centre.date_invalid"), "date_range": N_("centre.date_invalid")}


class DeadlineDialog(Dialog):
    """A new rectification deadline, with the reason (kept on the hazard and in the audit log)."""

    def __init__(self, actor: Actor, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.hazard = actor, hazard

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="deadline-dialog"):
            yield Label(t("centre.deadline_title", what=self.hazard.description), classes="dialog-title",
                        markup=False)
            yield FormField(t("centre.field_deadline"), Input(self.hazard.deadline.isoformat(), id="deadline"),
                            name="deadline")
            yield FormField(t("centre.field_reason"), Input(id="reason"), name="reason")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#deadline", Input).focus()

    def save(self) -> None:
        self.clear_errors()
        try:
            deadline = validation.date(self.query_one("#deadline", Input).value, "deadline", needed=True)
        except validation.InvalidField as error:
            key = DATE_ERRORS.get(error.code, "centre.date_format")
            self.query_one("#field-deadline", FormField).set_error(t(key))
            self.query_one("#deadline", Input).focus()
            return
        self.store(deadline, self.query_one("#reason", Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, deadline: dt.date, reason: str) -> None:
        try:
            call(hazards.change_deadline, self.actor, self.hazard.id, deadline, reason)
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Saved(t("centre.saved")))


class RecheckDialog(Dialog):
    """Re-check one hazard's item now: found ok, the hazard closes and readiness counts it again."""

    def __init__(self, actor: Actor, settings: Settings, hazard: HazardRow) -> None:
        super().__init__()
        self.actor, self.settings, self.hazard = actor, settings, hazard

    def compose(self) -> ComposeResult:
        states = [(state_text(s), s) for s in rd.STATES]
        with VerticalScroll(classes="dialog", id="recheck-dialog"):
            yield Label(t("centre.recheck_title", what=self.hazard.description), classes="dialog-title",
                        markup=False)
            yield Static(t("centre.recheck_hint"), classes="hint", markup=False)
            yield FormField(t("centre.field_state"), Select(states, value=rd.OK, allow_blank=False, id="state"),
                            name="state")
            yield FormField(t("centre.note"), Input(id="note"), name="note")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()  # the state defaults to ok: say what was done, Enter saves

    def save(self) -> None:
        self.clear_errors()
        self.store(str(self.query_one("#state", Select).value), self.query_one("#note", Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, state: str, note: str) -> None:
        try:
            result = call(hazards.recheck, self.actor, self.settings, self.hazard.id, state, note)
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Saved(t("centre.recheck_closed" if result.closed else "centre.recheck_open")))


EXPORTS = {"readiness": N_("centre.export_readiness"), "hazards": N_("centre.export_hazards")}


class ExportDialog(Dialog):
    """The readiness report or the hazard ledger to a file, as .xlsx or .csv."""

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__()
        self.actor, self.settings = actor, settings

    def compose(self) -> ComposeResult:
        what = [(t(key), w) for w, key in EXPORTS.items()]
        formats = [("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv")]
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label(t("centre.export"), classes="dialog-title")
            yield FormField(t("centre.field_what"), Select(what, value="readiness", allow_blank=False, id="what"),
                            name="what")
            yield FormField(t("centre.field_format"), Select(formats, value="xlsx", allow_blank=False, id="format"),
                            name="format")
            yield FormField(t("centre.field_path"), Input(self._default_path("readiness", "xlsx"), id="path"),
                            name="path")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#what", Select).focus()

    @staticmethod
    def _default_path(what: str, fmt: str) -> str:
        return str(Path.home() / f"{what}-{clock.today().isoformat()}.{fmt}")

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        what = str(self.query_one("#what", Select).value)
        fmt = str(self.query_one("#format", Select).value)
        self.query_one("#path", Input).value = self._default_path(what, fmt)

    def save(self) -> None:
        self.clear_errors()
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name or not path.parent.is_dir():
            self.query_one("#field-path", FormField).set_error(t("centre.no_folder", folder=str(path.parent)))
            return
        self.store(str(self.query_one("#what", Select).value), str(self.query_one("#format", Select).value), path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dialog")
    def store(self, what: str, fmt: str, path: Path) -> None:
        write = export.export_readiness if what == "readiness" else export.export_hazards
        try:
            files = call(write, self.actor, self.settings, path, fmt, language())
        except Exception as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Saved(t("centre.exported", files=t("centre.list_sep").join(str(f) for f in files))))
