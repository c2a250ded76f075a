"""The counselling tab: a session recorded with Ctrl+S, opened with its notes (audited), refused input named on
its field; a care teacher who is not the counsellor sees that sessions took place, never the notes."""
from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from schoolcare.domain.counselling import COUNSELLOR_POST, SessionDraft
from schoolcare.i18n import reason, text
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.protection import counselling
from schoolcare.store.models import AuditEntry, CounsellingSession, Staff
from schoolcare.ui.protection.counselling import CounsellingScreen, SessionDialog, SessionView
from schoolcare.ui.registry.pupil_file import PupilFileScreen
from tests.ui.conftest import SIZE
from tests.ui.helpers import MISSING_KEY, fill, press_settled, screen_text, settle

NOTES = "考试前睡不着，想妈妈"


def make_counsellor(school):
    return actor_for(Staff.create(school=school.school_id, name="林老师", login="lin", role="teacher",
                                  post=COUNSELLOR_POST, password_hash=Staff.get_by_id(school.teacher.staff_id).password_hash))


async def open_tab(pilot):
    await pilot.press("8")
    await settle(pilot)
    pilot.app.screen.show("counselling")
    await settle(pilot)


async def test_the_counsellor_records_a_session_and_opens_it(app_for, school, settings):
    counsellor = make_counsellor(school)
    app = app_for(counsellor)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot)
        assert "还没有心理咨询记录" in screen_text(pilot)
        await press_settled(pilot, "n")
        assert isinstance(app.screen, SessionDialog)
        await fill(pilot, pupil="S099", date="2026-11-29", notes=NOTES)
        app.screen.query_one("#topic").value = "peers"
        await press_settled(pilot, "ctrl+s")
        # Refused: a date after today, said on the date field; what was typed stays.
        assert isinstance(app.screen, SessionDialog)
        error = str(app.screen.query_one("#field-date .field-error", Static).render())
        assert error == reason("care.future")
        await fill(pilot, date="2026-11-27")
        await press_settled(pilot, "ctrl+s")
        assert not isinstance(app.screen, SessionDialog)
        text = screen_text(pilot)
        assert "孙未分" in text and "同伴关系" in text and "林老师" in text
        assert NOTES not in text  # the list never shows notes
        await press_settled(pilot, "enter")
        assert isinstance(app.screen, SessionView)
        assert NOTES in screen_text(pilot)
    session = CounsellingSession.get()
    assert (session.pupil_id, session.date, session.topic, session.counsellor_id) == (
        school.unassigned_pupil_id, dt.date(2026, 11, 27), "peers", counsellor.staff_id)
    read = AuditEntry.get((AuditEntry.entity == "counselling_session") & (AuditEntry.action == "read"))
    assert read.actor_id == counsellor.staff_id


async def test_a_care_teacher_sees_that_sessions_took_place_without_notes(app_for, school, settings):
    counsellor = make_counsellor(school)
    pupil = school.pupil_ids[0]  # 郑老师 is the care teacher
    counselling.record_session(counsellor, settings, SessionDraft(pupil, "2026-11-20", "学习压力", NOTES))
    app = app_for(school.teacher, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PupilFileScreen(pupil))
        await settle(pilot)
        care = str(app.screen.query_one("#file-care", Static).render())
        assert "Counselling sessions: 1, latest 2026-11-20 (林老师); p to see them" in care
        await press_settled(pilot, "p")
        assert isinstance(app.screen, CounsellingScreen)
        text = screen_text(pilot)
        assert "2026-11-20" in text and "林老师" in text and "notes restricted: ask 林老师" in text
        assert "You see only the date and the counsellor" in text
        assert "Study stress" not in text and NOTES not in text and MISSING_KEY not in text
        await press_settled(pilot, "enter")  # opening it is refused before any reading
        assert isinstance(app.screen, CounsellingScreen)
        assert NOTES not in screen_text(pilot)
        await press_settled(pilot, "escape")
        assert isinstance(app.screen, PupilFileScreen)
    assert not AuditEntry.select().where(AuditEntry.action == "read").exists()


async def test_the_hint_says_what_this_user_reads(app_for, school, settings):
    # The counsellor reads the notes of the sessions they held (the service's rule): never told they see only the
    # date; a care teacher who held none of the listed sessions is; the coordinator reads every session.
    counsellor = make_counsellor(school)
    pupil = school.pupil_ids[0]  # 郑老师 is the care teacher
    counselling.record_session(counsellor, settings, SessionDraft(pupil, "2026-11-20", "学习压力", NOTES))
    for actor, lang, hint in ((counsellor, "en", "counselling.hint_own"), (counsellor, "zh-CN", "counselling.hint_own"),
                              (school.teacher, "en", "counselling.hint"),
                              (school.coordinator, "en", "counselling.hint_reader")):
        app = app_for(actor, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await open_tab(pilot)
            shown = str(app.screen.query_one("#counselling-hint", Static).render())
            assert shown == text(lang, hint), (actor.name, lang)
            if actor is counsellor:
                assert "You see only the date" not in shown and "您只能看到" not in shown
    # Both: a session of their own and one of another counsellor's, for a pupil in their reach.
    counselling.record_session(school.teacher, settings, SessionDraft(pupil, "2026-11-21", "学习压力", "想妈妈"))
    app = app_for(school.teacher, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot)
        assert str(app.screen.query_one("#counselling-hint", Static).render()) == text("en", "counselling.hint_own")
