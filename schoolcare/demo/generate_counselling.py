"""A few fictional counselling sessions (心理咨询室) for the demo school, recorded through the service so they are
audited like real ones: the school's counsellor is a teacher with the post 心理辅导老师."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import clock
from schoolcare.domain.counselling import COUNSELLOR_POST, SessionDraft
from schoolcare.domain.roles import Role
from schoolcare.domain.settings import Settings
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.protection import counselling
from schoolcare.store.models import CareAssignment, Pupil, School, Staff

# (days before today, topic, notes, referral, referral note, follow-up in days or None); all fictional.
SESSIONS = (
    (24, "family", "说很久没和妈妈视频了，过年不知道爸妈回不回来。约好下周再聊，请班主任安排一次亲情视频。",
     "none", "", 7),
    (17, "family", "和妈妈视频以后情绪好多了，说想把成绩单拍给妈妈看。", "none", "", None),
    (12, "study_stress", "期中考试前睡不好，怕考不好让奶奶失望。教了几个放松的办法。", "none", "", 14),
    (9, "emotions", "近两周常一个人哭，不愿说话，食欲差。已告知监护人，建议到医院心理科看看。",
     "hospital", "县人民医院心理门诊，监护人同意下周带去", 7),
    (5, "peers", "和同桌闹矛盾，觉得没人跟自己玩。商量了怎么和好，请班主任留意课间。", "none", "", None),
)


def add_counselling(settings: Settings, *, today: dt.date | None = None) -> int:
    """Sessions for the first teacher's pupils (so that teacher sees that sessions took place, not what was
    said), by the school's counsellor; returns how many were recorded. Does nothing without such a school."""
    today = today or clock.today()
    school = School.select().order_by(School.id).first()
    if school is None:
        return 0
    teachers = list(Staff.select().where((Staff.school == school.id) & (Staff.role == Role.TEACHER.value)
                                         & (Staff.active == True)).order_by(Staff.login))  # noqa: E712
    coordinator = Staff.get_or_none((Staff.school == school.id) & (Staff.role == Role.COORDINATOR.value))
    if len(teachers) < 3 or coordinator is None:
        return 0
    care_teacher, counsellor = teachers[0], teachers[2]
    Staff.update(post=COUNSELLOR_POST).where(Staff.id == counsellor.id).execute()
    pupils = list(Pupil.select(Pupil.id, Pupil.enrolled_on).join(CareAssignment, on=(CareAssignment.pupil == Pupil.id))
                  .where((CareAssignment.teacher == care_teacher.id) & CareAssignment.end_on.is_null())
                  .order_by(Pupil.id).limit(3))
    if not pupils:
        return 0
    recorded = 0
    who = actor_for(counsellor)
    for n, (ago, topic, notes, referral, referral_note, follow_up) in enumerate(SESSIONS):
        pupil = pupils[0] if n < 2 else pupils[min(n - 1, len(pupils) - 1)]
        day = today - dt.timedelta(days=ago)
        if pupil.enrolled_on and day < pupil.enrolled_on:
            continue
        counselling.record_session(who, settings, SessionDraft(
            pupil.id, day, topic, notes, referral, referral_note,
            day + dt.timedelta(days=follow_up) if follow_up else None))
        recorded += 1
    # One the coordinator writes down for the counsellor (a session held while the counsellor was away sick),
    # and one withdrawn: recorded for the wrong pupil.
    coordinator_actor = actor_for(coordinator)
    counselling.record_session(coordinator_actor, settings, SessionDraft(
        pupils[-1].id, today - dt.timedelta(days=3), "behaviour", "上课坐不住，和科任老师顶嘴。先听他说，约定每周来一次。",
        counsellor_id=counsellor.id))
    wrong = counselling.record_session(who, settings, SessionDraft(pupils[0].id, today - dt.timedelta(days=2),
                                                                   "other", "记错了学生"))
    counselling.withdraw_session(who, wrong.row.id, "记错了学生，已另行记录")
    return recorded + 2
