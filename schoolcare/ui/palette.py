"""The command palette's commands: every area the user may open, the current area's own commands,
log out, help, switch language, quit — in the active language, also found by their other-language name.
("家访 张三" and the like are the pupil provider's, ui/registry/find_pupil.py.)"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from schoolcare.domain.roles import Permission
from schoolcare.i18n import catalog, language, t
from schoolcare.ui.shell.areas import AREAS


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]
    other: str = ""  # the same title in the other language, so "pupils" finds 学生 too


def _other(key: str) -> str:
    pair = catalog().get(key)
    if pair is None:
        return ""
    return pair[0] if language() == "en" else pair[1]


class SchoolcareCommands(Provider):
    def commands(self) -> list[Command]:
        app = self.app
        session = getattr(app, "session", None)
        found: list[Command] = []
        if session is not None:
            for area in AREAS:
                if area.open_to(session.actor):
                    found.append(Command(t("palette.go", area=t(area.title)), t("palette.go_help", shortcut=area.key),
                                         partial(app.run_action, f"area('{area.mode}')"), _other(area.title)))
            if session.actor.can(Permission.RECORD_INCIDENT):  # at once, from anywhere: find the pupil, then the form
                found.append(Command(t("protection.key.record"), t("protection.palette.record_help"),
                                     partial(_record_incident, app), _other("protection.key.record")))
            for command in getattr(self.screen, "palette_commands", lambda: ())():
                found.append(Command(command.title, command.help, command.run))
            found.append(Command(t("nav.log_out"), t("palette.log_out_help"), partial(app.run_action, "log_out"),
                                 _other("nav.log_out")))
        found.append(Command(t("nav.help"), t("palette.help_help"), partial(app.run_action, "help"),
                             _other("nav.help")))
        found.append(Command(t("nav.language"), t("palette.language_help"),
                             partial(app.run_action, "switch_language"), _other("nav.language")))
        found.append(Command(t("nav.quit"), t("palette.quit_help"), partial(app.run_action, "quit"),
                             _other("nav.quit")))
        return found

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(command.title), command.run, text=command.title,
                          help=command.help)
            elif command.other and (other_score := matcher.match(command.other)) > 0:
                found = True
                yield Hit(other_score * 0.9, command.title, command.run, text=command.title, help=command.help)
        if not found and not _logs_care(query):
            # Said in the user's language (Textual's own notice is English only); choosing it does nothing.
            yield Hit(0.0, t("palette.no_match"), lambda: None, help=t("palette.no_match_help"))


def _record_incident(app) -> None:
    from schoolcare.ui.protection.incident_forms import record_from_anywhere  # not imported before login

    record_from_anywhere(app)


def _logs_care(query: str) -> bool:
    """"家访 张三" is answered by the pupil provider (a form for the pupil), not a miss of this one."""
    from schoolcare.ui.registry.find_pupil import care_verb  # not imported before the login screen

    return care_verb(query) is not None
