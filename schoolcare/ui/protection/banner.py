"""The child-protection banners, first and in the error colour, hidden when there is nothing late: overdue
mandatory reports (the coordinator's and principal's home: the school's; a teacher's week: those they recorded)
and overdue dropout-case steps (ui/protection/dropout_banner.py). Screens reload every OverdueBanner they hold."""
from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Static

from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Permission
from schoolcare.i18n import t
from schoolcare.services.protection import incidents
from schoolcare.ui.kit.service import ServiceCalls
from schoolcare.ui.protection.wording import overdue_line

SHOWN = 5


class OverdueBanner(ServiceCalls, Static):
    """Loads its late rows in a worker and shows a heading, the first SHOWN rows and how many more."""

    MORE_KEY = ""  # i18n key of "and {n} more"

    class Loaded(Message):
        def __init__(self, rows: list) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, banner_id: str) -> None:
        super().__init__("", id=banner_id, markup=False, classes="problem")
        self.display = False

    def reload(self) -> None:
        raise NotImplementedError

    def heading(self, rows: list) -> str:
        raise NotImplementedError

    def line(self, row) -> str:
        raise NotImplementedError

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        rows = message.rows
        self.display = bool(rows)
        lines = [self.heading(rows)] + [self.line(r) for r in rows[:SHOWN]]
        if len(rows) > SHOWN:
            lines.append(t(self.MORE_KEY, n=len(rows) - SHOWN))
        self.update("\n".join(lines))


class OverdueReports(OverdueBanner):
    MORE_KEY = "protection.overdue_more"

    def __init__(self) -> None:
        super().__init__("overdue-reports")

    def reload(self) -> None:
        mine = not self.actor.can(Permission.VIEW_ALL_INCIDENTS)
        self.run_service(incidents.overdue_reports, self.actor, self.settings, mine=mine, then=self.Loaded,
                         group="overdue-reports")

    def heading(self, rows: list[pr.IncidentRow]) -> str:
        return t("protection.overdue_heading")

    def line(self, row: pr.IncidentRow) -> str:
        return overdue_line(row)
