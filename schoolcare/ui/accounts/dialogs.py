"""Account dialogs: add a user, reset a password, back up the database; a failed save keeps what was typed and
marks the field at fault."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain.roles import Actor, Role
from schoolcare.i18n import t
from schoolcare.services.accounts import auth, backup
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.dialog import Dialog


class AddUserDialog(Dialog):
    """A new account: name, role, login, first password, post and phone."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def compose(self) -> ComposeResult:
        roles = [(t(f"role.{r.value}"), r.value) for r in Role]
        with VerticalScroll(classes="dialog", id="add-user"):
            yield Label(t("admin.add_user_title"), classes="dialog-title")
            yield FormField(t("field.name"), Input(id="name"), name="name")
            yield FormField(t("field.role"), Select(roles, value=Role.TEACHER.value, allow_blank=False, id="role"),
                            name="role")
            yield FormField(t("field.login"), Input(id="login", placeholder=t("admin.login_hint")), name="login")
            yield FormField(t("field.password"), Input(id="password", password=True), name="password")
            yield FormField(t("field.post"), Input(id="post"), name="post")
            yield FormField(t("field.phone"), Input(id="phone"), name="phone")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        value = {name: self.query_one(f"#{name}", Input).value for name in ("name", "login", "password", "post",
                                                                            "phone")}
        role = str(self.query_one("#role", Select).value)
        self.run_service(auth.add_user, self.actor, value["name"], role, value["login"], value["password"],
                         post=value["post"].strip(), phone=value["phone"].strip(), then=self.Saved,
                         failed=self.Failed, group="dialog")


class ResetPasswordDialog(Dialog):
    """A new password for a member of staff, typed twice."""

    def __init__(self, actor: Actor, staff_id: int, staff_name: str) -> None:
        super().__init__()
        self.actor = actor
        self.staff_id = staff_id
        self.staff_name = staff_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="reset-password"):
            yield Label(t("admin.reset_password_title", name=self.staff_name), classes="dialog-title",
                        markup=False)
            yield FormField(t("field.new_password"), Input(id="password", password=True), name="password")
            yield FormField(t("field.password_again"), Input(id="again", password=True), name="again")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        password = self.query_one("#password", Input).value
        if password != self.query_one("#again", Input).value:
            self.query_one("#field-again", FormField).set_error(t("error.passwords_differ"))
            return
        self.run_service(auth.set_password, self.actor, self.staff_id, password, then=lambda _: self.Saved(True),
                         failed=self.Failed, group="dialog")


class BackupDialog(Dialog):
    """备份: a copy of the whole database in a new file only this account's user can read (a dated name in the data
    directory's backups folder by default). Restoring is on the command line: the app holds the file open."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="backup"):
            yield Label(t("admin.backup_title"), classes="dialog-title")
            yield Static(t("admin.backup_note"), classes="hint", markup=False)
            yield FormField(t("field.file"), Input(str(backup.default_backup_path()), id="path"), name="path")
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.query_one("#field-path", FormField).set_error(t("error.required"))
            return
        self.run_service(backup.backup, self.actor, path, then=self.Saved, failed=self.Failed, group="dialog")
