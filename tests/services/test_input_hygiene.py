"""Controls, NUL, bidi overrides and zero-width characters are refused wherever a person gives the app text,
with the field named (an import: the row and the column), and rows stored before still export."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from schoolcare.domain.care import CallDraft, FollowUpDraft
from schoolcare.i18n import reason
from schoolcare.services.accounts import auth
from schoolcare.services.care import calls_talks, followups
from schoolcare.services.centre import rooms
from schoolcare.services.errors import ValidationError
from schoolcare.services.registry import classes, ledgers, pupils, roster_import, staff
from schoolcare.store.models import AuditEntry, Pupil

TODAY = dt.date(2026, 11, 28)
HIDDEN = ["\x00", "\u202e", "\u200b"]  # one of each kind; tests/unit/test_validation.py tries them all


def refused(call, field: str) -> ValidationError:
    before = AuditEntry.select().count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == ("text_char", field)
    assert caught.value.params["char"].startswith("U+")
    assert AuditEntry.select().count() == before  # nothing written
    return caught.value


@pytest.mark.parametrize("char", HIDDEN)
def test_a_pupil_and_a_guardian_name_refuse_hidden_characters(school, char):
    data = {"student_no": "S777", "name": f"张{char}三", "gender": "男", "birth_date": "2015-03-05"}
    refused(lambda: pupils.create_pupil(school.coordinator, data, today=TODAY), "name")
    ok = {**data, "name": "张三"}
    refused(lambda: pupils.create_pupil(school.coordinator, ok, [{"relation": "父亲", "name": f"张{char}"}],
                                        today=TODAY), "name")
    refused(lambda: pupils.update_pupil(school.coordinator, school.pupil_ids[0], {"address": f"村{char}"},
                                        today=TODAY), "address")
    refused(lambda: pupils.add_situation_note(school.coordinator, school.pupil_ids[0], "family", f"记{char}录",
                                              today=TODAY), "text")


def test_care_records_refuse_hidden_characters_but_keep_line_breaks(school):
    pupil = school.pupil_ids[0]
    refused(lambda: calls_talks.log_call(school.coordinator, CallDraft(pupil, TODAY, notes="父亲\u202e说")), "notes")
    refused(lambda: followups.add_follow_up(school.coordinator, pupil, FollowUpDraft("跟进\x00", None, None)),
            "follow_up.action")
    row = calls_talks.log_call(school.coordinator, CallDraft(pupil, TODAY, notes="第一行\n第二行\t完"))
    assert row.notes == "第一行\n第二行\t完"


def test_classes_staff_accounts_and_rooms_refuse_them(school, settings):
    actor = school.coordinator
    refused(lambda: classes.create_class(actor, "五年级(9)班\u200b"), "name")
    refused(lambda: staff.update_staff(actor, school.teacher.staff_id, post="班\x1b主任"), "post")
    refused(lambda: auth.add_user(actor, "新\u202e老师", "teacher", "newt", "password123"), "name")
    refused(lambda: auth.add_user(actor, "新老师", "teacher", "newt", "password123", phone="138\u200b"), "phone")
    kind = settings.centre.room_kinds[0].id
    refused(lambda: rooms.add_room(actor, settings, kind, "活动室\ufeff", 30), "name")


def test_the_message_names_the_field_and_the_character():
    words = reason("text_char", {"char": "U+202E"}, "en")
    assert "U+202E" in words and "not allowed" in words


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_import_names_the_row_and_the_column_and_keeps_the_other_rows(school, tmp_path, suffix):
    rows = [["学号", "姓名", "性别", "出生日期", "家庭住址"],
            ["S801", "李\u202e四", "男", "2015-03-05", "石村"],
            ["S802", "王五", "女", "2015-04-05", "石村\u200b二组" if suffix == ".xlsx" else "石村\x00二组"],
            ["S803", "赵六", "女", "2015-04-05", "石村"]]
    path = tmp_path / f"r{suffix}"
    if suffix == ".xlsx":
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    else:
        path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    preview, result = roster_import.import_roster(school.coordinator, path, today=TODAY)
    assert result.created == 1
    assert [(p.row, p.column, p.code, dict(p.params)) for p in preview.rejected] == [
        (2, "姓名", "text_char", {"char": "U+202E"}),
        (3, "家庭住址", "text_char", {"char": "U+200B" if suffix == ".xlsx" else "U+0000"}),
    ]
    assert not Pupil.select().where(Pupil.student_no.in_(["S801", "S802"])).exists()


def test_a_41_character_student_number_is_a_row_problem_with_its_limit(school, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("学号,姓名,性别,出生日期\n" + "1" * 41 + ",李四,男,2015-03-05\n", encoding="utf-8")
    preview = roster_import.preview_roster(school.coordinator, path, today=TODAY)
    problem = preview.rejected[0]
    assert (problem.code, dict(problem.params)["limit"]) == ("too_long", 40)
    assert reason(problem.code, dict(problem.params), "en") == "at most 40 characters"


def test_rows_stored_before_the_checks_still_export_as_xlsx(school, tmp_path, settings):
    Pupil.update(name="张\x01三\u202e", address="=HYPERLINK(\"http://x\",\"点我\")").where(
        Pupil.id == school.pupil_ids[0]).execute()
    term = settings.calendar.term("2026-autumn")
    files = ledgers.export_ledger(school.coordinator, tmp_path / "ledger.xlsx", "xlsx", "zh-CN", term)
    values = [c.value for ws in load_workbook(files[0])
              for row in ws.iter_rows() for c in row]
    assert "张\ufffd三\ufffd" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_an_imported_5000_character_number_is_echoed_cut_short(school, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("学号,姓名,性别,出生日期\n" + "1" * 5000 + ",李四,男,2015-03-05\n"
                    "S901,李\u2028五,男,2015-03-05\n", encoding="utf-8")
    preview = roster_import.preview_roster(school.coordinator, path, today=TODAY)
    long_no, separator = preview.rejected
    assert (long_no.code, long_no.value) == ("too_long", "1" * 40 + "…")
    assert dict(long_no.params) == {"value": "1" * 40 + "…", "limit": 40}
    assert (separator.row, separator.column, separator.code, dict(separator.params)) == (
        3, "姓名", "text_char", {"char": "U+2028"})


def test_a_name_with_a_line_separator_is_refused_not_made_a_space(school):
    data = {"student_no": "S950", "name": "李\u2029四", "gender": "男", "birth_date": "2015-03-05"}
    assert refused(lambda: pupils.create_pupil(school.coordinator, data, today=TODAY), "name").params == {
        "char": "U+2029"}
