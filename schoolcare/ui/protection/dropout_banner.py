"""Overdue dropout cases (控辍保学), in the error colour: on the coordinator's home (the school's) and above a
teacher's week (the cases of pupils they lead or care for). Hidden when none is late; 8 opens the area."""
from __future__ import annotations

from schoolcare.i18n import t
from schoolcare.services.protection import dropouts
from schoolcare.services.protection.dropouts import CaseRow
from schoolcare.ui.protection.banner import OverdueBanner


def overdue_case_line(row: CaseRow) -> str:
    return t("dropouts.overdue_line", id=row.id, name=row.pupil_name, class_name=row.class_name,
             step=t(f"dropouts.step.{row.state.step}"), due=row.state.due.isoformat() if row.state.due else "",
             days=row.state.overdue_days)


class OverdueDropouts(OverdueBanner):
    MORE_KEY = "dropouts.overdue_more"

    def __init__(self) -> None:
        super().__init__("overdue-dropouts")

    def reload(self) -> None:
        self.run_service(dropouts.overdue_cases, self.actor, self.settings, then=self.Loaded,
                         group="overdue-dropouts")

    def heading(self, rows: list[CaseRow]) -> str:
        return t("dropouts.overdue_heading", n=len(rows))

    def line(self, row: CaseRow) -> str:
        return overdue_case_line(row)
