"""“Log this week's calls for my pupils”: one screen, the pupils still owing a call ticked, Ctrl+S saves them all."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from schoolcare.domain import clock, validation
from schoolcare.domain.care import CHANNELS, WITH_WHOM, RosterPick
from schoolcare.domain.errors import Refusal
from schoolcare.domain.roles import Actor
from schoolcare.domain.settings import Settings
from schoolcare.i18n import t
from schoolcare.services.care import calls_talks
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.care.forms import late_entry_field
from schoolcare.ui.kit import FormField, clear_errors, show_error
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.kit.service import ServiceCalls


def pick_prompt(pick: RosterPick) -> str:
    note = t(f"care.batch.pick_note.{pick.note or 'clear'}")
    return f"{pick.student_no}  {pick.name}  {pick.class_name}  · {note}"


class BatchCallsScreen(ServiceCalls, ModalScreen[int | None]):
    """Dismisses with the number of calls saved (None when cancelled)."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("care.key.save"), priority=True, id="batch.save"),
        Binding("escape", "cancel", N_("common.cancel"), id="batch.cancel"),
        Binding("a", "toggle_all", N_("care.key.all"), id="batch.all"),
    ]
    AUTO_FOCUS = "SelectionList"

    class Loaded(Message):
        def __init__(self, picks: list[RosterPick]) -> None:
            super().__init__()
            self.picks = picks

    class Done(Message):
        def __init__(self, saved: int | None, error: BaseException | None = None) -> None:
            super().__init__()
            self.saved = saved
            self.error = error

    def __init__(self, actor: Actor, settings: Settings) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self.actor = actor
        self.settings = settings
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="batch-calls"):
            yield Label(t("care.batch.title"), classes="dialog-title")
            with Horizontal(id="batch-fields"):
                yield FormField(t("care.field.date"), Input(clock.today().isoformat(), id="date"), name="date")
                yield Select([(t(f"care.channel.{c}"), c) for c in CHANNELS], value="phone", allow_blank=False,
                             id="channel")
                yield Select([(t(f"care.who.{w}"), w) for w in WITH_WHOM], prompt=t("care.who.none"), id="with_whom")
                yield Checkbox(t("care.field.connected"), True, id="connected")
            yield late_entry_field()
            yield SelectionList[int](id="batch-pupils")
            yield Pending(id="batch-count")
            yield Static(t("care.batch.hint"), classes="hint", markup=False)
            yield Static("", id="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(calls_talks.batch_call_picks, self.actor, self.settings, then=self.Loaded,
                         failed=self._failed, group="batch-load")

    def _failed(self, error: BaseException) -> Message:
        return self.Done(None, error)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        pupils = self.query_one("#batch-pupils", SelectionList)
        pupils.add_options([Selection(pick_prompt(p), p.pupil_id, p.preselected) for p in message.picks])
        if not message.picks:
            self.query_one("#dialog-error", Static).update(t("care.batch.none"))
        self._count()

    @on(SelectionList.SelectedChanged)
    def _count(self) -> None:
        ticked = len(self.query_one("#batch-pupils", SelectionList).selected)
        self.query_one("#batch-count", Static).update(t("care.batch.ticked", n=ticked))

    def action_toggle_all(self) -> None:
        pupils = self.query_one("#batch-pupils", SelectionList)
        if len(pupils.selected) == pupils.option_count:
            pupils.deselect_all()
        else:
            pupils.select_all()

    @on(Input.Changed, "#date")
    def _date_typed(self, event: Input.Changed) -> None:
        try:
            day = validation.date(event.value, "date")
        except validation.InvalidField:
            return  # said on save, on the date
        if day is not None and (clock.today() - day).days > self.settings.backdate_days:
            self.query_one("#field-backdate_reason").display = True

    def late_reason(self) -> str:
        """The late-entry reason, once the screen has asked for one (an old date was refused without it)."""
        found = self.query_one("#field-backdate_reason")
        return self.query_one("#backdate_reason", Input).value if found.display else ""

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.saving:
            return
        clear_errors(self, self.query_one("#dialog-error", Static))
        with_whom = self.query_one("#with_whom", Select).value
        values = {
            "date": self.query_one("#date", Input).value,
            "channel": self.query_one("#channel", Select).value,
            "with_whom": "" if with_whom is Select.NULL else with_whom,
            "connected": self.query_one("#connected", Checkbox).value,
            "backdate_reason": self.late_reason(),
            "backdate_days": self.settings.backdate_days,
        }
        self.saving = True
        self.save(list(self.query_one("#batch-pupils", SelectionList).selected), values)

    def save(self, pupil_ids: list[int], values: dict) -> None:
        self.run_service(calls_talks.log_calls, self.actor, pupil_ids, **values,
                         then=lambda ids: self.Done(len(ids)), failed=self._failed, group="batch-save")

    @on(Done)
    def _done(self, message: Done) -> None:
        self.saving = False
        if message.error is not None:
            if isinstance(message.error, Refusal) and message.error.code == "care.backdated_needs_reason":
                self.query_one("#field-backdate_reason").display = True  # ask why, then Ctrl+S again
            show_error(self, message.error, self.query_one("#dialog-error", Static))
            return
        self.notify(t("care.batch.saved", n=message.saved))
        self.dismiss(message.saved)
