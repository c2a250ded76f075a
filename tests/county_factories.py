"""A small county for tests: three SmallSchools (tests/factories.py) and county accounts of each office."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schoolcare.domain import protection as pr
from schoolcare.domain.roles import Actor
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.protection import incident_actions, incidents
from schoolcare.store.models import CountyReach, DropoutCase, School, Staff
from tests.factories import _HASH, SmallSchool, build_small_school


@dataclass
class County:
    schools: list[SmallSchool]
    bureau: Actor  # 教育局: reads every school
    civil_affairs: Actor  # 民政局: reads every school
    township: Actor  # 乡镇: reads the first two schools only
    far_bureau: Actor  # an education-bureau account whose reach is the third school only


def county_account(name: str, login: str, office: str, schools: list[int] | None = None) -> Actor:
    staff = Staff.create(school=None, name=name, login=login, role="county", office=office, password_hash=_HASH)
    for school_id in schools or ():
        CountyReach.create(staff=staff, school=school_id)
    return actor_for(staff)


def build_county() -> County:
    schools = [build_small_school("青石镇中心小学", ""), build_small_school("白水村小学", "b"),
               build_small_school("红岩镇中学", "c")]
    for code, s in zip(("QS01", "BS02", "HY03"), schools, strict=True):
        School.update(code=code).where(School.id == s.school_id).execute()
    return County(
        schools=schools,
        bureau=county_account("钱科长", "jyj", "education_bureau"),
        civil_affairs=county_account("孙股长", "mzj", "civil_affairs"),
        township=county_account("李乡长", "xz", "township", [schools[0].school_id, schools[1].school_id]),
        far_bureau=county_account("周科员", "jyj2", "education_bureau", [schools[2].school_id]),
    )


def reported_incident(settings, school: SmallSchool, to_whom: str = "education_bureau",
                      reported_at: str = "2026-11-10 09:00", pupil: int = 0, method: str = "phone") -> tuple[int, int]:
    """An incident about one of the school's pupils, reported to `to_whom`: (incident id, report id)."""
    draft = pr.IncidentDraft(school.pupil_ids[pupil], "domestic_violence", "2026-11-10 08:00", place="学生家中",
                             description="手臂有多处淤青", found_by="", immediate_action="已安置")
    incident = incidents.record_incident(school.coordinator, settings, draft)
    report = incident_actions.log_report(school.coordinator, incident, pr.ReportDraft(
        to_whom=to_whom, reported_at=reported_at, method=method, receipt="JY-2026-118", note="电话报告"))
    return incident, report


def reported_dropout(school: SmallSchool, to: str = "education_bureau,township",
                     sent_on: dt.date = dt.date(2026, 11, 20)) -> int:
    """A dropout case whose written report was sent to `to`."""
    return DropoutCase.create(school=school.school_id, pupil=school.pupil_ids[1], school_class=school.class_ids[0],
                              care_teacher=school.teacher.staff_id, trigger="status", opened_on=dt.date(2026, 11, 2),
                              reason="外出打工", report_sent_on=sent_on, report_sent_to=to,
                              request="请乡镇协助劝返").id
