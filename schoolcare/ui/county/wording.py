"""How a county office's handling of a report reads on the school's screens: 县里（教育局）：已接收（2026-11-21）."""
from __future__ import annotations

from schoolcare.domain.inbox import NEW, CountyStatus
from schoolcare.i18n import t


def status_word(status: str) -> str:
    return t(f"inbox.status.{status}")


def county_status_text(status: CountyStatus) -> str:
    office = t(f"office.{status.office}")
    if status.status == NEW or status.at is None:
        return t("inbox.school_status_new", office=office)
    return t("inbox.school_status", office=office, status=status_word(status.status),
             date=status.at.date().isoformat())
