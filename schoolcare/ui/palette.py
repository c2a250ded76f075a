"""The command palette's commands: every area the user may open, the current area's own commands,
log out, help, switch language, quit — in the active language, also found by their other-language name.
("家访 张三" and the like are the pupil provider's, ui/registry/find_pupil.py.) SchoolcarePalette says "nothing
found" in the user's language, and only when no provider found anything."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

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
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, text=command.title,
                          help=command.help)
            elif command.other and (other_score := matcher.match(command.other)) > 0:
                yield Hit(other_score * 0.9, command.title, command.run, text=command.title, help=command.help)


class SchoolcarePalette(CommandPalette):
    """Textual's palette, whose notice that nothing matched is said in the user's language.

    A provider cannot know whether another found something (the pupil search answers "张三", this module's
    commands do not), so the notice comes from the palette, once every provider has answered. Textual writes
    its own notice in English inside _start_no_matches_countdown; this is that method with our words (pinned to
    Textual 8 in pyproject.toml; tests/ui/test_keyboard_palette.py fails if an upgrade changes it).
    """

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:  # discovery with nothing to show: nothing to say either
                self._list_visible = False
                return
            notice = Text.assemble((t("palette.no_match"), "not bold"), "  ", (t("palette.no_match_help"), "dim"))
            self.query_one(CommandList).add_option(Option(Align.center(notice), disabled=True, id=self._NO_MATCHES))
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def _record_incident(app) -> None:
    from schoolcare.ui.protection.incident_forms import record_from_anywhere  # not imported before login

    record_from_anywhere(app)
