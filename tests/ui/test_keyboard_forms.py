"""Forms never lose work and say where they are refused: Ctrl+S saves, Escape on a changed form asks, a refused
save focuses the first field at fault and counts them, errors go when fixed; Enter on a choice moves on like in a
text box and Tab goes round the form's fields; area keys show the area itself."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from schoolcare.i18n import t
from schoolcare.store.models import Guardian, Pupil
from schoolcare.ui.accounts.login import SetupScreen
from schoolcare.ui.care.forms import CallDialog
from schoolcare.ui.kit.dialog import ConfirmDiscard
from schoolcare.ui.registry.find_pupil import FindPupilScreen
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from schoolcare.ui.registry.pupil_forms import GuardianDialog, PupilDialog
from schoolcare.ui.registry.pupils import PupilsScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import fill, press_settled, settle


def error_of(app, field: str) -> str:
    return str(app.screen.query_one(f"#field-{field} .field-error", Static).render())


async def new_pupil_form(pilot) -> PupilDialog:
    await settle(pilot)
    await press_settled(pilot, "2", "n")
    assert isinstance(pilot.app.screen, PupilDialog)
    return pilot.app.screen


async def type_keys(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char)


async def test_ctrl_s_saves_a_new_pupil_from_any_field(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_pupil_form(pilot)
        await fill(pilot, student_no="K100", name="键盘生", birth_date="2017-03-05")
        form.query_one("#gender").value = "f"
        form.query_one("#class_id").value = school.class_ids[0]
        form.query_one("#address", Input).focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PupilDialog)
    assert Pupil.get(Pupil.student_no == "K100").name == "键盘生"


async def test_escape_on_a_changed_form_asks_and_keeps_the_work(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_pupil_form(pilot)
        await pilot.press("escape")  # nothing typed yet: closes at once
        await settle(pilot)
        assert isinstance(app.screen, PupilsScreen)
        form = await new_pupil_form(pilot)
        await type_keys(pilot, "K1")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the default answer keeps the form
        await settle(pilot)
        assert app.screen is form and form.query_one("#student_no", Input).value == "K1"
        form.query_one("#cancel").focus()
        await pilot.press("enter")  # 取消 asks too
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#discard").press()
        await settle(pilot)
        assert isinstance(app.screen, PupilsScreen)


async def test_save_before_cancel_in_tab_order(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_pupil_form(pilot)
        order = [w.id for w in form.focus_chain]
        assert order.index("save") + 1 == order.index("cancel")


async def test_a_refused_save_focuses_the_first_bad_field_and_counts_them(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_pupil_form(pilot)
        await fill(pilot, student_no="K101", birth_date="2019-02-30")
        form.query_one("#save").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert error_of(app, "name") and error_of(app, "birth_date") and error_of(app, "gender")
        assert app.focused is form.query_one("#name", Input)  # the first at fault, above 出生日期
        line = str(form.query_one("#dialog-error", Static).render())
        bad = len(form.query(".form-field.-invalid"))
        assert line == t("keyboard.form.attention", n=bad) and bad >= 3
        await type_keys(pilot, "键")
        await settle(pilot)
        assert error_of(app, "name") == ""
        assert str(form.query_one("#dialog-error", Static).render()) == t("keyboard.form.attention", n=bad - 1)
        form.query_one("#birth_date", Input).focus()
        await pilot.pause()
        assert form.query_one("#field-birth_date").region.area  # scrolled into view at 80×24


async def test_first_run_shows_every_problem_at_once_and_clears_each_when_fixed(app_for, database):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await fill(pilot, school="", name="", login="Li Si", password="abc", again="abd")
        await pilot.press("enter")
        await settle(pilot)
        for name in ("school", "name", "login", "password", "again"):
            assert error_of(app, name), name
        assert app.focused is app.screen.query_one("#school", Input)
        await type_keys(pilot, "石门小学")
        assert error_of(app, "school") == "" and error_of(app, "name")


async def test_an_area_key_shows_the_area_not_a_file_left_open(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "2")
        app.screen.open_file(school.pupil_ids[0])  # a file opened in the pupils area earlier
        await settle(pilot)
        await press_settled(pilot, "3", "ctrl+f")
        assert isinstance(app.screen, FindPupilScreen)
        for key in "lyy":
            await pilot.press(key)
        await press_settled(pilot, "enter")
        assert isinstance(app.screen, PupilFileScreen) and app.screen.pupil_id == school.pupil_ids[3]
        await press_settled(pilot, "2")
        assert isinstance(app.screen, PupilsScreen)
        await press_settled(pilot, "n")
        assert isinstance(app.screen, PupilDialog)  # n is "new pupil" here, as the footer says


async def test_escape_leaves_the_pupil_search_box(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "2", "slash")
        assert isinstance(app.focused, Input)
        await press_settled(pilot, "l", "escape")
        assert isinstance(app.focused, DataTable)
        await press_settled(pilot, "n")  # a key again, not text
        assert isinstance(app.screen, PupilDialog)


async def test_digits_typed_in_the_search_box_stay_text(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_settled(pilot, "2", "slash", "S", "0", "0", "3")
        assert isinstance(app.screen, PupilsScreen) and app.current_mode == "pupils"
        assert app.focused.value == "S003"


async def test_ticked_and_unticked_boxes_read_apart_without_colour(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_pupil_form(pilot)
        box = form.query_one("#boarding")
        assert "✓" not in str(box.render())
        box.value = True
        await pilot.pause()
        assert "✓" in str(box.render())


async def test_enter_on_a_closed_choice_moves_on_and_on_an_open_one_picks(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_pupil_form(pilot)
        gender = form.query_one("#gender", Select)
        gender.focus()
        await pilot.press("enter")  # as in a text box: on to 出生日期, the choice left closed and unchosen
        await settle(pilot)
        assert app.focused is form.query_one("#birth_date", Input)
        assert not gender.expanded and gender.value is Select.NULL
        await pilot.press("shift+tab", "space")  # Space opens the list…
        await settle(pilot)
        assert gender.expanded
        await pilot.press("down", "enter")  # …and Enter in the open list picks, staying on the field
        await settle(pilot)
        assert not gender.expanded and gender.value in ("f", "m") and app.focused is gender
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is form.query_one("#birth_date", Input)


async def test_enter_moves_through_a_care_dialogs_choices(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(CallDialog(school.coordinator, school.pupil_ids[0], "张小三"))
        await settle(pilot)
        form = app.screen
        form.query_one("#channel", Select).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is form.query_one("#with_whom", Select)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is form.query_one("#duration_min", Input)


async def test_enter_on_a_choice_in_the_last_field_saves(app_for, school):
    app = app_for(school.coordinator)
    before = Guardian.select().where(Guardian.pupil == school.pupil_ids[0]).count()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(GuardianDialog(school.coordinator, school.pupil_ids[0], None))
        await settle(pilot)
        form = app.screen
        form.query_one("#relation", Select).value = "father"
        await fill(pilot, name="张父")
        form.query_one("#capacity", Select).focus()  # 监护能力: the last field before the tick boxes
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, GuardianDialog)
    assert Guardian.select().where(Guardian.pupil == school.pupil_ids[0]).count() == before + 1


async def test_tab_after_cancel_goes_round_to_the_first_field(app_for, school):
    app = app_for(school.coordinator)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_pupil_form(pilot)
        assert form.query_one("#pupil-form") not in form.focus_chain  # the box the form scrolls in
        form.query_one("#cancel").focus()
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is form.query_one("#student_no", Input)
        await pilot.press("shift+tab")  # and back the other way
        await settle(pilot)
        assert app.focused is form.query_one("#cancel")
        await pilot.press("escape")
        await settle(pilot)
        await app.push_screen(CallDialog(school.coordinator, school.pupil_ids[0], "张小三"))
        await settle(pilot)
        app.screen.query_one("#cancel").focus()
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.screen.focus_chain[0] and isinstance(app.focused, Input)
