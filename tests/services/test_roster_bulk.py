"""A roster import's bulk paths write what writing row by row did: every row once, converted as peewee would."""
from __future__ import annotations

import csv
import datetime as dt
import gc

import peewee as pw
import pytest

from schoolcare.domain import pupil_forms
from schoolcare.domain.validation import InvalidField, normalise_text
from schoolcare.services import bulk
from schoolcare.services.registry import roster_import
from schoolcare.services.registry import roster_writing as writes
from schoolcare.services.registry.roster_checks import CellChecks
from schoolcare.services.registry.roster_columns import parse_class
from schoolcare.services.registry.roster_layout import blank
from schoolcare.services.registry.roster_reading import check_away
from schoolcare.services.tx import writing
from schoolcare.store.models import AuditEntry, Guardian, Pupil, School
from tests.drills.roster import HEADERS, roster_rows, write_roster

TODAY = dt.date(2026, 11, 28)


def _pupil(school_id: int, n: int, **fields) -> dict[str, object]:
    return {"school": school_id, "student_no": f"B{n:05d}", "name": f"学生{n}", "gender": "f",
            "birth_date": dt.date(2015, 1 + n % 12, 1 + n % 28), **fields}


def test_blank_is_what_normalising_leaves_empty():
    # The fast path for printable text must agree with normalise_text on every kind of space and hidden character.
    tricky = ["", " ", "   ", "\u3000", "\xa0", "\u2003", "\x1c", "\u200b", "\ufeff", "\u202e", "\t", "\n", " \n ",
              "¨", "´", "a", " a ", "０", "是", None, 0, 0.0, False, float("nan"), dt.date(2026, 1, 1),
              dt.datetime(2026, 1, 1, 8, 0), dt.time(8, 0)]
    sample = [chr(cp) for cp in (*range(0x3100), *range(0xFE00, 0x10000))]
    for value in tricky + sample + [" " + ch + " " for ch in sample[::7]]:
        assert blank(value) == (normalise_text(value) == ""), repr(value)


def test_cell_checks_give_the_field_checks_answers_every_time():
    checks = CellChecks(TODAY)

    def outcome(check, *args):
        try:
            return check(*args)
        except InvalidField as error:
            return ("refused", error.code)

    def seen(found):
        return ("refused", found.code) if isinstance(found, InvalidField) else found

    values = ["是", "否", "外出务工", "在家务农", "maybe", 1, 1.0, True, "1", "０", "", "13800001111", "138", "奶奶"]
    for _ in range(2):  # the second round comes from what the first remembered
        for value in values:
            assert seen(checks.guardian("away", value, True)) == outcome(check_away, value)
            assert seen(checks.guardian("phone", value, False)) == outcome(pupil_forms.check_guardian_field,
                                                                           "phone", value)
            assert seen(checks.pupil("gender", value)) == outcome(pupil_forms.check_pupil_field, "gender", value,
                                                                  TODAY)
        for born in ("2015年3月5日", 42000, dt.date(2015, 3, 5), "2030-01-01", "soon"):
            assert seen(checks.pupil("birth_date", born)) == outcome(pupil_forms.check_pupil_field, "birth_date",
                                                                     born, TODAY)
        for grade, klass in ((None, "三年级(2)班"), ("3", "2"), (None, "二班"), (None, None)):
            assert seen(checks.grade_class(grade, klass)) == outcome(parse_class, grade, klass)
    # A cell 1 and a cell True are different cells, though equal as keys.
    assert checks.guardian("away", True, True) is True
    assert seen(checks.guardian("away", 1, True)) == outcome(check_away, 1)


def test_insert_rows_writes_every_row_once_converted_as_peewee_would(school):
    school_row = School.get_by_id(school.school_id)
    rows = [_pupil(school.school_id, n, boarding=n % 2 == 0) for n in range(1234)]
    rows[0]["school"] = school_row  # a model instance for a foreign key
    rows[1]["birth_date"] = "2015-03-05"  # text for a date field
    rows[2]["enrolled_on"] = dt.date(2026, 9, 1)  # a field only some rows give: the others take its default
    rows[3]["created_at"] = dt.date(2026, 9, 1)  # a date for a timestamp: not of the column's own type
    with writing():
        bulk.insert_rows(Pupil, rows)
    written = {p.student_no: p for p in Pupil.select().where(Pupil.student_no.startswith("B"))}
    assert len(written) == 1234
    assert all(p.school_id == school.school_id for p in written.values())
    assert written["B00001"].birth_date == dt.date(2015, 3, 5)
    assert written["B00002"].enrolled_on == dt.date(2026, 9, 1) and written["B00004"].enrolled_on is None
    assert str(written["B00003"].created_at)[:10] == "2026-09-01"
    assert written["B00004"].created_at is not None and written["B00004"].status == "enrolled"
    assert [written[f"B{n:05d}"].boarding for n in (10, 11)] == [True, False]
    assert written["B01233"].birth_date == rows[1233]["birth_date"]


def test_insert_rows_refuses_a_duplicate_as_a_database_error_and_writes_nothing(school):
    before = Pupil.select().count()
    rows = [_pupil(school.school_id, n) for n in range(10)] + [_pupil(school.school_id, 3)]
    with pytest.raises(pw.IntegrityError), writing():
        bulk.insert_rows(Pupil, rows)
    assert Pupil.select().count() == before


def test_update_rows_sets_each_row_its_own_fields(school):
    ids = school.pupil_ids
    bulk.update_rows(Pupil, [{"id": ids[0], "address": "新地址"}, {"id": ids[1], "address": "另一处", "boarding": True},
                             {"id": ids[2], "birth_date": dt.date(2014, 2, 3)}, {"id": ids[3]}])
    got = {p.id: p for p in Pupil.select().where(Pupil.id.in_(ids))}
    assert (got[ids[0]].address, got[ids[0]].boarding) == ("新地址", False)
    assert (got[ids[1]].address, got[ids[1]].boarding) == ("另一处", True)
    assert (got[ids[2]].address, got[ids[2]].birth_date) == ("", dt.date(2014, 2, 3))
    assert got[ids[4]].address == ""


def test_collection_pauses_nest_and_end_as_they_began():
    assert gc.isenabled()
    with bulk.collection_paused():
        with bulk.collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk.collection_paused():
        raise RuntimeError("disk full")
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collection_paused():
            pass
        assert not gc.isenabled()  # someone else had turned it off: left off
    finally:
        gc.enable()


def test_on_record_finds_each_pupil_once_with_the_family_across_chunks(school):
    bulk.insert_rows(Pupil, [_pupil(school.school_id, n) for n in range(1100)])
    ids = dict(Pupil.select(Pupil.student_no, Pupil.id).where(Pupil.student_no.startswith("B")).tuples())
    bulk.insert_rows(Guardian, [{"pupil": ids[f"B{n:05d}"], "relation": relation, "name": f"{relation}{n}",
                                 "position": position}
                                for n in range(0, 1100, 3) for position, relation in ((1, "mother"), (0, "father"))])
    for numbers in ([f"B{n:05d}" for n in range(501)],  # a few of the school: by id, over the 500-id chunks
                    [f"B{n:05d}" for n in range(1000)]):  # most of it: the whole school
        found = writes.on_record(school.school_id, [*numbers, "S001", "nobody", *numbers[:5]])
        assert sorted(found) == sorted([*numbers, "S001"])
        assert [g.relation for g in found["B00000"].family] == ["father", "mother"]
        assert [g.relation for g in found["B00498"].family] == ["father", "mother"]
        assert found["B00001"].family == []
        assert [g.relation for g in found["S001"].family] == ["father", "mother", "grandmother"]


def test_a_re_import_changing_every_row_updates_each_once(school, tmp_path):
    first = write_roster(tmp_path / "roster.csv", 300)
    assert roster_import.import_roster(school.coordinator, first, TODAY)[1].created == 300
    rows = roster_rows(300)
    for i, row in enumerate(rows):
        row[5] = f"新村{i}组"  # 家庭住址
        row[7] = f"136{i:08d}"  # 父亲电话
        if i % 2:
            row[6] = row[6] + "明"  # 父亲姓名
    second = tmp_path / "changed.csv"
    with second.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])
    audits, families = AuditEntry.select().count(), Guardian.select().count()
    last_audit = AuditEntry.select(pw.fn.MAX(AuditEntry.id)).scalar()
    _preview, result = roster_import.import_roster(school.coordinator, second, TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 300, 0)
    pupils = {p.student_no: p for p in Pupil.select().where(Pupil.student_no.startswith("D"))}
    assert pupils["D000007"].address == "新村7组"
    fathers = {g.pupil_id: g for g in Guardian.select().where(Guardian.relation == "father")}
    assert fathers[pupils["D000007"].id].phone == "13600000007"
    assert fathers[pupils["D000007"].id].name == rows[7][6]
    assert Guardian.select().count() == families  # matched and updated, none added
    entries = AuditEntry.select().where((AuditEntry.entity == "pupil") & (AuditEntry.action == "import")
                                        & (AuditEntry.id > last_audit))
    assert sorted(e.pupil_id for e in entries) == sorted(p.id for p in pupils.values())  # one a pupil
    assert AuditEntry.select().count() == audits + 300 + 1  # and one for the roster
    again = roster_import.import_roster(school.coordinator, second, TODAY)[1]
    assert (again.updated, again.unchanged) == (0, 300)


def test_new_pupils_keep_the_previews_verdict_and_the_others_are_derived_again(school, tmp_path):
    # S002 turned 16 in January; the file creates more pupils than the school had, so the others are
    # derived again by id, the new ones keep the verdict the preview showed.
    Pupil.update(birth_date=dt.date(2010, 1, 5)).where(Pupil.student_no == "S002").execute()
    path = write_roster(tmp_path / "roster.csv", 40)
    preview = roster_import.preview_roster(school.coordinator, path, TODAY)
    roster_import.import_roster(school.coordinator, path, TODAY)
    assert not Pupil.get(Pupil.student_no == "S002").left_behind
    assert Pupil.get(Pupil.student_no == "S001").left_behind
    flags = dict(Pupil.select(Pupil.student_no, Pupil.left_behind).where(Pupil.student_no.startswith("D")).tuples())
    assert flags == {plan.student_no: plan.left_behind for plan in preview.creates}
    assert any(flags.values()) and not all(flags.values())
