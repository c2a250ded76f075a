"""The activities area: each class's activity this month (done / due / overdue), and the term's activities.

n (or Enter on a class) logs a new activity for the highlighted class; on the
list, e (or Enter) corrects an activity and x withdraws it with a reason.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from schoolcare.domain.care import ActivityRow
from schoolcare.domain.compliance import SubjectStatus
from schoolcare.domain.records import ClassRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.care import activities as care_activities
from schoolcare.services.care import rules as rules_engine
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.wording import day, rule_name, status_cell
from schoolcare.ui.kit import Table, cursor_key, plain
from schoolcare.ui.kit.base import AreaScreen


def class_columns() -> list[str]:
    """Classes listed plainly (the admin area shows them so)."""
    return [t("column.class"), t("column.homeroom_teacher"), t("column.pupils"), t("column.left_behind")]


def class_rows(classes: list[ClassRow]):
    for c in classes:
        yield str(c.id), (c.name, c.homeroom_teacher or t("common.none"), c.pupils, c.left_behind)


def activities_overview(actor: Actor, settings: Settings) -> tuple[list[ClassRow], list[SubjectStatus],
                                                                   list[SubjectStatus], list[ActivityRow]]:
    """The classes, each class's and the school's standing on the activity rules, and this term's activities."""
    term = rules_engine.term_for(settings)
    classes = school.list_classes(actor, include_retired=False)
    rules = rules_engine.rules_for(actor, settings)
    statuses = [s for r in rules if r.subject == "class" for s in rules_engine.statuses(actor, settings, r.id)]
    school_status = [s for r in rules if r.subject == "school" for s in rules_engine.statuses(actor, settings, r.id)]
    return classes, statuses, school_status, care_activities.activities(actor, start=term.start, end=term.end)


class ActivitiesScreen(AreaScreen):
    TITLE_KEY = N_("nav.activities")
    BINDINGS = [
        Binding("n", "new", N_("care.key.new_activity"), id="activities.new"),
        Binding("e", "edit", N_("care.key.edit"), id="activities.edit"),
        Binding("x", "withdraw", N_("care.key.withdraw"), id="activities.withdraw"),
    ]
    AUTO_FOCUS = "#activity-classes"

    class Loaded(Message):
        def __init__(self, classes: list[ClassRow], statuses: list[SubjectStatus], school_status: list[SubjectStatus],
                     activities: list[ActivityRow]) -> None:
            super().__init__()
            self.class_list = classes
            self.statuses = statuses
            self.school_status = school_status
            self.activities = activities

    def __init__(self) -> None:
        super().__init__()
        self.class_list: list[ClassRow] = []
        self.activities: dict[str, ActivityRow] = {}

    def compose_body(self) -> ComposeResult:
        yield Label(t("care.activities.classes"), classes="area-heading")
        yield Table(id="activity-classes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="school-activity", markup=False)
        yield Label(t("care.activities.list"), classes="panel-title")
        yield Table(id="activity-list", cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "withdraw"):
            return self.actor.can(Permission.LOG_CARE)
        return True

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(activities_overview, self.actor, self.settings, then=lambda found: self.Loaded(*found),
                         group="activities")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        settings = self.settings
        self.class_list = message.class_list
        by_class: dict[int, list[SubjectStatus]] = {}
        for found in message.statuses:
            by_class.setdefault(found.subject_id, []).append(found)
        rule_ids = list(dict.fromkeys(s.rule_id for s in message.statuses))
        table = self.query_one("#activity-classes", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(t("column.class"), t("column.homeroom_teacher"), t("column.left_behind"),
                          *(rule_name(settings, r) for r in rule_ids), t("care.column.missed"), t("care.column.last_on"))
        for c in message.class_list:
            found = {s.rule_id: s for s in by_class.get(c.id, [])}
            first = next(iter(found.values()), None)
            table.add_row(plain(c.name), plain(c.homeroom_teacher or t("common.none")), plain(c.left_behind),
                          *(status_cell(found.get(r)) for r in rule_ids),
                          plain(first.missed if first else ""), plain(day(first.last_on) if first else ""),
                          key=str(c.id))
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        line = self.query_one("#school-activity", Static)
        line.update(" ".join(t("care.activities.school_line", status=status_cell(s).plain)
                             for s in message.school_status))
        self._fill_list(message.activities)

    def _fill_list(self, activities: list[ActivityRow]) -> None:
        table = self.query_one("#activity-list", DataTable)
        table.clear(columns=True)
        table.add_columns(t("care.column.date"), t("column.class"), t("care.column.kind"), t("care.column.title"),
                          t("care.column.organiser"), t("care.column.pupils"))
        self.activities = {}
        for a in activities:
            self.activities[str(a.id)] = a
            style = "strike dim" if a.withdrawn else ""
            where = a.class_name or t("care.activity.scope.school")
            title = a.title + (f" · {t('care.withdrawn', reason=a.withdrawn_reason)}" if a.withdrawn else "")
            table.add_row(Text(day(a.date), style=style), Text(where, style=style),
                          Text(t(f"care.activity.kind.{a.kind}"), style=style), Text(title, style=style),
                          Text(a.organiser_name, style=style), Text(str(len(a.pupil_ids)), style=style), key=str(a.id))

    # -- acting -------------------------------------------------------------------------------------

    def _class_id(self) -> int | None:
        table = self.query_one("#activity-classes", DataTable)
        if not table.row_count:
            return None
        return int(cursor_key(table))

    def _activity(self) -> ActivityRow | None:
        table = self.query_one("#activity-list", DataTable)
        if not table.row_count:
            self.notify(t("care.no_record"), severity="warning")
            return None
        return self.activities.get(str(cursor_key(table)))

    def _after(self, key: str):
        def done(result) -> None:
            if result:
                self.notify(t(key, title=getattr(result, "title", "")))
                self.reload()
        return done

    def action_new(self, class_id: int | None = None) -> None:
        from schoolcare.ui.care.activity_form import ActivityDialog

        self.app.push_screen(ActivityDialog(self.actor, self.class_list, class_id=class_id or self._class_id()),
                             self._after("care.saved.activity"))

    def action_edit(self) -> None:
        from schoolcare.ui.care.activity_form import ActivityDialog

        row = self._activity()
        if row is not None:
            self.app.push_screen(ActivityDialog(self.actor, self.class_list, row=row), self._after("care.saved.edit"))

    def action_withdraw(self) -> None:
        from schoolcare.ui.care.forms import WithdrawDialog

        row = self._activity()
        if row is not None:
            what = f"{day(row.date)} {row.class_name or t('care.activity.scope.school')} {row.title}"
            self.app.push_screen(WithdrawDialog(self.actor, "activity", row.id, what),
                                 self._after("care.saved.withdrawn"))

    @on(DataTable.RowSelected, "#activity-classes")
    def _class_chosen(self, event: DataTable.RowSelected) -> None:
        if self.actor.can(Permission.LOG_CARE):
            self.action_new(int(event.row_key.value))

    @on(DataTable.RowSelected, "#activity-list")
    def _activity_chosen(self, event: DataTable.RowSelected) -> None:
        if self.actor.can(Permission.LOG_CARE):
            self.action_edit()
