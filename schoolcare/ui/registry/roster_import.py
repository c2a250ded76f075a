"""Roster import: pick a file, see every row that would be created, updated or rejected (and why), then confirm."""
from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Static, TabbedContent, TabPane

from schoolcare.domain.roles import Permission
from schoolcare.domain.roster import ImportResult, RosterPreview, RowPlan
from schoolcare.i18n import language, reason, t
from schoolcare.services.registry import roster_import
from schoolcare.services.registry.roster_columns import column_label, parents_text
from schoolcare.ui.bindings import N_
from schoolcare.ui.kit import Table, plain
from schoolcare.ui.kit.base import AreaScreen
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.worker import explain


def summary_text(preview: RosterPreview) -> str:
    lines = [t("pupils.import.summary", creates=len(preview.creates), updates=len(preview.updates),
               unchanged=preview.unchanged, rejected=len(preview.rejected_rows))]
    ignored = "、".join(preview.ignored) if preview.ignored else t("pupils.import.none")
    lines.append(t("pupils.import.header_at", row=preview.header_row, ignored=ignored))
    if preview.new_classes:
        lines.append(t("pupils.import.new_classes", names="、".join(preview.new_classes)))
    if preview.homerooms:
        pairs = "、".join(t("pupils.import.homeroom_pair", class_name=c, teacher=name) for c, name in preview.homerooms)
        lines.append(t("pupils.import.homerooms", pairs=pairs))
    lines.append(t("pupils.import.left_behind_found", count=preview.left_behind))
    return "\n".join(lines)


def family_cells(plan: RowPlan) -> tuple[str, str]:
    """A row's parents as the import read them, and whether the pupil will count as left-behind."""
    return parents_text(plan.parents, language()), t("pupils.import.left_behind_yes") if plan.left_behind else ""


def enrolled_cell(plan: RowPlan) -> str:
    return t("pupils.import.enrolled_today", date=plan.enrolled_on) if plan.enrolled_default else plan.enrolled_on


class ImportScreen(AreaScreen):
    TITLE_KEY = N_("pupils.import.title")
    BINDINGS = [
        Binding("escape", "back", N_("pupils.key.back"), id="import.back"),
        Binding("y", "confirm", N_("pupils.import.key_confirm"), id="import.confirm"),
        Binding("p", "preview", N_("pupils.import.key_preview"), show=False, id="import.preview"),
    ]

    class Previewed(Message):
        def __init__(self, path: str, preview: RosterPreview) -> None:
            super().__init__()
            self.path = path
            self.preview = preview

    class Imported(Message):
        def __init__(self, preview: RosterPreview, result: ImportResult) -> None:
            super().__init__()
            self.preview = preview
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self.preview: RosterPreview | None = None
        self.previewed_path = ""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="import-file-row"):
            yield Input(placeholder=t("pupils.import.path_placeholder"), id="import-path")
            yield Button(t("pupils.import.preview_button"), id="preview")
            yield Button(t("pupils.import.confirm_button"), variant="primary", id="confirm", disabled=True)
        yield Pending(t("pupils.import.explain"), waiting=False, id="import-summary")
        with TabbedContent(id="import-tabs"):
            with TabPane(t("pupils.import.tab_rejected"), id="tab-rejected"):
                yield Table(id="import-rejected", cursor_type="row", zebra_stripes=True)
            with TabPane(t("pupils.import.tab_creates"), id="tab-creates"):
                yield Table(id="import-creates", cursor_type="row", zebra_stripes=True)
            with TabPane(t("pupils.import.tab_updates"), id="tab-updates"):
                yield Table(id="import-updates", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#import-rejected", DataTable).add_columns(
            t("pupils.import.col_row"), t("pupils.import.col_column"), t("pupils.import.col_reason"),
            t("pupils.import.col_value"))
        self.query_one("#import-creates", DataTable).add_columns(
            t("pupils.import.col_row"), t("pupils.col.student_no"), t("pupils.col.name"), t("pupils.col.class"),
            t("pupils.import.col_parents"), t("pupils.import.col_left_behind"), t("pupils.import.col_enrolled"),
            t("pupils.import.col_homeroom"))
        self.query_one("#import-updates", DataTable).add_columns(
            t("pupils.import.col_row"), t("pupils.col.student_no"), t("pupils.col.name"), t("pupils.import.col_changes"),
            t("pupils.import.col_parents"), t("pupils.import.col_left_behind"))
        self.query_one("#import-path", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "preview") and not self.actor.can(Permission.IMPORT_ROSTER):
            return False
        if action == "confirm":
            return self._can_confirm()
        return True

    def _can_confirm(self) -> bool:
        preview = self.preview
        return preview is not None and (preview.writes_anything or bool(preview.new_classes))

    # -- preview ----------------------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.notify(t("pupils.import.path_needed"), severity="warning")
            return
        self.query_one("#import-summary", Pending).wait()
        self.run_preview(str(Path(path).expanduser()))

    def run_preview(self, path: str) -> None:
        self.run_service(roster_import.preview_roster, self.actor, path,
                         then=lambda preview: self.Previewed(path, preview), failed=self.Unreadable, group="import")

    class Unreadable(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    @on(Unreadable)
    def _unreadable(self, message: Unreadable) -> None:
        """A file that is not a roster: say why where the summary goes, and offer nothing to confirm."""
        self.preview = None
        self.query_one("#import-summary", Static).update(explain(message.error))
        self.query_one("#confirm", Button).disabled = True
        self.refresh_bindings()

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        self.preview, self.previewed_path = message.preview, message.path
        self._show(message.preview)
        self.query_one("#import-summary", Static).update(summary_text(message.preview))
        self.query_one("#confirm", Button).disabled = not self._can_confirm()
        tabs = self.query_one("#import-tabs", TabbedContent)
        tabs.active = "tab-rejected" if message.preview.rejected else "tab-creates"
        self.query_one("#import-rejected" if message.preview.rejected else "#import-creates", DataTable).focus()
        self.refresh_bindings()

    def _show(self, preview: RosterPreview) -> None:
        rejected = self.query_one("#import-rejected", DataTable)
        rejected.clear()
        for problem in preview.rejected:
            rejected.add_row(plain(problem.row), plain(problem.column),
                             plain(reason(problem.code, dict(problem.params))), plain(problem.value))
        creates = self.query_one("#import-creates", DataTable)
        creates.clear()
        for plan in preview.creates:
            creates.add_row(plain(plan.row), plain(plan.student_no), plain(plan.name), plain(plan.class_name),
                            *map(plain, family_cells(plan)), plain(enrolled_cell(plan)), plain(plan.homeroom))
        updates = self.query_one("#import-updates", DataTable)
        updates.clear()
        for plan in preview.updates:
            changes = "、".join(column_label(name, language()) for name, _old, _new in plan.changes)
            updates.add_row(plain(plan.row), plain(plan.student_no), plain(plan.name), plain(changes),
                            *map(plain, family_cells(plan)))
        tabs = self.query_one("#import-tabs", TabbedContent)
        tabs.get_tab("tab-rejected").label = f"{t('pupils.import.tab_rejected')} ({len(preview.rejected)})"
        tabs.get_tab("tab-creates").label = f"{t('pupils.import.tab_creates')} ({len(preview.creates)})"
        tabs.get_tab("tab-updates").label = f"{t('pupils.import.tab_updates')} ({len(preview.updates)})"

    # -- confirm ----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if not self._can_confirm():
            return
        self.query_one("#confirm", Button).disabled = True
        self.run_import(self.previewed_path)

    def run_import(self, path: str) -> None:
        self.run_service(roster_import.import_roster, self.actor, path, then=lambda done: self.Imported(*done),
                         group="import")

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        r = message.result
        done = t("pupils.import.done", created=r.created, updated=r.updated, unchanged=r.unchanged,
                 rejected=r.rejected_rows)
        if r.homerooms:
            done += "\n" + t("pupils.import.homerooms_done", count=r.homerooms)
        self.preview = None
        self.query_one("#import-summary", Static).update(done)
        self.notify(done)
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()
