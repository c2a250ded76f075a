"""A labelled input with room for the error that names what is wrong with it."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label, Static

from schoolcare.domain.errors import Refusal
from schoolcare.ui.worker import explain, field_label


class FormField(Vertical):
    """Label and input on one row, and under them an error line shown only when set."""

    def __init__(self, text: str, widget: Widget, *, name: str) -> None:
        super().__init__(classes="form-field", id=f"field-{name}")
        self.field_name = name
        self._text = text
        self._widget = widget

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self._text, markup=False, classes="field-label")
            yield self._widget
        yield Static("", markup=False, classes="field-error")

    @property
    def widget(self) -> Widget:
        return self._widget

    def set_error(self, message: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(message)
        self.set_class(bool(message), "-invalid")


def clear_errors(form: DOMNode, general: Static) -> None:
    for field in form.query(FormField):
        field.set_error("")
    general.update("")


def show_error(form: DOMNode, error: BaseException, general: Static) -> None:
    """Put the reason on the field it names, else on the `general` line; inputs keep what was typed."""
    if isinstance(error, Refusal) and error.field:
        for field in form.query(FormField):
            if field.field_name == error.field:
                field.set_error(explain(error))
                field.widget.focus()
                return
        general.update(f"{field_label(error.field)}: {explain(error)}")
        return
    general.update(explain(error))
