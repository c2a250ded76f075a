"""One pupil's file (一人一档): profile, the left-behind verdict with its inputs, family, situation notes, care teachers,
timeline — from which any record opens (Enter) to correct or withdraw, and a call, talk or visit is logged (c / t / v)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from schoolcare.domain import clock
from schoolcare.domain.registry import ASPECTS, PupilFile, TimelineEntry
from schoolcare.domain.roles import Permission
from schoolcare.domain.transfers import Move
from schoolcare.i18n import t
from schoolcare.services.accounts import school
from schoolcare.services.registry import pupils
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.corrections import RecordFetched, fetch_to_correct, open_correction, withdraw_form
from schoolcare.ui.kit import Table, cursor_key, plain
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.registry.transfer import file_with_moves, move_line
from schoolcare.ui.registry.wording import (
    category_names,
    gender_text,
    relation_text,
    review_text,
    status_text,
    yes_no,
)

WRITES = {"edit": Permission.EDIT_PUPILS, "add_guardian": Permission.EDIT_PUPILS, "add_note": Permission.EDIT_PUPILS,
          "confirm_review": Permission.ASSIGN_CARE_TEACHERS, "reassign": Permission.ASSIGN_CARE_TEACHERS,
          "log_call": Permission.LOG_CARE, "log_talk": Permission.LOG_CARE, "log_visit": Permission.LOG_CARE,
          "withdraw_record": Permission.LOG_CARE, "record_incident": Permission.RECORD_INCIDENT}


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _is(label: str, value: object) -> str:
    """"label：value" in Chinese, "label: value" in English (no full-width punctuation in the English UI)."""
    return t("keyboard.text.labelled", label=label, value=value)


def roles_text(roles: list[str]) -> str:
    """A guardian's roles in the family table, each on its own line so the column is as wide as one, and the phone
    stays whole beside the profile at 120 columns (issue 11)."""
    return "\n".join(roles)


def profile_lines(file: PupilFile, moves: tuple[Move, ...] = ()) -> list[str]:
    p = file.profile
    flags = tuple(f for f in ("left_behind", "in_difficulty", "migrant", "poverty") if getattr(p, f))
    lines = [
        _is(t("pupils.field.birth_date"), t("keyboard.text.aside", text=_date(p.birth_date),
                                            aside=t("pupils.age_years", age=p.age))),
        f"{_is(t('pupils.field.status'), status_text(p.status))}    {_is(t('pupils.field.boarding'), yes_no(p.boarding))}",
        *(move_line(m) for m in moves),  # 已转至 X（D） / 转自 X（D）, under the status
        _is(t("pupils.col.category"), category_names(flags or ("other",))),
        _is(t("pupils.field.address"), p.address or "—"),
    ]
    for name in ("national_id", "special_needs", "health_notes", "peer_helper", "caring_parent"):
        if getattr(p, name):
            lines.append(_is(t(f"pupils.field.{name}"), getattr(p, name)))
    lines.append(_is(t("pupils.field.enrolled_on"), _date(p.enrolled_on))
                 + (f"    {_is(t('pupils.field.left_on'), _date(p.left_on))}" if p.left_on else ""))
    return lines


def verdict_lines(file: PupilFile) -> list[str]:
    """The derived status and the rule's inputs beside it, so nobody has to take it on trust."""
    v = file.verdict
    lines = [t("pupils.verdict.yes") if v.left_behind else t("pupils.verdict.no"),
             t("pupils.verdict.rule"),
             t("pupils.verdict.inputs", age=v.age,
               father=yes_no(v.father_away) if v.father_away is not None else t("pupils.verdict.unknown"),
               mother=yes_no(v.mother_away) if v.mother_away is not None else t("pupils.verdict.unknown"),
               father_capable=yes_no(v.father_capable), mother_capable=yes_no(v.mother_capable))]
    if v.review:
        lines.append(t("pupils.verdict.review", flags=review_text(v.review)))
    lines.extend(t(f"pupils.warning.{w}") for w in file.warnings)
    return lines


def care_lines(file: PupilFile) -> list[str]:
    if not file.care_spells:
        return [t("pupils.no_teacher")]
    lines = []
    for spell in file.care_spells:
        if spell.current:
            lines.append(t("pupils.care.current", teacher=spell.teacher, start=_date(spell.start_on)))
        else:
            lines.append(t("pupils.care.past", teacher=spell.teacher, start=_date(spell.start_on),
                           end=_date(spell.end_on), reason=spell.end_reason or "—"))
    return lines


def note_lines(file: PupilFile) -> list[str]:
    lines = []
    for aspect in ASPECTS:
        note = file.current_note(aspect)
        history = len(file.note_history(aspect))
        head = t(f"pupils.aspect.{aspect}")
        if note is None:
            lines.append(_is(head, "—"))
        else:
            more = t("pupils.notes.earlier", n=history - 1) if history > 1 else ""
            lines.append(t("keyboard.text.note", head=head, date=_date(note.noted_on), author=note.author or "—",
                           text=note.text) + more)
    return lines


class PupilFileScreen(AreaScreen):
    TITLE_KEY = N_("pupils.file.title")
    AUTO_FOCUS = "#file-timeline"
    BINDINGS = [
        Binding("escape", "back", N_("pupils.key.back"), id="file.back"),
        Binding("e", "edit", N_("pupils.key.edit"), id="file.edit"),
        # Shown in help (F1), not the footer: at 120 columns it holds the care keys and the global ones.
        Binding("g", "add_guardian", N_("pupils.key.add_guardian"), show=False, id="file.add_guardian"),
        Binding("n", "add_note", N_("pupils.key.add_note"), id="file.add_note"),
        Binding("h", "note_history", N_("pupils.key.note_history"), show=False, id="file.note_history"),
        Binding("c", "log_call", N_("care.key.call"), id="file.log_call"),
        Binding("t", "log_talk", N_("care.key.talk"), id="file.log_talk"),
        Binding("v", "log_visit", N_("care.key.visit"), id="file.log_visit"),
        Binding("x", "withdraw_record", N_("care.key.withdraw"), show=False, id="file.withdraw_record"),
        Binding("i", "record_incident", N_("protection.key.record"), id="file.record_incident"),
        Binding("p", "counselling", N_("counselling.key.file"), show=False, id="file.counselling"),
        Binding("y", "confirm_review", N_("pupils.key.confirm_review"), show=False, id="file.confirm_review"),
        Binding("a", "reassign", N_("pupils.key.reassign"), show=False, id="file.reassign"),
        Binding("o", "old_history", N_("pupils.key.old_history"), show=False, id="file.old_history"),
        Binding("r", "reload", N_("common.reload"), show=False, id="file.reload"),
    ]

    class Loaded(Message):
        def __init__(self, file: PupilFile, moves: tuple[Move, ...] = ()) -> None:
            super().__init__()
            self.file = file
            self.moves = moves  # transfers between schools of the database, newest first

    def __init__(self, pupil_id: int) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.file: PupilFile | None = None
        self.moves: tuple[Move, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield Pending(id="file-heading", classes="area-heading")
        with VerticalScroll(id="file-body"):
            with Horizontal(id="file-top"):
                with Vertical(id="file-left"):
                    yield self._panel("pupils.file.profile", "file-profile")
                    yield self._panel("pupils.file.verdict", "file-verdict")
                    yield self._panel("pupils.file.care", "file-care")
                with Vertical(id="file-right"):
                    with Vertical(classes="panel", id="file-family-panel") as family:
                        family.border_title = t("pupils.file.family")
                        yield Table(id="file-guardians", cursor_type="row", zebra_stripes=True)
                    yield self._panel("pupils.file.notes", "file-notes")
            with Vertical(classes="panel", id="file-timeline-panel") as timeline:
                timeline.border_title = t("pupils.file.timeline")
                yield Table(id="file-timeline", cursor_type="row", zebra_stripes=True)

    def _panel(self, title_key: str, static_id: str) -> Vertical:
        panel = Vertical(Static("", id=static_id, markup=False), classes="panel")
        panel.border_title = t(title_key)
        return panel

    def on_mount(self) -> None:
        guardians = self.query_one("#file-guardians", DataTable)
        # What decides left-behind (away, capacity, who cares) first: at 120 columns contact details may scroll.
        for key in ("relation", "name", "away", "capacity", "role", "age", "phone", "work_place"):
            guardians.add_column(t(f"pupils.guardian.{key}"), key=key)
        timeline = self.query_one("#file-timeline", DataTable)
        for key in ("date", "kind", "summary", "by"):
            timeline.add_column(t(f"pupils.timeline.{key}"), key=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needed = WRITES.get(action)
        if needed is not None and not self.actor.can(needed):
            return False
        if action == "confirm_review":
            return bool(self.file and self.file.profile.left_behind_review)
        if action == "old_history":  # a pupil who moved here from another school of the database
            return any(m.direction == "in" for m in self.moves)
        return True

    def reload(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    def load(self) -> None:
        term = self.settings.calendar.current_or_last(clock.today())
        self.run_service(file_with_moves, self.actor, self.pupil_id, term.end,
                         then=lambda found: self.Loaded(*found), group="pupil-file")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.file = file = message.file
        self.moves = message.moves
        p = file.profile
        self.query_one("#file-heading", Pending).update(
            f"{p.name}  {p.student_no}  {p.class_name}  {gender_text(p.gender)}  {t('pupils.age_years', age=p.age)}")
        self.query_one("#file-profile", Static).update("\n".join(profile_lines(file, self.moves)))
        verdict = self.query_one("#file-verdict", Static)
        verdict.update("\n".join(verdict_lines(file)))
        verdict.set_class(bool(file.verdict.review or file.warnings), "problem")
        from schoolcare.ui.protection.counselling import line_for_file

        self.query_one("#file-care", Static).update("\n".join([*care_lines(file), line_for_file(file.counselling)]))
        self.query_one("#file-notes", Static).update("\n".join(note_lines(file)))
        guardians = self.query_one("#file-guardians", DataTable)
        guardians.clear()
        for g in file.guardians:
            roles = [t("pupils.guardian.day_to_day")] if g.day_to_day else []
            if g.entrusted:
                roles.append(t("pupils.guardian.entrusted"))
            guardians.add_row(plain(relation_text(g.relation)), plain(g.name), plain(yes_no(g.away)),
                              plain(t(f"pupils.capacity_short.{g.capacity}")), plain(roles_text(roles)),
                              plain(g.age or ""), plain(g.phone), plain(g.work_place), key=str(g.id),
                              height=len(roles) or 1)
        timeline = self.query_one("#file-timeline", DataTable)
        timeline.clear()
        for n, entry in enumerate(file.timeline):
            summary = entry.summary + (t("pupils.timeline.withdrawn") if entry.withdrawn else "")
            if entry.kind == "incident":
                from schoolcare.ui.protection.wording import timeline_text

                summary = timeline_text(entry, self.settings)
            timeline.add_row(plain(entry.date.isoformat()), plain(t(f"pupils.kind.{entry.kind}")), plain(summary),
                             plain(entry.by), key=f"{entry.kind}:{entry.id}:{n}")
        if not file.timeline:
            timeline.add_row(plain(""), plain(t("pupils.timeline.empty")), plain(""), plain(""))
        self.refresh_bindings()

    # -- actions ----------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _after_edit(self, result) -> None:
        if result:
            self.load()

    def action_edit(self) -> None:
        from schoolcare.ui.registry.pupil_forms import PupilDialog

        if self.file:
            self.app.push_screen(PupilDialog(self.actor, self.file.profile), self._after_edit)

    def action_add_guardian(self) -> None:
        from schoolcare.ui.registry.pupil_forms import GuardianDialog

        self.app.push_screen(GuardianDialog(self.actor, self.pupil_id, None), self._after_edit)

    @on(DataTable.RowSelected, "#file-guardians")
    def _edit_guardian(self, event: DataTable.RowSelected) -> None:
        from schoolcare.ui.registry.pupil_forms import GuardianDialog

        if self.file is None or not self.actor.can(Permission.EDIT_PUPILS):
            return
        guardian = next((g for g in self.file.guardians if str(g.id) == event.row_key.value), None)
        if guardian is not None:
            self.app.push_screen(GuardianDialog(self.actor, self.pupil_id, guardian), self._after_edit)

    def action_add_note(self) -> None:
        from schoolcare.ui.registry.pupil_forms import NoteDialog

        self.app.push_screen(NoteDialog(self.actor, self.pupil_id), self._after_edit)

    def action_old_history(self) -> None:
        from schoolcare.ui.registry.transfer import OldHistoryScreen

        if any(m.direction == "in" for m in self.moves):
            self.app.push_screen(OldHistoryScreen(self.actor, self.pupil_id))

    def action_note_history(self) -> None:
        from schoolcare.ui.registry.pupil_forms import NoteHistoryScreen

        if self.file:
            self.app.push_screen(NoteHistoryScreen(self.file))

    def action_reassign(self) -> None:
        from schoolcare.ui.registry.assignments import AssignDialog

        if self.file:
            current = self.file.care_teacher
            self.app.push_screen(AssignDialog(self.actor, [self.pupil_id], needs_reason=current is not None),
                                 self._after_edit)

    def action_confirm_review(self) -> None:
        self.confirm_review()

    class Reviewed(Message):
        pass

    def confirm_review(self) -> None:
        self.run_service(pupils.confirm_review, self.actor, self.pupil_id, then=lambda _none: self.Reviewed(),
                         group="pupil-file-write")

    @on(Reviewed)
    def _reviewed(self) -> None:
        self.notify(t("pupils.review_confirmed"))
        self.load()

    # -- care records: logged from the file, any record of the timeline corrected or withdrawn ------------

    class StaffLoaded(Message):
        """The active staff a visit's follow-up may be given to, read when the visit form is asked for."""

        def __init__(self, staff: list[tuple[str, int]]) -> None:
            super().__init__()
            self.staff = staff

    def _after_care(self, key: str):
        def done(result) -> None:
            if result:
                self.notify(t(key, name=self.file.profile.name if self.file else ""))
                self.load()
        return done

    def action_log_call(self) -> None:
        from schoolcare.ui.care.forms import CallDialog

        if self.file:
            self.app.push_screen(CallDialog(self.actor, self.pupil_id, self.file.profile.name),
                                 self._after_care("care.saved.call"))

    def action_log_talk(self) -> None:
        from schoolcare.ui.care.forms import TalkDialog

        if self.file:
            self.app.push_screen(TalkDialog(self.actor, self.pupil_id, self.file.profile.name),
                                 self._after_care("care.saved.talk"))

    def action_record_incident(self) -> None:
        from schoolcare.ui.protection.incident_forms import record_for

        if self.file:
            record_for(self.app, self.actor, self.pupil_id, self.file.profile.name, then=self.load)

    def action_counselling(self) -> None:
        from schoolcare.ui.protection.counselling import CounsellingScreen

        if self.file:
            self.app.push_screen(CounsellingScreen(self.pupil_id, self.file.profile.name))

    def action_log_visit(self) -> None:
        if self.file:
            self.run_service(active_staff, self.actor, then=self.StaffLoaded, group="pupil-file-staff")

    @on(StaffLoaded)
    def _visit_form(self, message: StaffLoaded) -> None:
        from schoolcare.ui.care.forms import VisitDialog

        if self.file:
            self.app.push_screen(VisitDialog(self.actor, self.pupil_id, self.file.profile.name, staff=message.staff),
                                 self._after_care("care.saved.visit"))

    def highlighted_entry(self) -> TimelineEntry | None:
        if self.file is None or not self.file.timeline:
            return None
        table = self.query_one("#file-timeline", DataTable)
        key = str(cursor_key(table)) if table.row_count else ""
        return next((e for n, e in enumerate(self.file.timeline) if f"{e.kind}:{e.id}:{n}" == key), None)

    @on(DataTable.RowSelected, "#file-timeline")
    def _open_record(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.highlighted_entry()
        if entry is not None and entry.kind == "incident":
            from schoolcare.ui.protection.incidents import open_timeline_incident

            open_timeline_incident(self, entry)
            return
        if entry is None:
            return
        if not self.actor.can(Permission.LOG_CARE):
            self.notify(t("care.records.read_only"), severity="warning")
            return
        fetch_to_correct(self, entry.kind, entry.id)

    @on(RecordFetched)
    def _correct(self, message: RecordFetched) -> None:
        message.stop()
        open_correction(self, message.row, self._after_care("care.saved.edit"))

    def action_withdraw_record(self) -> None:
        entry = self.highlighted_entry()
        if entry is None or entry.kind == "incident":
            self.notify(t("care.no_record"), severity="warning")
            return
        what = f"{entry.date.isoformat()} {t(f'pupils.kind.{entry.kind}')} {entry.summary}"
        self.app.push_screen(withdraw_form(self.actor, entry.kind, entry.id, what),
                             self._after_care("care.saved.withdrawn"))


def active_staff(actor) -> list[tuple[str, int]]:
    """Who a home visit's follow-up may be given to: the school's active staff."""
    return [(s.name, s.id) for s in school.list_staff(actor) if s.active]
