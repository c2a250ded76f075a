"""Staff dialogs (Admin → 教职工): edit a member of staff; deactivate a leaver, naming who takes over."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from schoolcare.domain.registry import StaffDetail
from schoolcare.domain.roles import Actor, Role
from schoolcare.i18n import t
from schoolcare.services.registry import staff as staff_service
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog


class EditStaffDialog(Dialog):
    """Name, role, post, phone, age and address (the care-teacher ledger prints the last two)."""

    def __init__(self, actor: Actor, member: StaffDetail) -> None:
        super().__init__()
        self.actor = actor
        self.member = member

    def compose(self) -> ComposeResult:
        m = self.member
        roles = [(t(f"role.{r.value}"), r.value) for r in Role]
        with VerticalScroll(classes="dialog", id="edit-staff"):
            yield Label(t("accounts.edit_title", name=m.name), classes="dialog-title", markup=False)
            yield FormField(t("field.name"), Input(m.name, id="name"), name="name")
            yield FormField(t("field.role"), Select(roles, value=m.role, allow_blank=False, id="role"), name="role")
            yield FormField(t("field.post"), Input(m.post, id="post"), name="post")
            yield FormField(t("field.phone"), Input(m.phone, id="phone"), name="phone")
            yield FormField(t("pupils.field.age"), Input("" if m.age is None else str(m.age), id="age"), name="age")
            yield FormField(t("pupils.field.address"), Input(m.address, id="address"), name="address")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        values = {name: self.query_one(f"#{name}", Input).value for name in ("name", "post", "phone", "age",
                                                                             "address")}
        role = str(self.query_one("#role", Select).value)
        if role != self.member.role:
            values["role"] = role
        self.run_service(staff_service.update_staff, self.actor, self.member.id, **values, then=self.Saved,
                         failed=self.Failed, group="dialog")


class DeactivateDialog(Dialog):
    """A leaver: who takes over their pupils and classes (needed while they have any), and why."""

    def __init__(self, actor: Actor, member: StaffDetail, staff: list[StaffDetail]) -> None:
        super().__init__()
        self.actor = actor
        self.member = member
        self.staff = staff

    def compose(self) -> ComposeResult:
        m = self.member
        choices = [(f"{s.name} ({s.login})", s.id) for s in self.staff
                   if s.active and s.id != m.id and s.role != Role.PRINCIPAL.value]
        with VerticalScroll(classes="dialog", id="deactivate-staff"):
            yield Label(t("accounts.deactivate_title", name=m.name), classes="dialog-title", markup=False)
            yield Label(t("accounts.deactivate_help", pupils=m.caseload, classes=len(m.classes)), markup=False)
            yield FormField(t("field.to"), Select(choices, id="handover_to", prompt=t("common.none")),
                            name="handover_to")
            yield FormField(t("field.reason"), Input(id="reason"), name="reason")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        successor = self.query_one("#handover_to", Select).value
        self.run_service(staff_service.deactivate, self.actor, self.member.id,
                         successor if isinstance(successor, int) else None, self.query_one("#reason", Input).value,
                         then=self.Saved, failed=self.Failed, group="dialog")
