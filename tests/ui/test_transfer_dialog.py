"""转入学生 as the receiving coordinator does it: type the number, see who it finds, choose the class, Ctrl+S; the new
file says where the pupil came from and opens the old school's records; the old school's file and list say where
they went."""
from __future__ import annotations

import contextlib

from textual.widgets import DataTable, Input, Select, Static
from textual.worker import WorkerCancelled

from schoolcare.i18n import reason, t
from schoolcare.store.models import FamilyCall, Pupil, SituationNote
from schoolcare.ui.kit.dialog import ConfirmDiscard
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from schoolcare.ui.registry.pupils import PupilsScreen
from schoolcare.ui.registry.transfer import OldHistoryScreen, TransferDialog
from tests.factories import build_small_school
from tests.ui.conftest import SIZE, TODAY
from tests.ui.helpers import MISSING_KEY, screen_text, settle

NID = "G43052420150305123X"


def error_of(app, field: str) -> str:
    return str(app.screen.query_one(f"#field-{field} .field-error", Static).render())


def found_line(app) -> str:
    return str(app.screen.query_one("#transfer-found", Static).render())


async def type_number(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#national_id", Input)
    field.focus()
    await pilot.press("ctrl+u", *text)
    await settle(pilot)


async def open_dialog(pilot) -> TransferDialog:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PupilsScreen)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TransferDialog)
    return pilot.app.screen


def two_schools(school):
    Pupil.update(national_id=NID).where(Pupil.id == school.pupil_ids[0]).execute()
    SituationNote.create(pupil=school.pupil_ids[0], aspect="family", text="父母在东莞务工", noted_on="2026-09-10",
                         author=school.teacher.staff_id)
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date="2026-10-20", with_whom="mother",
                      notes="妈妈说下月回来", recorded_by=school.teacher.staff_id)
    return build_small_school("白云镇中心小学", prefix="b")


async def test_transfer_in_finds_confirms_and_opens_the_new_file(app_for, school):
    new = two_schools(school)
    app = app_for(new.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await type_number(pilot, "G4305242015030512")  # not yet whole: no error, nothing looked up
        assert error_of(app, "national_id") == "" and "张小三" not in found_line(app)
        await type_number(pilot, "G430524201503051230")  # whole, but a digit off
        assert error_of(app, "national_id").endswith(reason("national_id.check", {"example": NID}))
        await type_number(pilot, NID.lower())
        assert found_line(app) == "找到：张小三  女  出生 2015-05-01  青石镇中心小学  三年级(1)班"
        assert dialog.query_one("#on", Input).value == TODAY
        dialog.query_one("#class_id", Select).value = new.class_ids[1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        text = screen_text(pilot)
        for expected in ("转自 青石镇中心小学（2026-11-28）", "全国学籍号：G43052420150305123X", "四年级(2)班", "祖母S001"):
            assert expected in text, expected
        assert MISSING_KEY not in text
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OldHistoryScreen)
        text = screen_text(pilot)
        for expected in ("张小三在青石镇中心小学的记录", "父母在东莞务工", "妈妈说下月回来"):
            assert expected in text, expected
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
    moved = Pupil.get((Pupil.school == new.school_id) & (Pupil.national_id == NID))
    assert (moved.status, moved.school_class_id, str(moved.enrolled_on)) == ("enrolled", new.class_ids[1], TODAY)
    assert Pupil.get_by_id(school.pupil_ids[0]).status == "transferred"


async def test_refusals_stay_in_the_dialog_and_escape_asks_first(app_for, school):
    new = two_schools(school)
    app = app_for(new.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("ctrl+s")  # nothing found yet
        await settle(pilot)
        assert app.screen is dialog and error_of(app, "national_id") == t("transfer.form.find_first")
        await type_number(pilot, "L110101201505010001")  # nobody holds it
        assert "其他学校没有持有全国学籍号 L110101201505010001 的学生" in error_of(app, "national_id")
        await type_number(pilot, NID)
        dialog.query_one("#on", Input).value = "2026-12-25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and error_of(app, "on") == reason("date_future", {"value": "2026-12-25"})
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the default keeps what was typed
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#national_id", Input).value == NID
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#discard").press()
        await settle(pilot)
        assert isinstance(app.screen, PupilsScreen)
    assert Pupil.get_by_id(school.pupil_ids[0]).status == "enrolled"


async def test_the_old_school_sees_where_the_pupil_went(app_for, school):
    new = two_schools(school)
    from schoolcare.services.county import transfers

    transfers.transfer_in(new.coordinator, NID, new.class_ids[0])
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#filter-status", Select).value = "transferred"
        await settle(pilot)
        table = app.screen.query_one("#pupil-list", DataTable)
        assert [str(c) for c in table.get_row_at(0)][1] == "张小三"
        assert "已转至 白云镇中心小学（2026-11-28）" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        text = screen_text(pilot)
        assert "已转至 白云镇中心小学（2026-11-28）" in text and "转出" in text
        assert not app.screen.check_action("old_history", ())  # the old record has no one else's records to open


async def test_teachers_and_principals_have_no_transfer_key(app_for, school):
    new = two_schools(school)
    for actor in (new.teacher, new.principal):
        app = app_for(actor)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.switch_mode("pupils")
            for _ in range(3):  # the home's load, cancelled by leaving it, is no failure here
                with contextlib.suppress(WorkerCancelled):
                    await app.workers.wait_for_complete()
                await pilot.pause()
            assert isinstance(app.screen, PupilsScreen)
            assert not app.screen.check_action("transfer_in", ())
            await pilot.press("t")
            await settle(pilot)
            assert not isinstance(app.screen, TransferDialog)


async def test_the_pupil_form_edits_the_national_id_and_names_who_holds_one_taken(app_for, school):
    two_schools(school)
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PupilFileScreen(school.pupil_ids[1]))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#national_id", Input)
        field.focus()
        await pilot.press(*NID.lower())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "张小三" in error_of(app, "national_id")  # this school's own pupil holds it: named
        await pilot.press("ctrl+u", *"l110101201505010001")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert "全国学籍号：L110101201505010001" in screen_text(pilot)
    assert Pupil.get_by_id(school.pupil_ids[1]).national_id == "L110101201505010001"
