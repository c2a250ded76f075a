"""The UI kit every feature shares: the base area screen (kit.base), the typed Dialog (kit.dialog), and the widgets —
the school header, a panel of figures, a labelled form field, tables, charts."""
from schoolcare.ui.kit.figures import Figure, Figures
from schoolcare.ui.kit.form import FormField, clear_errors, field, show_error
from schoolcare.ui.kit.header import AreaStrip, SchoolHeader
from schoolcare.ui.kit.table import Table, cursor_key, fill_table, plain

__all__ = [
    "AreaStrip", "Figure", "Figures", "FormField", "SchoolHeader", "Table", "clear_errors", "cursor_key", "field",
    "fill_table", "plain", "show_error",
]
