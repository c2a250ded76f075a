"""The care centre's rooms: adding or correcting a room (kind, name, area, person in charge), and its inventory."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain.centre import InventoryLine, RoomRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import label, t
from schoolcare.services.accounts import school
from schoolcare.services.centre import rooms
from schoolcare.ui.centre.wording import staff_options
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.worker import ServiceFailed


def room_form(actor: Actor, settings: Settings, room_id: int | None) -> tuple[list, RoomRow | None]:
    """What the room form offers: the staff to put in charge, and the room being corrected (None for a new one)."""
    return school.list_staff(actor), rooms.get_room(actor, settings, room_id) if room_id else None


def store_held(actor: Actor, settings: Settings, room_id: int, changed: dict[str, str]) -> None:
    """The counts typed into the inventory, one line at a time: what was saved before a refused line stays saved."""
    for item, value in changed.items():
        rooms.set_held(actor, settings, room_id, item, value)


class RoomDialog(Dialog):
    """Add a room (kind, name, area, person in charge) or correct one."""

    class Prepared(Message):
        def __init__(self, form: tuple[list, RoomRow | None]) -> None:
            super().__init__()
            self.staff, self.room = form

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
        self.run_service(room_form, self.actor, self.settings, self.room_id, then=self.Prepared,
                         group="dialog-prepare")

    @on(ServiceFailed)
    def _prepare_failed(self, message: ServiceFailed) -> None:
        self.query_one("#dialog-error", Static).update(message.text)

    @on(Prepared)
    def _prepared(self, message: Prepared) -> None:
        person = self.query_one("#person", Select)
        person.set_options(staff_options(message.staff))
        room = message.room
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
        person_field = self.query_one("#person", Select)
        name = self.query_one("#name", Input).value
        area = self.query_one("#area", Input).value.strip() or "0"
        person = None if person_field.is_blank() else int(str(person_field.value))
        saved = lambda _: self.Saved(t("centre.saved"))  # noqa: E731
        if self.room_id is None:
            kind = str(self.query_one("#kind", Select).value)
            self.run_service(rooms.add_room, self.actor, self.settings, kind, name, area, person,
                             then=saved, failed=self.Failed, group="dialog")
        else:
            self.run_service(rooms.update_room, self.actor, self.room_id, name=name, area_m2=area,
                             person_in_charge_id=person, then=saved, failed=self.Failed, group="dialog")


class InventoryDialog(Dialog):
    """How many of each needed item the room holds; read-only for those who may not change the centre."""

    class Prepared(Message):
        def __init__(self, lines: list[InventoryLine]) -> None:
            super().__init__()
            self.lines = lines

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
        self.run_service(rooms.inventory, self.actor, self.settings, self.room_id, then=self.Prepared,
                         group="dialog-prepare")

    @on(ServiceFailed)
    def _prepare_failed(self, message: ServiceFailed) -> None:
        self.query_one("#dialog-error", Static).update(message.text)

    @on(Prepared)
    async def _prepared(self, message: Prepared) -> None:
        self.lines = message.lines
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
        # A refused line is marked on its field (the refusal names the item).
        self.run_service(store_held, self.actor, self.settings, self.room_id, changed,
                         then=lambda _: self.Saved(t("centre.saved")), failed=self.Failed, group="dialog")
