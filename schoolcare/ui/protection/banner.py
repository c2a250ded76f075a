"""The overdue mandatory reports, first and in the error colour: on the coordinator's and the principal's home
(the school's) and in a teacher's week (those they recorded). Hidden when there are none."""
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


class OverdueReports(ServiceCalls, Static):
    class Loaded(Message):
        def __init__(self, rows: list[pr.IncidentRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__("", id="overdue-reports", markup=False, classes="problem")
        self.display = False

    def reload(self) -> None:
        mine = not self.actor.can(Permission.VIEW_ALL_INCIDENTS)
        self.run_service(incidents.overdue_reports, self.actor, self.settings, mine=mine, then=self.Loaded,
                         group="overdue-reports")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        rows = message.rows
        self.display = bool(rows)
        lines = [t("protection.overdue_heading")] + [overdue_line(r) for r in rows[:SHOWN]]
        if len(rows) > SHOWN:
            lines.append(t("protection.overdue_more", n=len(rows) - SHOWN))
        self.update("\n".join(lines))
