"""The admin area (coordinator only): staff and leavers, classes and homeroom teachers, passwords, the audit log,
backups (restoring is on the command line: the app holds the database open)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, TabbedContent, TabPane

from schoolcare.domain.registry import ClassEntry, StaffDetail
from schoolcare.domain.roles import Actor, Permission, Role
from schoolcare.domain.settings import Settings
from schoolcare.i18n import t
from schoolcare.services import audit
from schoolcare.services.audit import AuditRow
from schoolcare.services.registry import classes, staff
from schoolcare.ui.accounts.audit_log import AuditFilterDialog, sentence
from schoolcare.ui.accounts.dialogs import AddUserDialog, BackupDialog, ResetPasswordDialog
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import Table, cursor_key, fill_table
from schoolcare.ui.kit.base import AreaScreen, PaletteCommand
from schoolcare.ui.registry.classes import AddClassDialog, HomeroomDialog, RenameClassDialog, RetireClassDialog
from schoolcare.ui.registry.staff import DeactivateDialog, EditStaffDialog

AUDIT_ROWS = 200
STAFF_ACTIONS = ("add_user", "reset_password", "edit_staff", "deactivate", "activate")
CLASS_ACTIONS = ("add_class", "rename_class", "set_homeroom", "retire_class")


def staff_columns() -> list[str]:
    return [t("column.name"), t("column.login"), t("column.role"), t("column.post"), t("column.phone"),
            t("column.caseload"), t("column.active"), t("column.age"), t("column.address"), t("column.leads")]


def staff_rows(members: list[StaffDetail]):
    for s in members:
        yield str(s.id), (s.name, s.login, t(f"role.{s.role}"), s.post, s.phone, s.caseload,
                          t("common.yes") if s.active else t("common.no"), "" if s.age is None else s.age,
                          s.address, "、".join(s.classes))


def class_columns() -> list[str]:
    return [t("column.class"), t("column.grade"), t("column.homeroom_teacher"), t("column.pupils"),
            t("column.left_behind"), t("column.status")]


def class_rows(entries: list[ClassEntry]):
    for c in entries:
        status = (f"{t('registry.class.status_retired')} {c.retired_on.isoformat()}" if c.retired_on
                  else t("registry.class.status_running"))
        yield str(c.id), (c.name, c.grade, c.homeroom_teacher or t("common.none"), c.pupils, c.left_behind, status)


def audit_rows(entries: list[AuditRow], settings: Settings):
    for n, e in enumerate(entries):
        when = e.at.strftime("%Y-%m-%d %H:%M") if e.at else ""
        yield str(n), (when, e.actor or t("common.none"), sentence(e, settings=settings))


def admin_lists(actor: Actor) -> tuple[list[StaffDetail], list[ClassEntry], list[AuditRow]]:
    """The three tabs' rows, read in one unit of work."""
    return staff.list_staff(actor), classes.list_classes(actor), audit.recent(actor, AUDIT_ROWS)


class AdminScreen(AreaScreen):
    TITLE_KEY = N_("nav.admin")
    BINDINGS = [
        Binding("a", "add_user", N_("admin.add_user"), id="admin.add_user"),
        Binding("e", "edit_staff", N_("accounts.edit"), id="admin.edit_staff"),
        Binding("d", "deactivate", N_("accounts.deactivate"), id="admin.deactivate"),
        Binding("u", "activate", N_("accounts.activate"), show=False, id="admin.activate"),  # F1 lists it
        Binding("p", "reset_password", N_("admin.reset_password"), id="admin.reset_password"),
        Binding("n", "add_class", N_("registry.class.add"), id="admin.add_class"),
        Binding("m", "rename_class", N_("registry.class.rename"), id="admin.rename_class"),
        Binding("h", "set_homeroom", N_("registry.class.homeroom"), id="admin.set_homeroom"),
        Binding("x", "retire_class", N_("registry.class.retire"), id="admin.retire_class"),
        Binding("f", "filter_audit", N_("audit.filter"), id="admin.filter_audit"),
        Binding("b", "backup", N_("admin.backup"), id="admin.backup"),
        Binding("r", "reload", N_("common.reload"), show=False, id="admin.reload"),
    ]

    class Loaded(Message):
        def __init__(self, members: list[StaffDetail], entries: list[ClassEntry], log: list[AuditRow]) -> None:
            super().__init__()
            self.staff = members
            self.classes = entries
            self.entries = log

    class Filtered(Message):
        def __init__(self, log: list[AuditRow]) -> None:
            super().__init__()
            self.entries = log

    class Changed(Message):
        """A change made straight from the list (reactivating an account): say so and read the lists again."""

    _members: dict[str, StaffDetail] = {}
    _class_entries: dict[str, ClassEntry] = {}

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="admin-tabs"):
            with TabPane(t("admin.staff"), id="tab-staff"):
                yield Table(id="staff", cursor_type="row", zebra_stripes=True)
            with TabPane(t("admin.classes"), id="tab-classes"):
                yield Table(id="classes", cursor_type="row", zebra_stripes=True)
            with TabPane(t("admin.audit"), id="tab-audit"):
                yield Table(id="audit", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer offers the keys of the tab in view (all of them do not fit); the palette offers every one.
        tab = self._active_tab()
        if action in STAFF_ACTIONS:
            return self.actor.can(Permission.MANAGE_USERS) and tab == "tab-staff"
        if action in CLASS_ACTIONS:
            return self.actor.can(Permission.MANAGE_CLASSES) and tab == "tab-classes"
        if action == "backup":  # the whole database: the coordinator's, from any tab
            return self.actor.role is Role.COORDINATOR
        if action == "filter_audit":
            return self.actor.can(Permission.VIEW_AUDIT) and tab == "tab-audit"
        return True

    def _active_tab(self) -> str:
        tabs = self.query(TabbedContent)
        return tabs.first().active if tabs else "tab-staff"

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def palette_commands(self):
        if self.actor.can(Permission.MANAGE_USERS):
            yield PaletteCommand(t("admin.add_user"), t("admin.add_user_help"), self.action_add_user)
            yield PaletteCommand(t("accounts.edit"), t("accounts.edit_help"), self.action_edit_staff)
            yield PaletteCommand(t("accounts.deactivate"), t("accounts.deactivate_help_key"), self.action_deactivate)
            yield PaletteCommand(t("accounts.activate"), t("accounts.activate_help"), self.action_activate)
            yield PaletteCommand(t("admin.reset_password"), t("admin.reset_password_help"),
                                 self.action_reset_password)
        if self.actor.role is Role.COORDINATOR:
            yield PaletteCommand(t("admin.backup"), t("admin.backup_help"), self.action_backup)
        if self.actor.can(Permission.MANAGE_CLASSES):
            yield PaletteCommand(t("registry.class.add"), t("registry.class.add_help"), self.action_add_class)
            yield PaletteCommand(t("registry.class.homeroom"), t("registry.class.homeroom_help"),
                                 self.action_set_homeroom)

    def reload(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.reload()

    def load(self) -> None:
        self.run_service(admin_lists, self.actor, then=lambda found: self.Loaded(*found), group="admin")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self._members = {str(s.id): s for s in message.staff}
        self._class_entries = {str(c.id): c for c in message.classes}
        fill_table(self.query_one("#staff", DataTable), staff_columns(), staff_rows(message.staff))
        fill_table(self.query_one("#classes", DataTable), class_columns(), class_rows(message.classes))
        self._show_log(message.entries)

    @on(Filtered)
    def _show_filtered(self, message: Filtered) -> None:
        self._show_log(message.entries)

    @on(Changed)
    def _changed(self) -> None:
        self.notify(t("accounts.saved"))
        self.reload()

    def _show_log(self, entries: list[AuditRow]) -> None:
        fill_table(self.query_one("#audit", DataTable), [t("column.when"), t("column.who"), t("column.what")],
                   audit_rows(entries, self.settings))

    def _selected(self, table_id: str, tab: str, rows: dict):
        table = self.query_one(f"#{table_id}", DataTable)
        self.query_one("#admin-tabs", TabbedContent).active = tab
        if not table.row_count:
            return None
        return rows.get(cursor_key(table) or "")

    def _after(self, words: str):
        def done(result) -> None:
            if result is not None and result is not False:
                self.notify(words)
                self.reload()
        return done

    def action_add_user(self) -> None:
        self.app.push_screen(AddUserDialog(self.actor), self._after(t("admin.user_added")))

    def action_edit_staff(self) -> None:
        member = self._selected("staff", "tab-staff", self._members)
        if member is not None:
            self.app.push_screen(EditStaffDialog(self.actor, member), self._after(t("accounts.saved")))

    def action_deactivate(self) -> None:
        member = self._selected("staff", "tab-staff", self._members)
        if member is not None and member.active:
            self.app.push_screen(DeactivateDialog(self.actor, member, list(self._members.values())),
                                 self._after(t("accounts.saved")))

    def action_activate(self) -> None:
        member = self._selected("staff", "tab-staff", self._members)
        if member is not None and not member.active:
            self.run_service(staff.activate, self.actor, member.id, then=lambda _: self.Changed(),
                             group="admin-write")

    def action_reset_password(self) -> None:
        member = self._selected("staff", "tab-staff", self._members)
        if member is None:
            return

        def reset(done: bool | None) -> None:
            if done:
                self.notify(t("admin.password_reset", name=member.name))
        self.app.push_screen(ResetPasswordDialog(self.actor, member.id, member.name), reset)

    def action_add_class(self) -> None:
        self.query_one("#admin-tabs", TabbedContent).active = "tab-classes"
        self.app.push_screen(AddClassDialog(self.actor, list(self._members.values())),
                             self._after(t("registry.class.saved")))

    def action_rename_class(self) -> None:
        entry = self._selected("classes", "tab-classes", self._class_entries)
        if entry is not None:
            self.app.push_screen(RenameClassDialog(self.actor, entry), self._after(t("registry.class.saved")))

    def action_set_homeroom(self) -> None:
        entry = self._selected("classes", "tab-classes", self._class_entries)
        if entry is not None:
            self.app.push_screen(HomeroomDialog(self.actor, entry, list(self._members.values())),
                                 self._after(t("registry.class.saved")))

    def action_retire_class(self) -> None:
        entry = self._selected("classes", "tab-classes", self._class_entries)
        if entry is not None:
            self.app.push_screen(RetireClassDialog(self.actor, entry), self._after(t("registry.class.saved")))

    def action_backup(self) -> None:
        def done(path) -> None:
            if path:
                self.notify(t("admin.backup_done", path=str(path)))
                self.reload()  # the audit tab shows the backup
        self.app.push_screen(BackupDialog(self.actor), done)

    def action_filter_audit(self) -> None:
        self.query_one("#admin-tabs", TabbedContent).active = "tab-audit"
        people = [(s.name, s.id) for s in self._members.values()]

        def filtered(rows: list[AuditRow] | None) -> None:
            if rows is not None:
                self._show_log(rows)
        self.app.push_screen(AuditFilterDialog(self.actor, people, AUDIT_ROWS), filtered)
