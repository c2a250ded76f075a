"""The home screen, one per role: the coordinator's school glance with its problems, a teacher's own pupils,
the principal's read-only term progress (reports/progress.py)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static

from schoolcare.domain.compliance import OverdueList
from schoolcare.domain.quarters import QuarterReminder
from schoolcare.domain.records import SchoolGlance
from schoolcare.domain.registry import PupilQuery, PupilRow
from schoolcare.domain.roles import Actor, Role
from schoolcare.domain.settings import Settings
from schoolcare.domain.setup import SetupSteps
from schoolcare.i18n import label, t
from schoolcare.services.accounts import school
from schoolcare.services.accounts.setup_steps import setup_steps
from schoolcare.services.care import rules
from schoolcare.services.registry import pupil_list
from schoolcare.services.reports import quarterly
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.week import CareWeekView
from schoolcare.ui.kit import Figure, Figures
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.kit.loading import PendingWrapped
from schoolcare.ui.protection.banner import OverdueBanner, OverdueReports
from schoolcare.ui.protection.dropout_banner import OverdueDropouts
from schoolcare.ui.reports.progress import TermProgressView
from schoolcare.ui.reports.quarterly import reminder_lines

UNASSIGNED = PupilQuery(category="left_behind", no_care_teacher=True, limit=50)


def glance_figures(glance: SchoolGlance) -> list[Figure]:
    """The coordinator's glance as figures; gaps in care coverage and overdue fixes stand out."""
    return [
        Figure(t("glance.pupils"), glance.pupils),
        Figure(t("glance.left_behind"), glance.left_behind),
        Figure(t("glance.in_difficulty"), glance.in_difficulty),
        Figure(t("glance.unassigned"), glance.unassigned_left_behind, glance.unassigned_left_behind > 0),
        Figure(t("glance.classes"), glance.classes),
        Figure(t("glance.staff"), glance.staff),
        Figure(t("glance.open_hazards"), glance.open_hazards),
        Figure(t("glance.overdue_hazards"), glance.overdue_hazards, glance.overdue_hazards > 0),
        Figure(t("glance.open_incidents"), glance.open_incidents, glance.open_incidents > 0),
    ]


def coordinator_home(actor: Actor, settings: Settings):
    """Everything the coordinator's home shows, read in one unit of work: the glance, the pupils without a care
    teacher, the quarterly reminder, the overdue lists and the set-up steps."""
    return (school.glance(actor), list(pupil_list.list_pupils(actor, UNASSIGNED).rows), quarterly.reminder(actor),
            rules.overdue(actor, settings), setup_steps(actor))


# The keys that add a class by hand (the first step's other way): the admin area, its classes tab (→ from the tab
# bar, where focus lands), n. The roster import's keys are the step's own (domain.setup.STEP_KEYS).
ADD_CLASS_KEYS = ("7", "→", "n")


def setup_lines(steps: SetupSteps | None) -> list[str]:
    """A new school's next steps, each ticked when done, each with the keys that open its place; nothing once
    the school is running (SetupSteps.walking)."""
    if steps is None or not steps.walking:
        return []
    lines = [t("home.setup.heading")]
    for n, step in enumerate(steps.steps, start=1):
        mark = "✓" if step.done else "☐"
        then = t("home.setup.then")
        if step.name == "roster":  # two ways to the same step, each with its keys
            lines.append(t("home.setup.step_roster", mark=mark, n=n, import_keys=then.join(step.keys),
                           class_keys=then.join(ADD_CLASS_KEYS)))
            continue
        lines.append(t("home.setup.step", mark=mark, n=n, what=t(f"home.setup.{step.name}"),
                       keys=then.join(step.keys)))
    return lines


def problem_lines(glance: SchoolGlance, unassigned: list[PupilRow], reminder: QuarterReminder | None = None,
                  overdue: list[OverdueList] = ()) -> list[str]:
    """What the coordinator should act on, in words; empty when all is well."""
    lines = reminder_lines(reminder)
    if glance.unassigned_left_behind:
        lines.append(t("home.problem_unassigned", n=glance.unassigned_left_behind))
        lines.extend(f"  · {p.class_name} {p.student_no} {p.name}" for p in unassigned)
    late = [(label(o.rule.name), len(o.items)) for o in overdue if o.items]
    if late:  # the same figures as the Care log's overdue lists: one engine
        lines.append(t("home.problem_overdue_care"))
        lines.extend(t("home.problem_overdue_rule", rule=name, n=n) for name, n in late)
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
        Binding("o", "overdue", N_("care.key.overdue"), id="home.overdue"),
        Binding("u", "unassigned", N_("pupils.key.unassigned_home"), id="home.unassigned"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("unassigned", "overdue"):
            return self.actor.role is Role.COORDINATOR
        return True

    async def action_unassigned(self) -> None:
        """The problem's link: the pupil list filtered to pupils without a care teacher."""
        from schoolcare.ui.registry.pupils import open_unassigned

        await open_unassigned(self.app)

    class Loaded(Message):
        def __init__(self, glance: SchoolGlance, unassigned: list[PupilRow], reminder: QuarterReminder | None,
                     overdue: list[OverdueList], steps: SetupSteps | None = None) -> None:
            super().__init__()
            self.glance = glance
            self.unassigned = unassigned
            self.reminder = reminder
            self.overdue = overdue
            self.steps = steps

    def compose_body(self) -> ComposeResult:
        role = self.actor.role
        heading = {Role.COORDINATOR: "home.coordinator_heading", Role.TEACHER: "home.teacher_heading",
                   Role.PRINCIPAL: "home.principal_heading"}[role]
        if role is Role.PRINCIPAL:  # the principal's home is the term progress
            yield Label(f"{t(heading, name=self.actor.name)} {t('home.read_only')}", classes="area-heading",
                        markup=False)
            yield OverdueReports()  # overdue mandatory reports stand first (ui/protection/banner.py)
            yield TermProgressView()
            return
        if role is Role.TEACHER:  # a teacher's home is their week (care/week.py)
            yield Label(t(heading, name=self.actor.name), classes="area-heading", markup=False)
            yield CareWeekView(id="teacher-week")
            return
        yield Label(t(heading, name=self.actor.name), classes="area-heading", markup=False)
        yield OverdueReports()
        yield OverdueDropouts()  # late dropout cases (ui/protection/dropout_banner.py)
        with Horizontal(id="home-panels"):
            with Vertical(id="home-glance", classes="panel") as glance:
                glance.border_title = t("home.glance")
                yield Figures(id="glance")
            # Focusable so Tab reaches it and the arrows scroll it where the list is longer than the screen (80×24).
            with VerticalScroll(id="home-problems", classes="panel", can_focus=True) as problems:
                problems.border_title = t("home.problems")
                yield PendingWrapped(id="problems")  # wraps as Chinese is read

    def action_reload(self) -> None:
        self.reload()

    def action_overdue(self) -> None:
        """The overdue lists per rule (care/overdue.py), scoped like everything else."""
        from schoolcare.ui.care.overdue import OverdueScreen

        self.app.push_screen(OverdueScreen())

    def reload(self) -> None:
        if self.actor.role is Role.TEACHER:  # the week reloads the banners it holds itself (CareWeekView.load)
            self.query_one(CareWeekView).reload()
            return
        for banner in self.query(OverdueBanner):
            banner.reload()
        if self.actor.role is Role.PRINCIPAL:
            self.query_one(TermProgressView).refresh_figures()
            return
        self.load()

    def load(self) -> None:
        """The coordinator's glance and problems (the other roles' homes load their own views); a failure is
        shown to the user (AreaScreen), nothing to keep on a read."""
        self.run_service(coordinator_home, self.actor, self.settings, then=lambda found: self.Loaded(*found),
                         group="home")

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        await self.query_one("#glance", Figures).show(glance_figures(message.glance))
        steps = setup_lines(message.steps)  # a new school's next steps come first
        lines = problem_lines(message.glance, message.unassigned, message.reminder, message.overdue)
        problems = self.query_one("#problems", Static)
        problems.update("\n".join(steps + ([""] if steps and lines else []) + lines) if steps or lines
                        else t("home.no_problems"))
        problems.set_class(bool(lines), "problem")

