"""The areas of the app, one screen module each, and the registry the app builds its modes, keys and palette from.

To add an area: write an AreaScreen subclass (screens/base.py) in its own
module and list it in AREAS; its key, palette entry and role check follow.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.screen import Screen

from schoolcare.domain.roles import Actor, Permission
from schoolcare.ui.bindings import N_
from schoolcare.ui.screens.activities import ActivitiesScreen
from schoolcare.ui.screens.admin import AdminScreen
from schoolcare.ui.screens.care_log import CareLogScreen
from schoolcare.ui.screens.centre import CentreScreen
from schoolcare.ui.screens.home import HomeScreen
from schoolcare.ui.screens.pupils import PupilsScreen
from schoolcare.ui.screens.reports import ReportsScreen


@dataclass(frozen=True)
class Area:
    mode: str  # Textual mode name, also used in actions: area('pupils')
    key: str  # the key that opens it from anywhere
    title: str  # i18n key of its name
    screen: Callable[[], Screen]
    permission: Permission | None = None  # None: every role may open it

    def open_to(self, actor: Actor | None) -> bool:
        return actor is not None and (self.permission is None or actor.can(self.permission))


AREAS: tuple[Area, ...] = (
    Area("home", "1", N_("nav.home"), HomeScreen),
    Area("pupils", "2", N_("nav.pupils"), PupilsScreen),
    Area("care_log", "3", N_("nav.care_log"), CareLogScreen),
    Area("activities", "4", N_("nav.activities"), ActivitiesScreen),
    Area("centre", "5", N_("nav.centre"), CentreScreen),
    Area("reports", "6", N_("nav.reports"), ReportsScreen, Permission.VIEW_REPORTS),  # principal, coordinator
    Area("admin", "7", N_("nav.admin"), AdminScreen, Permission.MANAGE_USERS),
)


def area(mode: str) -> Area:
    for candidate in AREAS:
        if candidate.mode == mode:
            return candidate
    raise KeyError(mode)
