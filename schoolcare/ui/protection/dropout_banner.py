"""Overdue dropout cases (控辍保学), in the error colour: on the coordinator's home (the school's) and above a
teacher's week (the cases of pupils they lead or care for). Hidden when none is late; 8 opens the area."""
from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Static

from schoolcare.i18n import t
from schoolcare.services.protection import dropouts
from schoolcare.services.protection.dropouts import CaseRow
from schoolcare.ui.kit.service import ServiceCalls

SHOWN = 5


def overdue_case_line(row: CaseRow) -> str:
    return t("dropouts.overdue_line", id=row.id, name=row.pupil_name, class_name=row.class_name,
             step=t(f"dropouts.step.{row.state.step}"), due=row.state.due.isoformat() if row.state.due else "",
             days=row.state.overdue_days)


class OverdueDropouts(ServiceCalls, Static):
    class Loaded(Message):
        def __init__(self, rows: list[CaseRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__("", id="overdue-dropouts", markup=False, classes="problem")
        self.display = False

    def reload(self) -> None:
        self.run_service(dropouts.overdue_cases, self.actor, self.settings, then=self.Loaded,
                         group="overdue-dropouts")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        rows = message.rows
        self.display = bool(rows)
        lines = [t("dropouts.overdue_heading", n=len(rows))] + [overdue_case_line(r) for r in rows[:SHOWN]]
        if len(rows) > SHOWN:
            lines.append(t("dropouts.overdue_more", n=len(rows) - SHOWN))
        self.update("\n".join(lines))
