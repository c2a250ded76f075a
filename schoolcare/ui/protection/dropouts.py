"""The dropout-cases tab (控辍保学): the cases in reach, overdue first in the error colour, and the selected case's
steps and persuasion attempts. Keys: g register (登记), a log a persuasion attempt (劝返), w write the written
report (.docx), s record it as sent, c close (复学/转学/结案), f show closed cases too."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from schoolcare.domain import clock
from schoolcare.domain.dropouts import METHODS, OUTCOMES, REPORT_TO
from schoolcare.domain.roles import Actor, Permission
from schoolcare.i18n import language, reason, t
from schoolcare.services.protection import dropouts, written_report
from schoolcare.services.protection.dropouts import CaseDetail, CaseRow
from schoolcare.ui.bindings import N_
from schoolcare.ui.care.forms import CareDialog
from schoolcare.ui.county.wording import county_status_text
from schoolcare.ui.kit import FormField, Table, cursor_key, field
from schoolcare.ui.kit.export_dialog import checked_target
from schoolcare.ui.kit.exports import default_target, hand_over
from schoolcare.ui.kit.loading import Pending
from schoolcare.ui.protection.pane import ProtectionPane
from schoolcare.ui.protection.wording import ERROR_STYLE
from schoolcare.ui.worker import ServiceFailed


def state_text(row: CaseRow) -> str:
    state = row.state
    words = t(f"dropouts.step.{state.step}")
    if state.overdue:
        return t("dropouts.overdue_by", step=words, due=state.due.isoformat(), days=state.overdue_days)
    if state.due:
        return t("dropouts.due_by", step=words, due=state.due.isoformat())
    return words


class CaseDialog(CareDialog):
    """A step of one case; the service is given by the subclass, a refusal lands on its field."""

    def __init__(self, actor: Actor, case: CaseRow) -> None:
        super().__init__(actor)
        self.case = case

    def title_words(self, key: str) -> Label:
        return Label(t(key, name=self.case.pupil_name, id=self.case.id), classes="dialog-title", markup=False)


class RegisterDialog(CaseDialog):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="dropout-register-form"):
            yield self.title_words("dropouts.register_title")
            yield field("dropout_reason", Input(id="dropout_reason"))
            yield field("registered_on", Input(clock.today().isoformat(), id="registered_on"))
            yield from self.buttons()

    def collect(self):
        return self.value("dropout_reason"), self.value("registered_on")

    def service(self, values):
        return dropouts.register(self.actor, self.case.id, values[0], on=values[1])


class AttemptDialog(CaseDialog):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="dropout-attempt-form"):
            yield self.title_words("dropouts.attempt_title")
            yield field("attempt_date", Input(clock.today().isoformat(), id="attempt_date"))
            yield field("by_whom", Input(self.actor.name, id="by_whom"))
            yield field("with_whom", Input(id="with_whom"))
            yield field("method", Select([(t(f"dropouts.method.{m}"), m) for m in METHODS], value="home_visit",
                                         allow_blank=False, id="method"))
            yield field("outcome", Input(id="outcome"))
            yield from self.buttons()

    def collect(self):
        return dict(date=self.value("attempt_date"), by_whom=self.value("by_whom"),
                    with_whom=self.value("with_whom"), method=self.choice("method"), outcome=self.value("outcome"))

    def service(self, values):
        return dropouts.add_attempt(self.actor, self.case.id, **values)


class ReportSentDialog(CaseDialog):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="dropout-sent-form"):
            yield self.title_words("dropouts.sent_title")
            yield field("report_sent_on", Input(clock.today().isoformat(), id="report_sent_on"))
            for place in REPORT_TO:
                yield Checkbox(t(f"dropouts.to.{place}"), True, id=f"to-{place}")
            yield FormField("", Static("", id="report_sent_to"), name="report_sent_to")
            yield field("request", Input(id="request"))
            yield from self.buttons()

    def collect(self):
        return (self.value("report_sent_on"), [p for p in REPORT_TO if self.flag(f"to-{p}")], self.value("request"))

    def service(self, values):
        return dropouts.record_report_sent(self.actor, self.case.id, on=values[0], to=values[1], request=values[2])


class CloseDialog(CaseDialog):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="dropout-close-form"):
            yield self.title_words("dropouts.close_title")
            yield field("outcome", Select([(t(f"dropouts.step.{o}"), o) for o in OUTCOMES], value="returned",
                                          allow_blank=False, id="outcome"))
            yield field("outcome_note", Input(id="outcome_note"))
            yield field("closed_on", Input(clock.today().isoformat(), id="closed_on"))
            yield from self.buttons()

    def collect(self):
        return self.choice("outcome"), self.value("outcome_note"), self.value("closed_on")

    def service(self, values):
        return dropouts.close_case(self.actor, self.case.id, values[0], values[1], on=values[2])


class WrittenReportDialog(CaseDialog):
    """Where the .docx goes (a path here, a download in a browser)."""

    def compose(self) -> ComposeResult:
        name = t("dropouts.file_name", id=self.case.id, name=self.case.pupil_name)
        with VerticalScroll(classes="dialog", id="dropout-docx-form"):
            yield self.title_words("dropouts.docx_title")
            yield field("path", Input(default_target(self.app, name), id="path"))
            yield Static(t("dropouts.docx_hint"), classes="hint", markup=False)
            yield from self.buttons()

    def save(self) -> None:
        self.clear_errors()
        path = checked_target(self)
        if path is None:
            return
        self.run_service(written_report.export, self.actor, self.settings, self.case.id, path, language(),
                         then=lambda written: self.Saved(t("dropouts.docx_written",
                                                           files=hand_over(self.app, [written]))),
                         failed=self.Failed, group="dialog")


class DropoutsPane(ProtectionPane):
    BINDINGS = [
        Binding("g", "step('register')", N_("dropouts.key.register"), id="protection.dropouts.register"),
        Binding("a", "step('attempt')", N_("dropouts.key.attempt"), id="protection.dropouts.attempt"),
        Binding("w", "step('docx')", N_("dropouts.key.docx"), id="protection.dropouts.docx"),
        Binding("s", "step('sent')", N_("dropouts.key.sent"), id="protection.dropouts.sent"),
        Binding("c", "step('close')", N_("dropouts.key.close"), id="protection.dropouts.close"),
        Binding("f", "toggle_closed", N_("dropouts.key.toggle_closed"), id="protection.dropouts.toggle_closed"),
    ]
    DIALOGS = {"register": RegisterDialog, "attempt": AttemptDialog, "docx": WrittenReportDialog,
               "sent": ReportSentDialog, "close": CloseDialog}

    class Loaded(Message):
        def __init__(self, rows: list[CaseRow]) -> None:
            super().__init__()
            self.rows = rows

    class Detail(Message):
        def __init__(self, detail: CaseDetail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.rows: dict[str, CaseRow] = {}

    def compose(self) -> ComposeResult:
        yield Pending(id="dropouts-summary", classes="area-heading")
        yield Table(id="dropouts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dropouts-detail", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            what = parameters[0] if parameters else ""
            if what in ("sent", "close"):
                return self.actor.can(Permission.FILE_REPORTS)
            if what == "docx":
                return self.actor.can(Permission.EXPORT)
            return self.actor.can(Permission.LOG_CARE)
        return True

    def reload(self) -> None:
        self.run_service(dropouts.list_cases, self.actor, self.settings, open_only=not self.show_closed,
                         then=self.Loaded, group="dropouts")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.rows = {str(r.id): r for r in message.rows}
        opened = [r for r in message.rows if r.state.open]
        overdue = sum(1 for r in opened if r.state.overdue)
        summary = self.query_one("#dropouts-summary", Static)
        summary.update(t("dropouts.summary", open=len(opened), overdue=overdue))
        summary.set_class(overdue > 0, "problem")
        table = self.query_one("#dropouts-table", DataTable)
        cursor, was = table.cursor_row, cursor_key(table)
        table.clear(columns=True)
        # The step (and how late) comes right after the name: on a narrow terminal it must not be cut off.
        table.add_columns(*(t(f"dropouts.col.{c}") for c in ("id", "name", "step", "class", "care_teacher",
                                                              "opened_on", "attempts")))
        for r in message.rows:
            style = ERROR_STYLE if r.state.overdue else ""
            table.add_row(Text(str(r.id)), Text(r.pupil_name, style=style), Text(state_text(r), style=style),
                          Text(r.class_name), Text(r.care_teacher), Text(r.opened_on.isoformat()),
                          Text(str(r.attempts)), key=str(r.id))
        if table.row_count:  # the same case stays under the cursor when a step re-sorts the list
            keys = list(self.rows)
            table.move_cursor(row=keys.index(was) if was in keys else min(cursor, table.row_count - 1))
        else:
            self.query_one("#dropouts-detail", Static).update(t("dropouts.report.none"))

    def current(self) -> CaseRow | None:
        return self.rows.get(cursor_key(self.query_one("#dropouts-table", DataTable)) or "")

    @on(DataTable.RowHighlighted, "#dropouts-table")
    def _highlighted(self) -> None:
        row = self.current()
        if row is not None:
            self.run_service(dropouts.case_detail, self.actor, self.settings, row.id, then=self.Detail,
                             group="dropout-detail")

    @on(Detail)
    def _detail(self, message: Detail) -> None:
        d = message.detail
        lines = [t("dropouts.detail.head", id=d.row.id, name=d.row.pupil_name,
                   trigger=t(f"dropouts.trigger.{d.row.trigger}"), opened=d.row.opened_on.isoformat()),
                 t("dropouts.detail.registered", on=d.registered_on.isoformat(), by=d.registered_by,
                   reason=d.reason) if d.registered_on else t("dropouts.detail.not_registered")]
        unexcused = [a for a in d.absences if a[1] == "unexcused"]
        lines.append(t("dropouts.detail.absences", n=len(unexcused),
                       days=t("protection.list_sep").join(a[0].isoformat() for a in unexcused[-5:])))
        for a in d.attempts:
            lines.append(t("dropouts.detail.attempt", date=a.date.isoformat(), by=a.by_whom, with_whom=a.with_whom,
                           method=t(f"dropouts.method.{a.method}"), outcome=a.outcome))
        if d.row.report_sent_on:
            lines.append(t("dropouts.detail.sent", on=d.row.report_sent_on.isoformat(),
                           to=t("protection.list_sep").join(t(f"dropouts.to.{p}") for p in d.report_sent_to)))
            lines.extend(county_status_text(status) for status in d.county)  # the county's handling of it
        if d.closed_on:
            lines.append(t("dropouts.detail.closed", on=d.closed_on.isoformat(), note=d.outcome_note))
        self.query_one("#dropouts-detail", Static).update("\n".join(lines))

    def action_step(self, what: str) -> None:
        row = self.current()
        if row is None:
            return
        if not row.state.open and what != "docx":
            self.notify(t("error.dropouts.case_closed", id=row.id), severity="warning")
            return
        if what in ("docx", "sent") and not row.attempts:  # the written report follows failed persuasion
            self.notify(reason("dropouts.no_attempts", {"id": row.id}), severity="warning",
                        title=f"#{row.id} {row.pupil_name}")
            return

        def done(result) -> None:
            if isinstance(result, str):
                self.notify(result)

        self.app.push_screen(self.DIALOGS[what](self.actor, row), done)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()

    @on(ServiceFailed)
    def _failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(message.text, severity="error", title=t("error.title"))
