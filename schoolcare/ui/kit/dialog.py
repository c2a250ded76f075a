"""The dialog every form uses: a typed ModalScreen (Dialog[T] dismisses with a T, or None when cancelled),
Escape cancels, Enter in the last field saves, a refused save shows its reason on the field at fault."""
from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from schoolcare.i18n import t
from schoolcare.ui.bindings import N_, translate_bindings
from schoolcare.ui.kit.form import clear_errors, show_error
from schoolcare.ui.kit.service import ServiceCalls

T = TypeVar("T")


class Dialog(ServiceCalls, ModalScreen[T]):
    """A form in a box: Escape cancels, Enter in the last field saves, errors land on their field."""

    BINDINGS = [Binding("escape", "cancel", N_("common.cancel"), id="dialog.cancel")]
    AUTO_FOCUS = "Input"  # the first field, not the scrolling box around the form

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

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(t("common.save"), variant="primary", id="save")
            yield Button(t("common.cancel"), id="cancel")
        yield Static("", id="dialog-error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

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

    def clear_errors(self) -> None:
        clear_errors(self, self.query_one("#dialog-error", Static))

    def save(self) -> None:
        raise NotImplementedError

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        show_error(self, message.error, self.query_one("#dialog-error", Static))
