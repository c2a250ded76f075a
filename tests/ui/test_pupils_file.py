"""The pupil file and its forms: checked as typed, a refused save keeps what was typed and names the field, history kept."""
from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Static, TextArea

from schoolcare.i18n import reason
from schoolcare.store.models import Guardian, Pupil, SituationNote
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from schoolcare.ui.registry.pupil_forms import GuardianDialog, NoteDialog, PupilDialog
from tests.ui.conftest import SIZE, TODAY
from tests.ui.helpers import MISSING_KEY, press_settled, screen_text, settle


async def open_file(pilot, pupil_id: int) -> None:
    await settle(pilot)
    pilot.app.push_screen(PupilFileScreen(pupil_id))
    await settle(pilot)


def error_of(app, field: str) -> str:
    return str(app.screen.query_one(f"#field-{field} .field-error", Static).render())


async def type_into(pilot, input_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{input_id}", Input)
    field.focus()
    await pilot.press("ctrl+u", *text)
    await pilot.pause()


async def test_the_file_shows_the_verdict_with_its_inputs(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        text = screen_text(pilot)
        for expected in ("张小三", "留守儿童（由家庭情况和年龄推算）", "父亲外出：是", "郑老师（2026-09-01 起）",
                         "祖母S001", "还没有关爱记录"):
            assert expected in text, expected
        assert MISSING_KEY not in text


async def test_guardian_phone_checked_as_typed_and_kept_when_refused(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GuardianDialog)
        await type_into(pilot, "name", "张舅舅")
        await type_into(pilot, "phone", "1381234")
        assert error_of(app, "phone") == reason("phone_mobile")
        app.screen.save()  # save anyway: refused, nothing lost
        await settle(pilot)
        assert isinstance(app.screen, GuardianDialog)
        assert app.screen.query_one("#phone", Input).value == "1381234"
        assert app.screen.query_one("#name", Input).value == "张舅舅"
        assert error_of(app, "phone") == reason("phone_mobile")
        assert error_of(app, "relation") == reason("required")  # every field at fault is marked
        app.screen.query_one("#relation").value = "other"
        await type_into(pilot, "phone", "１３９ ０００１ ２３４５")  # full-width, as a Chinese IME types it
        assert error_of(app, "phone") == ""
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert "张舅舅" in screen_text(pilot)
    uncle = Guardian.get(Guardian.name == "张舅舅")
    assert uncle.phone == "13900012345"


async def test_a_parent_coming_home_changes_the_derived_status(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        guardians = app.screen.query_one("#file-guardians", DataTable)
        guardians.focus()
        guardians.move_cursor(row=1)  # the mother
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GuardianDialog)
        app.screen.query_one("#away", Checkbox).value = False
        app.screen.save()
        await settle(pilot)
        text = screen_text(pilot)
        assert "不属于留守儿童" in text and "母亲外出：否" in text and "父母已返乡，待复核" in text
        await pilot.press("y")  # the coordinator marks it reviewed
        await settle(pilot)
        assert "父母已返乡" not in screen_text(pilot)
    assert not Pupil.get_by_id(school.pupil_ids[0]).left_behind


async def test_dates_in_chinese_spelling_and_a_wrong_one_named(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[1])
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PupilDialog)
        await type_into(pilot, "birth_date", "2015年2月30日")
        assert error_of(app, "birth_date") == reason("date_invalid")
        await type_into(pilot, "birth_date", "2015.2.3")
        assert error_of(app, "birth_date") == ""
        await type_into(pilot, "address", "青石镇 五组")
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
    pupil = Pupil.get_by_id(school.pupil_ids[1])
    assert pupil.birth_date.isoformat() == "2015-02-03" and pupil.address == "青石镇 五组"


async def test_a_student_number_over_40_characters_is_named_and_a_taken_one_refused(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[1])
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PupilDialog)
        await type_into(pilot, "student_no", "S" * 41)
        assert error_of(app, "student_no") == "最多 40 个字"  # as typed
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, PupilDialog) and error_of(app, "student_no") == "最多 40 个字"
        await type_into(pilot, "student_no", "S001")  # 张小三's: refused by the service, in Chinese, on the field
        assert error_of(app, "student_no") == ""
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, PupilDialog)
        assert error_of(app, "student_no") == "学号 S001 在本校已有学生使用"
        assert app.screen.query_one("#student_no", Input).value == "S001"
    assert Pupil.get_by_id(school.pupil_ids[1]).student_no == "S002"


async def test_situation_notes_keep_history(app_for, school):
    app = app_for(school.teacher)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, school.pupil_ids[0])
        for text in ("父母在外务工", "母亲已回乡"):
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, NoteDialog)
            app.screen.query_one("#text", TextArea).text = text
            app.screen.save()
            await settle(pilot)
        assert "家庭情况" in screen_text(pilot) and "母亲已回乡" in screen_text(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen.query_one("#note-history-table", DataTable)
        assert history.row_count == 2
    assert SituationNote.select().count() == 2


async def test_a_new_pupil_from_the_list(app_for, school):
    app = app_for(school.coordinator, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "2", "n")
        assert isinstance(app.screen, PupilDialog)
        # The enrolment date is filled in with today: a pupil added today owes nothing before today.
        assert app.screen.query_one("#enrolled_on", Input).value == TODAY
        await type_into(pilot, "student_no", "S777")
        await type_into(pilot, "name", "钱小七")
        app.screen.save()  # no gender, no birth date: both are named
        await settle(pilot)
        assert isinstance(app.screen, PupilDialog)
        assert app.screen.query_one("#student_no", Input).value == "S777"
        assert error_of(app, "gender") == reason("required")
        assert error_of(app, "birth_date") == reason("required")
        app.screen.query_one("#gender").value = "m"
        await type_into(pilot, "birth_date", "2016-04-01")
        app.screen.save()
        await settle(pilot)
        assert isinstance(app.screen, PupilFileScreen)
        assert "钱小七" in screen_text(pilot) and MISSING_KEY not in screen_text(pilot)
    added = Pupil.get(Pupil.student_no == "S777")
    assert added.name_initials == "qxq" and added.enrolled_on.isoformat() == TODAY
