"""The activity form: a class meeting or team activity (or the school's themed activity) with the pupils who took part.

Picking a class loads its pupils with the left-behind ones ticked; Space ticks
or unticks, Ctrl+S saves.
"""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from schoolcare.domain import clock
from schoolcare.domain.care import ACTIVITY_KINDS, ActivityDraft, ActivityRow, RosterPick
from schoolcare.domain.records import ClassRow
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import t
from schoolcare.services.care import activities
from schoolcare.ui.care.forms import CareDialog, correction_reason_field, field, late_entry_field, text_of
from schoolcare.ui.kit import FormField


def pick_line(pick: RosterPick) -> str:
    mark = f"  · {t('care.activity.left_behind')}" if pick.left_behind else ""
    return f"{pick.student_no}  {pick.name}  {pick.class_name}{mark}"


class ActivityDialog(CareDialog):
    """New (row None) or a correction of an activity; its scope and class stay as recorded."""

    class RosterLoaded(Message):
        def __init__(self, picks: list[RosterPick]) -> None:
            super().__init__()
            self.picks = picks

    def __init__(self, actor: Actor, classes: list[ClassRow], *, class_id: int | None = None,
                 row: ActivityRow | None = None) -> None:
        super().__init__(actor)
        self.class_list = classes
        self.row = row
        self.class_id = row.class_id if row else class_id
        self.scope = row.scope if row else "class"
        self.corrects = row is not None

    def compose(self) -> ComposeResult:
        r = self.row
        scopes = [(t("care.activity.scope.class"), "class")]
        if self.actor.can(Permission.VIEW_ALL_PUPILS):
            scopes.append((t("care.activity.scope.school"), "school"))
        with VerticalScroll(classes="dialog", id="activity-form"):
            title = t("care.activity.edit_title", title=r.title) if r else t("care.activity.title")
            yield Label(title, classes="dialog-title", markup=False)
            if r is not None:
                yield correction_reason_field()
            yield field("scope", Select(scopes, value=self.scope, allow_blank=False, id="scope", disabled=r is not None))
            yield field("class", Select([(c.name, c.id) for c in self.class_list], prompt=t("care.choose"),
                                        value=self.class_id if self.class_id else Select.NULL, id="class",
                                        disabled=r is not None))
            yield field("kind", Select([(t(f"care.activity.kind.{k}"), k) for k in ACTIVITY_KINDS],
                                       value=r.kind if r else "class_meeting", allow_blank=False, id="kind"))
            yield field("date", Input(text_of(r.date) if r else clock.today().isoformat(), id="date"),
                        t("care.date_hint"))
            yield field("title", Input(r.title if r else "", id="title"))
            yield field("summary", Input(r.summary if r else "", id="summary"))
            yield FormField(t("care.field.pupils"), SelectionList[int](id="activity-pupils"), name="pupils")
            yield Static(t("care.activity.pupils_hint"), classes="hint", markup=False)
            if r is None:
                yield late_entry_field()
            yield from self.buttons()

    def on_mount(self) -> None:
        self.load_roster()

    @on(Select.Changed, "#scope, #class")
    def _scope_or_class(self, event: Select.Changed) -> None:
        event.stop()
        scope = self.query_one("#scope", Select).value
        self.query_one("#field-class").display = scope == "class"
        if scope == "school":
            self.query_one("#kind", Select).value = "themed_care"
        self.load_roster()

    def load_roster(self) -> None:
        scope = self.query_one("#scope", Select).value
        class_id = self.choice("class", None)
        if scope == "class" and class_id is None:
            self.workers.cancel_group(self, "activity-roster")  # an older class's pupils must not arrive after
            self.post_message(self.RosterLoaded([]))
            return
        self.run_service(activities.roster, self.actor, scope, class_id, then=self.RosterLoaded, failed=self.Failed,
                         group="activity-roster")

    @on(RosterLoaded)
    def _roster(self, message: RosterLoaded) -> None:
        pupils = self.query_one("#activity-pupils", SelectionList)
        pupils.clear_options()
        took_part = set(self.row.pupil_ids) if self.row else None
        pupils.add_options([
            Selection(pick_line(p), p.pupil_id, p.pupil_id in took_part if took_part is not None else p.preselected)
            for p in message.picks
        ])

    def collect(self) -> dict:
        return {
            "scope": self.query_one("#scope", Select).value, "class_id": self.choice("class", None),
            "kind": self.choice("kind", "class_meeting"), "date": self.value("date"), "title": self.value("title"),
            "summary": self.value("summary"),
            "pupil_ids": tuple(self.query_one("#activity-pupils", SelectionList).selected),
            "reason": self.value("edit_reason") if self.row is not None else "",
            "backdate_reason": self.late_reason(),
        }

    def service(self, values: dict):
        if self.row is not None:
            return activities.edit_activity(
                self.actor, self.row.id, pupil_ids=list(values["pupil_ids"]), reason=values["reason"],
                **{k: values[k] for k in ("kind", "date", "title", "summary")})
        if values["scope"] == "school":
            values["class_id"] = None
        values.pop("reason")
        return activities.log_activity(self.actor, ActivityDraft(**values), backdate_days=self.settings.backdate_days)
