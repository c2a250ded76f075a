"""The admin area (coordinator only): staff and their caseloads, classes, adding users, passwords, the audit log."""
from __future__ import annotations

import json

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, TabbedContent, TabPane

from schoolcare.domain.records import ClassRow, StaffRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import language, t, word
from schoolcare.services import audit
from schoolcare.services.accounts import school
from schoolcare.services.audit import AuditRow
from schoolcare.ui.accounts.dialogs import AddUserDialog, ResetPasswordDialog
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.activities import class_columns, class_rows
from schoolcare.ui.kit import Table, cursor_key, fill_table
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand

AUDIT_ROWS = 200


def staff_columns() -> list[str]:
    return [t("column.name"), t("column.login"), t("column.role"), t("column.post"), t("column.phone"),
            t("column.caseload"), t("column.active")]


def staff_rows(staff: list[StaffRow]):
    for s in staff:
        yield str(s.id), (s.name, s.login, t(f"role.{s.role.value}"), s.post, s.phone, s.caseload,
                          t("common.yes") if s.active else t("common.no"))


def audit_rows(entries: list[AuditRow]):
    for n, e in enumerate(entries):
        changes = json.dumps(e.changes, ensure_ascii=False) if e.changes else ""
        when = e.at.strftime("%Y-%m-%d %H:%M") if e.at else ""
        # An action or record the catalog does not know (a newer service's) shows as the service wrote it.
        action = word(language(), f"audit.{e.action}", e.action)
        entity = word(language(), f"entity.{e.entity}", e.entity)
        yield str(n), (when, e.actor or t("common.none"), action, entity, e.entity_id or "", e.pupil_id or "", changes)


def admin_lists(actor: Actor) -> tuple[list[StaffRow], list[ClassRow], list[AuditRow]]:
    """The three tabs' rows, read in one unit of work."""
    return school.list_staff(actor), school.list_classes(actor), audit.recent(actor, AUDIT_ROWS)


class AdminScreen(AreaScreen):
    TITLE_KEY = N_("nav.admin")
    BINDINGS = [
        Binding("a", "add_user", N_("admin.add_user"), id="admin.add_user"),
        Binding("p", "reset_password", N_("admin.reset_password"), id="admin.reset_password"),
        Binding("r", "reload", N_("common.reload"), id="admin.reload"),
    ]

    class Loaded(Message):
        def __init__(self, staff: list[StaffRow], classes: list[ClassRow], entries: list[AuditRow]) -> None:
            super().__init__()
            self.staff = staff
            self.classes = classes
            self.entries = entries

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="admin-tabs"):
            with TabPane(t("admin.staff"), id="tab-staff"):
                yield Table(id="staff", cursor_type="row", zebra_stripes=True)
            with TabPane(t("admin.classes"), id="tab-classes"):
                yield Table(id="classes", cursor_type="row", zebra_stripes=True)
            with TabPane(t("admin.audit"), id="tab-audit"):
                yield Table(id="audit", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_user", "reset_password"):
            return self.actor.can(Permission.MANAGE_USERS)
        return True

    def palette_commands(self):
        yield PaletteCommand(t("admin.add_user"), t("admin.add_user_help"), self.action_add_user)
        yield PaletteCommand(t("admin.reset_password"), t("admin.reset_password_help"), self.action_reset_password)

    def reload(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.reload()

    def load(self) -> None:
        self.run_service(admin_lists, self.actor, then=lambda found: self.Loaded(*found), group="admin")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self._staff = {str(s.id): s for s in message.staff}
        fill_table(self.query_one("#staff", DataTable), staff_columns(), staff_rows(message.staff))
        fill_table(self.query_one("#classes", DataTable), class_columns(), class_rows(message.classes))
        fill_table(
            self.query_one("#audit", DataTable),
            [t("column.when"), t("column.who"), t("column.action"), t("column.entity"), t("column.entity_id"),
             t("column.pupil_id"), t("column.changes")],
            audit_rows(message.entries),
        )

    def action_add_user(self) -> None:
        def added(staff_id: int | None) -> None:
            if staff_id is not None:
                self.notify(t("admin.user_added"))
        self.app.push_screen(AddUserDialog(self.actor), added)

    def action_reset_password(self) -> None:
        table = self.query_one("#staff", DataTable)
        if not table.row_count:
            return
        self.query_one("#admin-tabs", TabbedContent).active = "tab-staff"
        staff = self._staff.get(cursor_key(table) or "")
        if staff is None:
            return

        def reset(done: bool | None) -> None:
            if done:
                self.notify(t("admin.password_reset", name=staff.name))
        self.app.push_screen(ResetPasswordDialog(self.actor, staff.id, staff.name), reset)
