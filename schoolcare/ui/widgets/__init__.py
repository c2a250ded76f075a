"""Small widgets the screens share: the school header, a panel of figures, a labelled form field."""
from schoolcare.ui.widgets.figures import Figure, Figures
from schoolcare.ui.widgets.form import FormField, clear_errors, show_error
from schoolcare.ui.widgets.header import AreaStrip, SchoolHeader
from schoolcare.ui.widgets.table import Table, cursor_key, fill_table, plain

__all__ = [
    "AreaStrip", "Figure", "Figures", "FormField", "SchoolHeader", "Table", "clear_errors", "cursor_key", "fill_table",
    "plain", "show_error",
]
