"""The quarterly ledger for the civil-affairs bureau on screen: the coordinator's reminder, the quarter an export
offers, and what an export of the ledger (and recording it as submitted) did, in words."""
from __future__ import annotations

from schoolcare.domain.quarters import (
    GUARDIAN_CHANGED,
    LEFT,
    NEW,
    OVERDUE,
    STATUS_CHANGED,
    Quarter,
    QuarterlyLedger,
    QuarterReminder,
    SubmissionInfo,
)
from schoolcare.i18n import t


def reminder_lines(reminder: QuarterReminder | None) -> list[str]:
    """The coordinator's home: the quarterly ledger update, from the 1st of the quarter's last month until
    a submission is recorded (empty otherwise)."""
    if reminder is None or not reminder.shown:
        return []
    key = "reports.quarterly_overdue" if reminder.state == OVERDUE else "reports.quarterly_due"
    return [t(key, quarter=reminder.quarter.label, due=reminder.due.isoformat(), days=reminder.days),
            t("reports.quarterly_hint")]


def offered_quarter(reminder: QuarterReminder) -> Quarter | None:
    """The quarter an export should offer instead of the current one: the one still waiting to be submitted."""
    return reminder.quarter if reminder.shown else None


def ledger_exported(ledger: QuarterlyLedger, files: str, submission: SubmissionInfo | None) -> str:
    """What quarterly.export did: the pupils on the ledger and its changes, the files (in words: exports.hand_over),
    the submission recorded."""
    words = t("reports.exported_quarterly", quarter=ledger.quarter.label,
              n=len(ledger.rows) - ledger.count(LEFT), new=ledger.count(NEW), left=ledger.count(LEFT),
              status=ledger.count(STATUS_CHANGED), guardian=ledger.count(GUARDIAN_CHANGED), files=files)
    if submission is not None:
        words += "\n" + t("reports.recorded", quarter=submission.quarter.label,
                          date=submission.submitted_on.isoformat())
    return words
