"""The dialog every form uses: a typed ModalScreen (Dialog[T] dismisses with a T, or None when cancelled).

The same keys in every form (help lists them): Enter in a field moves to the next one and in the last field
saves; Ctrl+S saves from anywhere; Escape or 取消 closes, asking first when something was changed. A refused
save marks every field at fault, focuses and scrolls to the first and says beside the buttons how many need
attention; a field's error goes as soon as it is changed.
"""
from __future__ import annotations

from typing import TypeVar

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from schoolcare.i18n import t
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit.form import clear_errors, field_of, point_at_errors, recount_errors, show_error
from schoolcare.ui.kit.service import ServiceCalls

T = TypeVar("T")
EDITABLE = (Input, Select, Checkbox, TextArea)


def _value(widget: Widget) -> object:
    return widget.text if isinstance(widget, TextArea) else getattr(widget, "value", None)


class ConfirmDiscard(ModalScreen[bool]):
    """Asked when a changed form is closed: True throws the changes away. Escape (and the default) keeps them."""

    BINDINGS = [Binding("escape", "keep", N_("keyboard.discard.no"), id="discard.keep")]
    AUTO_FOCUS = "#keep"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="discard-box"):
            yield Label(t("keyboard.discard.title"), classes="dialog-title")
            yield Static(t("keyboard.discard.explain"), markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("keyboard.discard.no"), variant="primary", id="keep")
                yield Button(t("keyboard.discard.yes"), variant="error", id="discard")

    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(True)


class Dialog(ServiceCalls, ModalScreen[T]):
    """A form in a box: Enter goes to the next field (saves in the last), Ctrl+S saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", N_("common.cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", N_("keyboard.key.save"), priority=True, id="dialog.save"),
        # Ahead of the Select's own Enter (which opens it): Enter on a closed choice moves on like in a text box.
        # An open one has its list focused, so Enter there still picks; Space and ↑↓ still open it.
        Binding("enter", "select_done", show=False, priority=True, id="dialog.select_next"),
    ]
    AUTO_FOCUS = "Input"  # the first field, not the scrolling box around the form
    CHECKS_AS_TYPED = False  # True: the dialog sets and clears field errors itself on every keystroke

    class Saved(Message):
        def __init__(self, result: object) -> None:
            super().__init__()
            self.result = result

    class Failed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        translate_bindings(self)
        self._initial: dict[int, object] | None = None

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(t("common.save"), variant="primary", id="save")
            yield Button(t("common.cancel"), id="cancel")
        yield Static("", id="dialog-error", markup=False)

    # -- closing without losing work ---------------------------------------------------------------

    @on(events.Mount)
    def _remember_on_mount(self) -> None:
        # The box a form scrolls in is no stop for Tab: after the last button, Tab goes round to the first field
        # (focus moving to a field scrolls the box to it).
        for box in self.query(".dialog"):
            if isinstance(box, ScrollableContainer) and not isinstance(box, ScrollView):  # not a field's own
                box.can_focus = False
        self.call_after_refresh(self.remember_values)

    def remember_values(self) -> None:
        """What the form holds untouched; closing it unchanged asks nothing."""
        self._initial = {id(w): _value(w) for w in self.query("*") if isinstance(w, EDITABLE)}

    @property
    def changed(self) -> bool:
        if self._initial is None:
            return False
        return any(_value(w) != self._initial.get(id(w), _value(w)) for w in self.query("*")
                   if isinstance(w, EDITABLE))

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    # -- saving --------------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.save()

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.save()
        else:
            self.focus_next()

    def action_select_done(self) -> None:
        select = self.focused
        if not isinstance(select, Select) or select.expanded:
            raise SkipAction()  # not on a closed choice: Enter does what the focused widget makes of it
        fields = [w for w in self.focus_chain if isinstance(w, (Input, Select))]
        if fields and fields[-1] is select:
            self.save()
        else:
            self.focus_next()

    @property
    def error_line(self) -> Static:
        return self.query_one("#dialog-error", Static)

    def clear_errors(self) -> None:
        clear_errors(self, self.error_line)

    def point_at_errors(self) -> int:
        """Focus the first field at fault and count them beside the buttons (after marking them on a save)."""
        return point_at_errors(self, self.error_line)

    def save(self) -> None:
        raise NotImplementedError

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        show_error(self, message.error, self.error_line)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _fixed(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if control is None:
            return
        if self._initial is not None and not control.has_focus_within:
            # Filled in by the program (choices loaded, a default set), not typed: not a change to keep.
            self._initial[id(control)] = _value(control)
        if self.CHECKS_AS_TYPED and isinstance(event, Input.Changed):
            return
        field = field_of(control)
        if field is not None and field.invalid:
            field.set_error("")
            recount_errors(self, self.error_line)
