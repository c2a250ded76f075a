"""A labelled input with room for the error that names what is wrong with it."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from schoolcare.domain.errors import Refusal
from schoolcare.i18n import t
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

    @property
    def invalid(self) -> bool:
        return self.has_class("-invalid")


class Tick(Checkbox):
    """A checkbox whose ticked state reads without colour: ✓ when ticked, blank when not (Textual shows X for both)."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this class attribute's name at render
        return "✓" if self.value else " "


def field(name: str, widget: Widget, hint: str = "", *, words: str = "field") -> FormField:
    """The form field `name` around `widget`, labelled by the catalog's `<words>.<name>` (a feature may keep its
    own labels), with `hint` as a text box's placeholder."""
    if hint and isinstance(widget, Input):
        widget.placeholder = hint
    return FormField(t(f"{words}.{name}"), widget, name=name)


def field_of(widget: Widget) -> FormField | None:
    """The FormField `widget` sits in, if any."""
    for node in widget.ancestors_with_self:
        if isinstance(node, FormField):
            return node
    return None


def invalid_fields(form: DOMNode) -> list[FormField]:
    return [field for field in form.query(FormField) if field.invalid]


def point_at_errors(form: DOMNode, general: Static) -> int:
    """After a refused save: focus (and scroll to) the first field at fault and say beside the buttons how many
    need attention, so the user sees where to look even when the field is scrolled out of view."""
    fields = invalid_fields(form)
    if fields:
        first = fields[0].widget
        first.focus()
        first.call_after_refresh(fields[0].scroll_visible, animate=False)
        general.update(t("keyboard.form.attention", n=len(fields)))
        general.add_class("-attention")
    return len(fields)


def recount_errors(form: DOMNode, general: Static) -> None:
    """Keep the "n fields need attention" line of a refused save true as fields are fixed (it goes with the last)."""
    if not general.has_class("-attention"):
        return  # no save refused yet: a half-typed date is not yet a problem to count
    fields = invalid_fields(form)
    if fields:
        general.update(t("keyboard.form.attention", n=len(fields)))
    else:
        general.update("")
        general.remove_class("-attention")


def clear_errors(form: DOMNode, general: Static) -> None:
    for field in form.query(FormField):
        field.set_error("")
    general.update("")
    general.remove_class("-attention")


def show_error(form: DOMNode, error: BaseException, general: Static) -> None:
    """Put the reason on the field it names, else on the `general` line; inputs keep what was typed."""
    if isinstance(error, Refusal) and error.field:
        for field in form.query(FormField):
            if field.field_name == error.field:
                field.set_error(explain(error))
                point_at_errors(form, general)
                return
        general.update(f"{field_label(error.field)}: {explain(error)}")
        return
    general.update(explain(error))
