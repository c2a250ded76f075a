"""The half every export dialog shares: the format and file fields, a file name that follows the choices until the
user types their own, and the target checked before the service runs (ui/kit/exports.py: where files go)."""
from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.widgets import Input, Select

from schoolcare.i18n import t
from schoolcare.ui.kit.dialog import Dialog
from schoolcare.ui.kit.exports import default_target, hand_over, target_path
from schoolcare.ui.kit.form import FormField

FORMATS = (("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv"))


def checked_target(dialog: Dialog, field: str = "path") -> Path | None:
    """The path the file field `#<field>` names, or None with the reason shown under that field."""
    path, problem = target_path(dialog.app, dialog.query_one(f"#{field}", Input).value)
    if path is None:
        dialog.query_one(f"#field-{field}", FormField).set_error(problem)
    return path


class ExportDialog(Dialog):
    """A subclass composes its own choices with `format_field()` and `path_field()` among them and says what the
    file is called for the current choices (`file_name`); choosing again renames the file unless it was typed."""

    def __init__(self) -> None:
        super().__init__()
        self._typed_path = False

    def file_name(self) -> str:
        """The file's default name for the choices now on the form."""
        raise NotImplementedError

    def choices_changed(self) -> None:
        """A choice changed: show or hide the fields that depend on it (nothing by default)."""

    @staticmethod
    def format_field() -> FormField:
        return FormField(t("field.format"), Select(FORMATS, value="xlsx", allow_blank=False, id="format"),
                         name="format")

    @staticmethod
    def path_field() -> FormField:
        return FormField(t("export.save_to"), Input(id="path"), name="path")

    @property
    def chosen_format(self) -> str:
        return str(self.query_one("#format", Select).value)

    @on(events.Mount)
    def _first_name(self) -> None:
        self.choices_changed()
        self.follow_choices()

    def follow_choices(self) -> None:
        """Name the file after the choices, unless the user typed a name of their own."""
        if not self._typed_path:
            with self.prevent(Input.Changed):
                self.query_one("#path", Input).value = default_target(self.app, self.file_name())

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        self.choices_changed()
        self.follow_choices()

    @on(Input.Changed, "#path")
    def _path_typed(self, event: Input.Changed) -> None:
        self._typed_path = event.value != default_target(self.app, self.file_name())

    def target(self) -> Path | None:
        """Where to write, or None with the reason under the file field."""
        return checked_target(self)

    def delivered(self, words: str, files: list[Path]) -> Dialog.Saved:
        """Saved, saying (catalog key `words`, with {files}) where the files went: a path, or the browser."""
        return self.Saved(t(words, files=hand_over(self.app, files)))
