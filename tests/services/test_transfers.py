"""A pupil moves between two schools of one database by 全国学籍号: the history stays, the file carries on, both
schools' audit trails say so, and only the receiving coordinator may do it."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from schoolcare.domain.registry import PupilQuery
from schoolcare.domain.settings import Label, Term
from schoolcare.i18n import reason
from schoolcare.services import audit
from schoolcare.services.accounts.auth import actor_for
from schoolcare.services.care import rules
from schoolcare.services.county import transfers
from schoolcare.services.county.reach import at_school
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.registry import ledgers, pupil_list, pupils, roster_import
from schoolcare.store.models import (
    AuditEntry,
    CareAssignment,
    FamilyCall,
    Guardian,
    Pupil,
    SituationNote,
    Staff,
    Transfer,
)
from tests.factories import build_small_school

TODAY = dt.date(2026, 11, 28)
MOVED_ON = dt.date(2026, 11, 16)
TERM = Term("2026-autumn", Label("2026年秋季学期", "Autumn term 2026"), dt.date(2026, 9, 1), dt.date(2027, 1, 22))
NID = "G43052420150305123X"  # a valid check digit
OTHER_NID = "L110101201505010001"


@pytest.fixture
def two(school):
    """The small school (青石镇, the old school) and a second one (白云镇, the new school) in the same database."""
    new = build_small_school("白云镇中心小学", prefix="b")
    Pupil.update(national_id=NID).where(Pupil.id == school.pupil_ids[0]).execute()
    SituationNote.create(pupil=school.pupil_ids[0], aspect="family", text="父母在东莞务工，祖母照看",
                         noted_on=dt.date(2026, 9, 10), author=school.teacher.staff_id)
    FamilyCall.create(school=school.school_id, pupil=school.pupil_ids[0], date=dt.date(2026, 10, 20),
                      with_whom="mother", recorded_by=school.teacher.staff_id)
    return school, new


def move(two, on=MOVED_ON) -> int:
    old, new = two
    return transfers.transfer_in(new.coordinator, NID.lower(), new.class_ids[0], on, today=TODAY)


def test_the_pupil_found_is_shown_to_confirm_who_it_is(two):
    old, new = two
    found = transfers.find(new.coordinator, " g43052420150305123x ")
    assert (found.name, found.birth_date, found.school, found.class_name) == (
        "张小三", dt.date(2015, 5, 1), "青石镇中心小学", "三年级(1)班")
    assert found.national_id == NID
    looked = AuditEntry.get(AuditEntry.entity == "transfer_lookup")  # at the old school, naming who looked
    assert (looked.school_id, looked.pupil_id, looked.actor_id) == (old.school_id, old.pupil_ids[0],
                                                                    new.coordinator.staff_id)


def test_a_transfer_keeps_the_history_at_the_old_school_and_carries_the_file_on(two):
    old, new = two
    old_id = old.pupil_ids[0]
    new_id = move(two)
    before = Pupil.get_by_id(old_id)
    assert (before.school_id, before.status, before.left_on) == (old.school_id, "transferred", MOVED_ON)
    assert FamilyCall.select().where(FamilyCall.pupil == old_id).count() == 1  # the care records stay there
    assert not CareAssignment.select().where((CareAssignment.pupil == old_id) & CareAssignment.end_on.is_null()).exists()
    pupil = Pupil.get_by_id(new_id)
    assert (pupil.school_id, pupil.status, pupil.enrolled_on, pupil.school_class_id, pupil.national_id) == (
        new.school_id, "enrolled", MOVED_ON, new.class_ids[0], NID)
    assert (pupil.name, pupil.birth_date, pupil.left_behind) == ("张小三", dt.date(2015, 5, 1), True)
    names = lambda pid: [g.name for g in Guardian.select().where(Guardian.pupil == pid).order_by(Guardian.position)]  # noqa: E731
    assert names(new_id) == names(old_id) == ["张父", "母亲S001", "祖母S001"]
    assert [n.text for n in SituationNote.select().where(SituationNote.pupil == new_id)] == ["父母在东莞务工，祖母照看"]
    assert not FamilyCall.select().where(FamilyCall.pupil == new_id).exists()
    link = Transfer.get()
    assert (link.from_pupil_id, link.to_pupil_id, link.from_school_id, link.to_school_id, link.moved_on) == (
        old_id, new_id, old.school_id, new.school_id, MOVED_ON)
    # The old school sees where they went, the new one where they came from.
    assert transfers.moves(old.coordinator, old_id) == (
        transfers.Move(link.id, "out", "白云镇中心小学", MOVED_ON),)
    assert transfers.moves(new.coordinator, new_id) == (
        transfers.Move(link.id, "in", "青石镇中心小学", MOVED_ON),)
    left = pupil_list.list_pupils(old.coordinator, PupilQuery(status=None)).rows
    row = next(r for r in left if r.id == old_id)
    assert (row.status, row.moved_to, row.left_on) == ("transferred", "白云镇中心小学", MOVED_ON)


def test_the_new_school_is_due_to_assign_a_care_teacher(two):
    _old, new = two
    new_id = move(two)
    # The assignment screen's query: left-behind, enrolled, nobody's.
    waiting = pupil_list.list_pupils(new.coordinator, PupilQuery(category="left_behind", no_care_teacher=True)).rows
    assert new_id in [r.id for r in waiting]


def test_the_pupil_is_once_among_the_enrolled_at_the_new_school(two):
    old, new = two
    new_id = move(two)
    enrolled_old = [r.id for r in pupil_list.list_pupils(old.coordinator).rows]
    enrolled_new = [r.id for r in pupil_list.list_pupils(new.coordinator).rows]
    assert old.pupil_ids[0] not in enrolled_old and enrolled_new.count(new_id) == 1
    rows = {}
    for school in (old, new):
        sheet = ledgers.master_ledger(school.coordinator, TERM, "zh-CN", TODAY)[0]
        national = sheet.headers.index("全国学籍号")
        rows[school.school_id] = [r for r in sheet.rows if r[national] == NID]
    assert rows[old.school_id] == [] and len(rows[new.school_id]) == 1
    assert rows[new.school_id][0][sheet.headers.index("姓名")] == "张小三"


def test_the_old_schools_past_weeks_do_not_change(two, settings):
    old, _new = two
    figures = lambda: rules.term_compliance(old.coordinator, settings, "2026-autumn", as_of=TODAY)  # noqa: E731
    before = figures()
    move(two)
    after = figures()
    compared = 0
    for was, now in zip(before.rules, after.rules, strict=True):
        past = {p.index for p in was.periods if p.end < MOVED_ON}  # weekly and monthly rules: weeks gone by
        cells = lambda figures: sorted((c for c in figures.cells if c.period in past), key=repr)  # noqa: E731,B023
        assert cells(was) == cells(now), was.rule.id
        compared += len(cells(was))
    assert compared


def test_both_schools_audit_trails_record_it(two):
    old, new = two
    new_id = move(two)
    out = AuditEntry.get((AuditEntry.action == "transfer_out") & (AuditEntry.pupil == old.pupil_ids[0]))
    came = AuditEntry.get((AuditEntry.action == "transfer_in") & (AuditEntry.pupil == new_id))
    assert (out.school_id, came.school_id) == (old.school_id, new.school_id)
    assert out.actor_id == came.actor_id == new.coordinator.staff_id
    assert "transfer_out" in [r.action for r in audit.recent(old.coordinator)]
    assert "transfer_in" in [r.action for r in audit.recent(new.coordinator)]


def test_refusals_say_why(two):
    old, new = two
    with pytest.raises(NotFound) as caught:
        transfers.find(new.coordinator, OTHER_NID)
    assert caught.value.code == "transfer.not_found"
    Pupil.update(national_id=OTHER_NID).where(Pupil.id == new.pupil_ids[1]).execute()
    with pytest.raises(ValidationError) as caught:
        transfers.find(new.coordinator, OTHER_NID)
    assert caught.value.code == "transfer.already_here"
    assert "李思思" in reason(caught.value.code, caught.value.params)
    Pupil.update(status="dropped_out").where(Pupil.id == old.pupil_ids[0]).execute()
    with pytest.raises(ValidationError) as caught:
        transfers.transfer_in(new.coordinator, NID, new.class_ids[0], today=TODAY)
    assert caught.value.code == "transfer.not_enrolled"
    Pupil.update(status="enrolled").where(Pupil.id == old.pupil_ids[0]).execute()
    with pytest.raises(ValidationError) as caught:
        transfers.find(new.coordinator, "G43052420150305123")
    assert (caught.value.code, caught.value.field) == ("national_id.length", "national_id")
    with pytest.raises(ValidationError) as caught:
        transfers.transfer_in(new.coordinator, NID, new.class_ids[0], TODAY + dt.timedelta(days=1), today=TODAY)
    assert (caught.value.code, caught.value.field) == ("date_future", "on")
    with pytest.raises(ValidationError) as caught:
        transfers.transfer_in(new.coordinator, NID, old.class_ids[0], today=TODAY)  # the other school's class
    assert caught.value.field == "class_id"
    with pytest.raises(ValidationError) as caught:
        transfers.transfer_in(new.coordinator, NID, None, dt.date(2020, 1, 1), today=TODAY)
    assert caught.value.code == "transfer.before_enrolled"
    assert Pupil.get_by_id(old.pupil_ids[0]).status == "enrolled" and not Transfer.select().exists()
    move(two)
    with pytest.raises(ValidationError) as caught:  # moved once: now it is here
        move(two)
    assert caught.value.code == "transfer.already_here"


def test_only_the_receiving_schools_coordinator_transfers(two):
    _old, new = two
    county_staff = Staff.create(school=None, name="县教育局", login="county", role="county", office="education_bureau")
    county = at_school(actor_for(county_staff), new.school_id)
    for actor in (new.teacher, new.principal, county):
        with pytest.raises(PermissionDenied):
            transfers.find(actor, NID)
        with pytest.raises(PermissionDenied):
            transfers.transfer_in(actor, NID, new.class_ids[0], today=TODAY)
    assert not Transfer.select().exists()


def test_the_new_school_reads_the_old_history_of_that_pupil_only_and_it_is_audited(two):
    old, new = two
    new_id = move(two)
    history = transfers.old_history(new.coordinator, new_id)
    assert (history.name, history.school, history.moved_on) == ("张小三", "青石镇中心小学", MOVED_ON)
    assert [n.text for n in history.notes] == ["父母在东莞务工，祖母照看"]
    assert [(e.kind, e.date) for e in history.timeline] == [("family_call", dt.date(2026, 10, 20))]
    reads = list(AuditEntry.select().where(AuditEntry.entity == "transfer_history").order_by(AuditEntry.id))
    assert [(r.school_id, r.pupil_id, r.action) for r in reads] == [
        (new.school_id, new_id, "read"), (old.school_id, old.pupil_ids[0], "read")]
    with pytest.raises(NotFound):  # a pupil of the new school who came from nowhere
        transfers.old_history(new.coordinator, new.pupil_ids[0])
    with pytest.raises(NotFound):  # the old school's pupils stay out of reach
        transfers.old_history(new.coordinator, old.pupil_ids[1])
    with pytest.raises(NotFound):  # a teacher of the new school without that pupil in reach
        transfers.old_history(new.other_teacher, new_id)


def test_a_national_id_is_one_enrolled_pupils_in_the_database(two):
    old, new = two
    data = {"student_no": "b900", "name": "赵新", "gender": "m", "birth_date": "2015-01-02", "class_id": new.class_ids[0],
            "national_id": NID}
    with pytest.raises(ValidationError) as caught:
        pupils.create_pupil(new.coordinator, data, today=TODAY)
    assert caught.value.code == "national_id.taken_elsewhere"
    assert "张小三" not in reason(caught.value.code, caught.value.params)  # another school's pupil is not named
    with pytest.raises(ValidationError) as caught:
        pupils.update_pupil(old.coordinator, old.pupil_ids[1], {"national_id": NID.lower()}, today=TODAY)
    assert caught.value.code == "national_id.taken_here"
    assert "张小三" in reason(caught.value.code, caught.value.params)
    pupils.update_pupil(old.coordinator, old.pupil_ids[1], {"national_id": OTHER_NID}, today=TODAY)
    pupils.update_pupil(old.coordinator, old.pupil_ids[2], {"national_id": "j11010519491231002x"}, today=TODAY)
    assert Pupil.get_by_id(old.pupil_ids[2]).national_id == "J11010519491231002X"  # stored upper-case
    move(two)  # the old record has left: the number is the new record's now, and free of the old one
    assert Pupil.select().where((Pupil.national_id == NID) & (Pupil.status == "enrolled")).count() == 1


def roster(path, rows, headers=("学号", "姓名", "性别", "出生日期", "班级", "全国学籍号")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def test_the_roster_import_reads_the_national_id_and_refuses_one_held_elsewhere(two, tmp_path):
    _old, new = two
    path = roster(tmp_path / "r.csv", [
        ["b501", "钱一", "女", "2015-02-03", "三年级(1)班", "l110101201502030001"],
        ["b502", "钱二", "男", "2015-02-04", "三年级(1)班", NID],  # 青石镇's pupil: a transfer, not an import
        ["b503", "钱三", "男", "2015-02-05", "三年级(1)班", "L110101201502030001"],  # the same as row 2
        ["b504", "钱四", "男", "2015-02-06", "三年级(1)班", "G43052420150305123"],
    ])
    preview, result = roster_import.import_roster(new.coordinator, path, today=TODAY)
    assert result.created == 1
    assert Pupil.get(Pupil.student_no == "b501").national_id == "L110101201502030001"
    codes = {p.row: p.code for p in preview.rejected}
    assert codes == {3: "national_id.taken_elsewhere", 4: "national_id.duplicate_in_file", 5: "national_id.length"}
    assert {p.column for p in preview.rejected} == {"全国学籍号"}


def test_a_roster_numbered_by_xueji_hao_alone_still_imports(two, tmp_path):
    _old, new = two
    path = roster(tmp_path / "r.csv", [["X77", "孙七", "女", "2015-02-03", "三年级(1)班"]],
                  headers=("学籍号", "姓名", "性别", "出生日期", "班级"))
    _preview, result = roster_import.import_roster(new.coordinator, path, today=TODAY)
    assert result.created == 1 and Pupil.get(Pupil.student_no == "X77").national_id == ""


def test_the_county_master_ledger_has_the_pupil_once_at_the_new_school(two):
    from schoolcare.services.county import county_ledgers

    move(two)
    county = actor_for(Staff.create(school=None, name="县教育局", login="county", role="county",
                                    office="education_bureau"))
    sheet = county_ledgers.master_ledger(county, TERM, "zh-CN", TODAY)[0]
    rows = [r for r in sheet.rows if NID in r]
    assert len(rows) == 1 and "白云镇中心小学" in rows[0] and "青石镇中心小学" not in rows[0]


def test_the_roster_template_has_the_column_with_its_hint(tmp_path):
    from schoolcare.services.registry.roster_template import write_template

    headers = roster_import.read_rows(write_template(tmp_path / "t.csv", "csv", "zh-CN")[0])[0]
    assert headers[:5] == ["学号", "姓名", "性别", "出生日期", "全国学籍号"]
    assert "National student number" in roster_import.read_rows(write_template(tmp_path / "e.csv", "csv", "en")[0])[0]


def test_the_database_itself_keeps_one_enrolled_holder_of_a_number(two):
    """Two saves that both passed the service's check (at the same moment) cannot both land."""
    import peewee as pw

    old, new = two
    with pytest.raises(pw.IntegrityError):
        Pupil.update(national_id=NID).where(Pupil.id == new.pupil_ids[0]).execute()
    Pupil.update(status="transferred").where(Pupil.id == old.pupil_ids[0]).execute()
    Pupil.update(national_id=NID).where(Pupil.id == new.pupil_ids[0]).execute()  # the old holder left: free


def test_two_schools_taking_the_same_pupil_at_once_never_fail_with_a_database_error(two):
    """Each transfer sees the pupil as the other left them (a row lock on PostgreSQL, the write lock on SQLite):
    one moves them, the other moves them on or is told they are no longer enrolled there, and one enrolled
    record holds the number."""
    import threading

    from schoolcare.services.tx import connection

    old, new = two
    third = build_small_school("红星镇中心小学", prefix="c")
    start, outcomes = threading.Barrier(2), {}

    def take(name, school) -> None:
        with connection():
            start.wait()
            try:
                outcomes[name] = transfers.transfer_in(school.coordinator, NID, school.class_ids[0], MOVED_ON,
                                                       today=TODAY)
            except ValidationError as refused:
                outcomes[name] = refused.code
            except Exception as error:  # noqa: BLE001 - what the test is about: nothing else gets through
                outcomes[name] = error

    threads = [threading.Thread(target=take, args=(n, s)) for n, s in (("new", new), ("third", third))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(v, int) or v == "transfer.not_enrolled" for v in outcomes.values()), outcomes
    assert any(isinstance(v, int) for v in outcomes.values())
    assert Pupil.select().where((Pupil.national_id == NID) & (Pupil.status == "enrolled")).count() == 1
