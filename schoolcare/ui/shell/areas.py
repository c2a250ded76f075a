"""The areas of the app and the registry the app builds its modes, keys and palette from.

To add an area: write an AreaScreen subclass (ui/kit/base.py) in its feature's
package (ui/<feature>/) and list it in AREAS; its key, palette entry and role
check follow.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen

from schoolcare.domain.roles import Actor, Permission
from schoolcare.ui.bindings import N_


@dataclass(frozen=True)
class Area:
    mode: str  # Textual mode name, also used in actions: area('pupils')
    key: str  # the key that opens it from anywhere
    title: str  # i18n key of its name
    # "feature.module:Class" under schoolcare.ui, imported when the area is first opened, so the
    # login screen does not wait for every area's screens, dialogs and services to import.
    screen_path: str
    permission: Permission | None = None  # None: every role may open it
    # A county account (no school of its own) opens the county's areas only; a school's account never does.
    county: bool = False

    def open_to(self, actor: Actor | None) -> bool:
        return (actor is not None and self.county == actor.is_county
                and (self.permission is None or actor.can(self.permission)))

    def screen_class(self) -> type[Screen]:
        module, name = self.screen_path.split(":")
        return getattr(importlib.import_module(f"schoolcare.ui.{module}"), name)

    def screen(self) -> Screen:
        return self.screen_class()()


AREAS: tuple[Area, ...] = (
    # Listed first: the first area open to an account is where its login lands (the county's home).
    Area("county", "1", N_("nav.county"), "county.area:CountyScreen", Permission.VIEW_COUNTY, county=True),
    Area("home", "1", N_("nav.home"), "shell.home:HomeScreen"),
    Area("pupils", "2", N_("nav.pupils"), "registry.pupils:PupilsScreen"),
    Area("care_log", "3", N_("nav.care_log"), "care.log:CareLogScreen"),
    Area("activities", "4", N_("nav.activities"), "care.activities:ActivitiesScreen"),
    Area("centre", "5", N_("nav.centre"), "centre.area:CentreScreen"),
    Area("reports", "6", N_("nav.reports"), "reports.progress:ReportsScreen", Permission.VIEW_REPORTS),  # principal, coordinator
    Area("admin", "7", N_("nav.admin"), "accounts.admin:AdminScreen", Permission.MANAGE_USERS),
    Area("protection", "8", N_("nav.protection"), "protection.area:ProtectionScreen"),  # each tab decides what a role sees
)


def area(mode: str) -> Area:
    for candidate in AREAS:
        if candidate.mode == mode:
            return candidate
    raise KeyError(mode)
