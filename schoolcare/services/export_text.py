"""The words of the report exports (quarterly ledger, term report) in zh-CN and en: files leave the app, so
the services that write them carry their own wording instead of reaching up into the UI catalog."""
from __future__ import annotations

import datetime as dt

TEXT: dict[str, tuple[str, str]] = {
    # quarterly ledger
    "q.sheet_ledger": ("留守困境儿童台账", "Ledger"),
    "q.sheet_summary": ("更新说明", "Summary"),
    "q.no": ("序号", "No."),
    "q.change": ("变动", "Change"),
    "q.change_detail": ("变动说明", "What changed"),
    "q.student_no": ("学号", "Student no."),
    "q.name": ("姓名", "Name"),
    "q.gender": ("性别", "Gender"),
    "q.birth_date": ("出生日期", "Date of birth"),
    "q.class": ("班级", "Class"),
    "q.status": ("在校状态", "Enrolment"),
    "q.left_behind": ("留守儿童", "Left-behind"),
    "q.in_difficulty": ("困境儿童", "In difficulty"),
    "q.address": ("家庭住址", "Home address"),
    "q.father": ("父亲", "Father"),
    "q.mother": ("母亲", "Mother"),
    "q.other_guardians": ("其他监护人", "Other guardians"),
    "q.day_to_day": ("日常监护人", "Day-to-day guardian"),
    "q.entrusted": ("委托监护人", "Entrusted guardian"),
    "q.care_teacher": ("关爱责任人", "Care teacher"),
    "q.item": ("项目", "Item"),
    "q.value": ("内容", "Value"),
    "q.quarter": ("季度", "Quarter"),
    "q.as_of": ("数据截至", "As of"),
    "q.due": ("报送截止", "Due"),
    "q.base": ("上次报送", "Last submission"),
    "q.base_none": ("无(首次报送)", "none (first submission)"),
    "q.base_value": ("{quarter} 于 {date} 由 {who} 报送", "{quarter} on {date} by {who}"),
    "q.total": ("在册人数", "Pupils on the ledger"),
    "q.count_new": ("新增", "New"),
    "q.count_left": ("离开", "Left"),
    "q.count_status_changed": ("状态变化", "Status changed"),
    "q.count_guardian_changed": ("监护人变化", "Guardian changed"),
    "mark.new": ("新增", "new"),
    "mark.left": ("离开", "left"),
    "mark.status_changed": ("状态变化", "status changed"),
    "mark.guardian_changed": ("监护人变化", "guardian changed"),
    "field.student_no": ("学号", "student no."),
    "field.name": ("姓名", "name"),
    "field.class": ("班级", "class"),
    "field.status": ("在校状态", "enrolment"),
    "field.left_behind": ("留守儿童", "left-behind"),
    "field.in_difficulty": ("困境儿童", "in difficulty"),
    "field.guardians": ("监护人", "guardians"),
    "field.phone": ("电话", "phone"),
    "field.away": ("外出务工", "away working"),
    "field.work_place": ("务工地", "works in"),
    "field.capacity": ("监护能力", "guardianship capacity"),
    "field.day_to_day": ("日常监护", "day-to-day"),
    "field.entrusted": ("委托监护", "entrusted"),
    "guardian.added": ("新增 {who}", "added {who}"),
    "guardian.removed": ("删除 {who}", "removed {who}"),
    "guardian.changed": ("{who}：{fields}", "{who}: {fields}"),
    "guardian.away_at": ("外出务工({place})", "away ({place})"),
    "guardian.away": ("外出务工", "away"),
    "guardian.at_home": ("在家", "at home"),
    "status.enrolled": ("在读", "enrolled"),
    "status.transferred": ("转出", "transferred"),
    "status.dropped_out": ("辍学", "dropped out"),
    "status.graduated": ("毕业", "graduated"),
    "relation.father": ("父亲", "father"),
    "relation.mother": ("母亲", "mother"),
    "relation.grandfather": ("祖父", "grandfather"),
    "relation.grandmother": ("祖母", "grandmother"),
    "relation.other": ("其他", "other"),
    "capacity.full": ("有监护能力", "capable"),
    "capacity.limited": ("监护能力较弱", "limited capacity"),
    "capacity.none": ("无监护能力", "no capacity"),
    "gender.m": ("男", "male"),
    "gender.f": ("女", "female"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "left_ledger": ("已不在台账：{status}", "off the ledger: {status}"),
    "no_longer_cared": ("已不属于留守/困境儿童", "no longer left-behind or in difficulty"),
}


def text(key: str, lang: str, **values) -> str:
    """`key` in `lang` (zh-CN unless 'en'); an unknown vocabulary value shows as itself."""
    pair = TEXT.get(key)
    if pair is None:
        return key.split(".", 1)[-1]
    chosen = pair[1] if lang == "en" else pair[0]
    return chosen.format(**values) if values else chosen


def yes_no(value: bool, lang: str) -> str:
    return text("yes" if value else "no", lang)


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
