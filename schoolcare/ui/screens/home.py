"""The home screen, one per role: the coordinator's school glance with its problems, a teacher's own pupils,
the principal's read-only term progress (screens/reports.py)."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from schoolcare.domain.quarters import QuarterReminder
from schoolcare.domain.records import SchoolGlance
from schoolcare.domain.roles import Role
from schoolcare.services import pupils_basic, quarterly, school
from schoolcare.services.pupils_basic import PupilBrief
from schoolcare.ui.bindings import N_
from schoolcare.ui.i18n import t
from schoolcare.ui.screens.base import AreaScreen
from schoolcare.ui.screens.care_week import CareWeekView
from schoolcare.ui.screens.reports import TermProgressView, reminder_lines
from schoolcare.ui.widgets import Figure, Figures, fill_table
from schoolcare.ui.worker import ServiceFailed, call


def glance_figures(glance: SchoolGlance, role: Role = Role.COORDINATOR) -> list[Figure]:
    """The glance as figures; gaps in care coverage and overdue fixes stand out.

    A teacher sees the figures about their own pupils only (the school-wide
    counts of classes, staff and hazards are not theirs to act on).
    """
    pupils = [
        Figure(t("glance.pupils"), glance.pupils),
        Figure(t("glance.left_behind"), glance.left_behind),
        Figure(t("glance.in_difficulty"), glance.in_difficulty),
    ]
    incidents = Figure(t("glance.open_incidents"), glance.open_incidents, glance.open_incidents > 0)
    if role is Role.TEACHER:
        return [*pupils, incidents]
    return [
        *pupils,
        Figure(t("glance.unassigned"), glance.unassigned_left_behind, glance.unassigned_left_behind > 0),
        Figure(t("glance.classes"), glance.classes),
        Figure(t("glance.staff"), glance.staff),
        Figure(t("glance.open_hazards"), glance.open_hazards),
        Figure(t("glance.overdue_hazards"), glance.overdue_hazards, glance.overdue_hazards > 0),
        incidents,
    ]


def problem_lines(glance: SchoolGlance, unassigned: list[PupilBrief],
                  reminder: QuarterReminder | None = None) -> list[str]:
    """What the coordinator should act on, in words; empty when all is well."""
    lines = reminder_lines(reminder)
    if glance.unassigned_left_behind:
        lines.append(t("home.problem_unassigned", n=glance.unassigned_left_behind))
        lines.extend(f"  · {p.class_name} {p.student_no} {p.name}" for p in unassigned)
    if glance.overdue_hazards:
        lines.append(t("home.problem_overdue_hazards", n=glance.overdue_hazards))
    if glance.open_incidents:
        lines.append(t("home.problem_open_incidents", n=glance.open_incidents))
    return lines


class HomeScreen(AreaScreen):
    """Where every user lands after logging in."""

    TITLE_KEY = N_("nav.home")
    BINDINGS = [
        Binding("r", "reload", N_("common.reload"), id="home.reload"),
        Binding("o", "overdue", N_("care.key.overdue"), show=False, id="home.overdue"),
        Binding("u", "unassigned", N_("pupils.key.unassigned_home"), id="home.unassigned"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unassigned":
            return self.actor.role is Role.COORDINATOR
        return True

    async def action_unassigned(self) -> None:
        """The problem's link: the pupil list filtered to pupils without a care teacher."""
        from schoolcare.ui.screens.pupils import open_unassigned

        await open_unassigned(self.app)

    class Loaded(Message):
        def __init__(self, glance: SchoolGlance, pupils: list[PupilBrief],
                     reminder: QuarterReminder | None = None) -> None:
            super().__init__()
            self.glance = glance
            self.pupils = pupils
            self.reminder = reminder

    def compose_body(self) -> ComposeResult:
        role = self.actor.role
        heading = {Role.COORDINATOR: "home.coordinator_heading", Role.TEACHER: "home.teacher_heading",
                   Role.PRINCIPAL: "home.principal_heading"}[role]
        if role is Role.PRINCIPAL:  # the principal's home is the term progress
            yield Label(f"{t(heading, name=self.actor.name)} {t('home.read_only')}", classes="area-heading",
                        markup=False)
            yield TermProgressView()
            return
        if role is Role.TEACHER:  # a teacher's home is their week (screens/care_week.py)
            yield Label(t(heading, name=self.actor.name), classes="area-heading", markup=False)
            yield CareWeekView(id="teacher-week")
            return
        yield Label(t(heading, name=self.actor.name), classes="area-heading", markup=False)
        with Horizontal(id="home-panels"):
            with Vertical(id="home-glance", classes="panel") as glance:
                glance.border_title = t("home.glance")
                yield Figures(id="glance")
            if role is Role.COORDINATOR:
                with Vertical(id="home-problems", classes="panel") as problems:
                    problems.border_title = t("home.problems")
                    yield Static(t("common.loading"), id="problems", markup=False)
            elif role is Role.TEACHER:
                with Vertical(id="home-pupils", classes="panel") as pupils:
                    pupils.border_title = t("home.my_pupils")
                    yield DataTable(id="my-pupils", cursor_type="row", zebra_stripes=True)
            else:
                with Vertical(id="home-note", classes="panel"):
                    yield Static(t("home.read_only"), classes="hint", markup=False)

    def action_reload(self) -> None:
        self.reload()

    def action_overdue(self) -> None:
        """The overdue lists per rule (screens/care_overdue.py), scoped like everything else."""
        from schoolcare.ui.screens.care_overdue import OverdueScreen

        self.app.push_screen(OverdueScreen())

    def reload(self) -> None:
        if self.actor.role is Role.PRINCIPAL:
            self.query_one(TermProgressView).refresh_figures()
            return
        if self.actor.role is Role.TEACHER:
            self.query_one(CareWeekView).reload()
            return
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def load(self) -> None:
        actor = self.actor
        reminder = None
        try:
            glance = call(school.glance, actor)
            if actor.role is Role.COORDINATOR:
                pupils = call(pupils_basic.unassigned_left_behind, actor)
                reminder = call(quarterly.reminder, actor)
            elif actor.role is Role.TEACHER:
                pupils = call(pupils_basic.list_pupils, actor)
            else:
                pupils = []
        except Exception as error:  # shown to the user; nothing to keep on a read
            self.post_message(ServiceFailed(error))
            return
        self.post_message(self.Loaded(glance, pupils, reminder))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        role = self.actor.role
        await self.query_one("#glance", Figures).show(glance_figures(message.glance, role))
        if role is Role.COORDINATOR:
            lines = problem_lines(message.glance, message.pupils, message.reminder)
            problems = self.query_one("#problems", Static)
            problems.update("\n".join(lines) if lines else t("home.no_problems"))
            problems.set_class(bool(lines), "problem")
        elif role is Role.TEACHER:
            fill_table(self.query_one("#my-pupils", DataTable), pupil_columns(), pupil_rows(message.pupils))
            if not message.pupils:
                self.notify(t("home.no_pupils"))


def pupil_columns() -> list[str]:
    return [t("column.student_no"), t("column.name"), t("column.class"), t("column.category"),
            t("column.care_teacher")]


def pupil_rows(pupils: list[PupilBrief]):
    for p in pupils:
        yield str(p.id), (p.student_no, p.name, p.class_name, category(p), p.care_teacher or t("common.none"))


def category(pupil: PupilBrief) -> str:
    parts = [t("category.left_behind")] if pupil.left_behind else []
    if pupil.in_difficulty:
        parts.append(t("category.in_difficulty"))
    return "、".join(parts) or t("common.none")
