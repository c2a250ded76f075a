"""The county ledgers tab (台账): the county master ledger, the quarterly roll-up for civil affairs and the county
term report, each exported to a file (a path in a terminal, a download in a browser: ui/kit/exports.py)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.quarters import Quarter
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.i18n import label, language, t
from schoolcare.services.care import rules as rules_engine
from schoolcare.services.county import county_ledgers
from schoolcare.ui.bindings import N_
from schoolcare.ui.county.area import CountyPane
from schoolcare.ui.kit import FormField
from schoolcare.ui.kit.base import PaletteCommand
from schoolcare.ui.kit.export_dialog import ExportDialog
from schoolcare.ui.kit.loading import Pending

KINDS = county_ledgers.KINDS  # county-ledger | county-quarterly | county-term-report
WORDS = {"county-ledger": N_("county_ledger.what.ledger"), "county-quarterly": N_("county_ledger.what.quarterly"),
         "county-term-report": N_("county_ledger.what.term")}


class CountyExportDialog(ExportDialog):
    """One county ledger to a file: which, xlsx or csv, the term (or the quarter), where."""

    def __init__(self, actor: Actor, settings: Settings, what: str = "county-ledger") -> None:
        super().__init__()
        self.actor, self.settings = actor, settings
        self.what = what if what in KINDS else KINDS[0]
        today = clock.today()
        self.term_id = rules_engine.term_for(settings, None, today).id
        self.quarter = Quarter.of(today).label

    def compose(self) -> ComposeResult:
        terms = [(label(term.name), term.id) for term in self.settings.calendar.terms]
        with VerticalScroll(classes="dialog", id="county-export"):
            yield Label(t("county_ledger.export_title"), classes="dialog-title")
            yield FormField(t("county_ledger.field_what"),
                            Select([(t(WORDS[k]), k) for k in KINDS], value=self.what, allow_blank=False, id="what"),
                            name="what")
            yield self.format_field()
            yield FormField(t("field.term"), Select(terms, value=self.term_id, allow_blank=False, id="term"),
                            name="term")
            yield FormField(t("county_ledger.field_quarter"), Input(self.quarter, id="quarter"), name="quarter")
            yield self.path_field()
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#what", Select).focus()

    def file_name(self) -> str:
        what = str(self.query_one("#what", Select).value)
        if what == "county-quarterly":
            period = self.query_one("#quarter", Input).value.strip() or self.quarter
        else:
            period = str(self.query_one("#term", Select).value)
        return f"{what}-{period}.{self.chosen_format}"

    def choices_changed(self) -> None:
        quarterly = self.query_one("#what", Select).value == "county-quarterly"
        self.query_one("#field-quarter").display = quarterly
        self.query_one("#field-term").display = not quarterly

    @on(Input.Changed, "#quarter")
    def _quarter_typed(self) -> None:
        self.follow_choices()

    def save(self) -> None:
        self.clear_errors()
        path = self.target()
        if path is None:
            return
        what = str(self.query_one("#what", Select).value)
        quarter = self.query_one("#quarter", Input).value.strip() or None
        self.run_service(county_ledgers.export, self.actor, self.settings, what, path, self.chosen_format,
                         lang=language(), term_id=str(self.query_one("#term", Select).value),
                         quarter=quarter if what == "county-quarterly" else None,
                         then=lambda files: self.delivered("county_ledger.exported", files), failed=self.Failed,
                         group="dialog")


class LedgersPane(CountyPane):
    """What each county ledger holds, and a key for each: `l` master ledger, `q` quarterly, `t` term report."""

    can_focus = True  # nothing else here takes focus, and the keys live while focus is in the pane
    BINDINGS = [
        Binding("l", "export('county-ledger')", N_("county_ledger.key.ledger"), id="county.ledgers.ledger"),
        Binding("q", "export('county-quarterly')", N_("county_ledger.key.quarterly"), id="county.ledgers.quarterly"),
        Binding("t", "export('county-term-report')", N_("county_ledger.key.term"), id="county.ledgers.term"),
    ]

    class Loaded(Message):
        def __init__(self, schools: list[county_ledgers.SchoolLine]) -> None:
            super().__init__()
            self.schools = schools

    def compose(self) -> ComposeResult:
        yield Pending(id="ledgers-schools", classes="area-heading")
        yield Static("\n".join(t(k) for k in ("county_ledger.about.ledger", "county_ledger.about.quarterly",
                                              "county_ledger.about.term")), id="ledgers-about", markup=False)
        yield Static(t("county_ledger.hint"), markup=False, classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.actor.can(Permission.EXPORT)
        return True

    def focus_default(self) -> None:
        self.focus()  # no table or field here: the pane itself holds focus, so its keys work

    def palette_commands(self):
        for kind in KINDS:
            yield PaletteCommand(t(WORDS[kind]), t("county_ledger.hint"), lambda kind=kind: self.action_export(kind))

    def reload(self) -> None:
        self.run_service(county_ledgers.school_lines, self.actor, then=self.Loaded, group="county-ledgers")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.query_one("#ledgers-schools", Static).update(t("county_ledger.schools", n=len(message.schools)))

    def action_export(self, what: str) -> None:
        def done(words) -> None:
            if words:
                self.notify(words)

        self.app.push_screen(CountyExportDialog(self.actor, self.settings, what), done)
