"""The coordinator's budget: one home visit with one follow-up, for any pupil, in at most 12 keys plus the text typed
(the teacher's week's-calls budget is tests/ui/test_care_week.py's). Two ways in: the command palette ("家访 zxs")
and the pupil's file (Ctrl+F, the name, Enter, v)."""
from __future__ import annotations

import pytest

from schoolcare.store.models import FollowUp, HomeVisit
from schoolcare.ui.care.forms import VisitDialog
from tests.ui.conftest import SIZE
from tests.ui.helpers import settle

KEY_BUDGET = 12
# The visit's own text, field by field in the form's order: met whom, the family's situation, one follow-up.
VISIT = ("tab", "tab", "祖母", "tab", "父母在外务工由祖母照料", "tab", "tab", "tab", "tab", "申请助学金")


class CountingPilot:
    """Presses keys and counts them; text typed goes in character by character and is not counted."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.presses = 0

    async def press(self, *keys: str) -> None:
        self.presses += len(keys)
        await self.pilot.press(*keys)
        await settle(self.pilot)

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)
        await settle(self.pilot)
        await self.pilot.pause(0.3)  # the palette gathers its answers a moment after the last key

    async def fill_visit(self) -> None:
        for step in VISIT:
            await (self.press(step) if step == "tab" else self.type(step))
        await self.press("ctrl+s")


def the_visit_saved(pupil_id: int, coordinator_id: int) -> None:
    (visit,) = HomeVisit.select()
    assert visit.pupil_id == pupil_id and visit.met_whom == "祖母" and visit.family_findings == "父母在外务工由祖母照料"
    (action,) = FollowUp.select()
    assert action.home_visit_id == visit.id and action.action == "申请助学金" and action.owner_id == coordinator_id


@pytest.mark.parametrize("who", [("zxs", 0), ("黄丽丽", 4)], ids=["initials", "name"])
async def test_a_home_visit_with_a_follow_up_from_the_palette_in_12_keys(app_for, school, who):
    typed, index = who
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = CountingPilot(pilot)
        await keys.press("ctrl+p")
        await keys.type(f"家访 {typed}")
        await keys.press("enter")
        assert isinstance(app.screen, VisitDialog) and app.screen.pupil_id == school.pupil_ids[index]
        await keys.fill_visit()
        assert not isinstance(app.screen, VisitDialog), str(app.screen.query_one("#dialog-error").render())
        assert keys.presses <= KEY_BUDGET, keys.presses
        the_visit_saved(school.pupil_ids[index], school.coordinator.staff_id)


async def test_a_home_visit_with_a_follow_up_from_the_pupil_file_in_12_keys(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = CountingPilot(pilot)
        await keys.press("3")  # from anywhere: the care log here
        await keys.press("ctrl+f")
        await keys.type("孙未分")  # the pupil nobody cares for yet
        await keys.press("enter", "v")
        assert isinstance(app.screen, VisitDialog) and app.screen.pupil_id == school.unassigned_pupil_id
        await keys.fill_visit()
        assert not isinstance(app.screen, VisitDialog), str(app.screen.query_one("#dialog-error").render())
        assert keys.presses <= KEY_BUDGET, keys.presses
        the_visit_saved(school.unassigned_pupil_id, school.coordinator.staff_id)
