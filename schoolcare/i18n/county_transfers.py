"""Words of transfers between schools (转学) and the national student number (全国学籍号)."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # The national student number: the field, its checks, one enrolled pupil each.
    "pupils.field.national_id": ("全国学籍号", "National student number"),
    "pupils.form.national_id_hint": ("G/J + 身份证号，或 L + 18 位数字", "G/J + ID number, or L + 18 digits"),
    "registry.ledger.national_id": ("全国学籍号", "National student number"),
    "error.national_id.length": (
        "全国学籍号应为 19 位（现在 {length} 位）：字母 G 或 J 加 18 位身份证号，或 L 加 18 位数字，如 {example}",
        "a national student number has 19 characters (this one {length}): G or J and the 18-character ID number, "
        "or L and 18 digits, e.g. {example}"),
    "error.national_id.format": (
        "全国学籍号应以 G、J 或 L 开头：G、J 后接 18 位身份证号（末位可为 X），L 后接 18 位数字，如 {example}",
        "a national student number is G or J and the 18-character ID number (the last may be X), or L and 18 "
        "digits, e.g. {example}"),
    "error.national_id.check": (
        "全国学籍号中的身份证号校验位不对，请逐位核对（正确的如 {example}）",
        "the ID number in this national student number fails its check digit: check each digit (a valid one: "
        "{example})"),
    "error.national_id.taken_here": (
        "全国学籍号 {national_id} 已是本校在读学生 {name}（学号 {student_no}）的",
        "national student number {national_id} already belongs to {name} (student number {student_no}), "
        "enrolled here"),
    "error.national_id.taken_elsewhere": (
        "另一所学校的在读学生持有全国学籍号 {national_id}；转来本校的学生请用“转入学生”办理",
        "another school's pupil holds national student number {national_id}; a pupil moving here is transferred "
        "in (Transfer in)"),
    "error.national_id.duplicate_in_file": ("全国学籍号 {national_id} 与第 {row} 行相同",
                                            "national student number {national_id} is also on row {row}"),
    # Transfers: refusals.
    "error.permission.transfer_pupils": ("只有接收学校的关爱服务中心负责人可以办理转入",
                                         "only the receiving school's coordinator may transfer a pupil in"),
    "error.transfer.not_found": ("其他学校没有持有全国学籍号 {national_id} 的学生",
                                 "no pupil of another school holds national student number {national_id}"),
    "error.transfer.already_here": ("全国学籍号 {national_id} 的学生 {name}（学号 {student_no}）已在本校就读",
                                    "{name} (student number {student_no}), national student number "
                                    "{national_id}, is already enrolled here"),
    "error.transfer.not_enrolled": ("持有全国学籍号 {national_id} 的学生在原学校已不是在读（已转出、辍学或毕业），不能转入",
                                    "the pupil with national student number {national_id} is no longer enrolled at "
                                    "their school (transferred, dropped out or graduated): no transfer"),
    "error.transfer.class_retired": ("{name}已停用，请选择在用的班级", "{name} no longer runs: choose a current class"),
    "error.transfer.before_enrolled": ("转入日期 {date} 早于该生在原学校的入学日期 {enrolled_on}",
                                       "the transfer date {date} is before they enrolled at their school "
                                       "({enrolled_on})"),
    "error.transfer.no_history": ("{name}不是从本库其他学校转来的，没有原学校的记录",
                                  "{name} did not move here from another school of this database"),
    # Transfers: what the two schools see.
    "transfer.moved_out": ("已转至 {school}（{date}）", "transferred to {school} on {date}"),
    "transfer.moved_in": ("转自 {school}（{date}）", "transferred from {school} on {date}"),
    "transfer.left": ("{date}起{status}", "{status} on {date}"),
    "transfer.open_history": ("按 o 查看原学校的记录", "o: the old school's records"),
    # Audit trail.
    "audit.did.transfer_in": ("转入了", "transferred in"),
    "audit.did.transfer_out": ("转出了", "transferred out"),
    "entity.transfer_history": ("原学校记录", "old school's records of"),
    "entity.transfer_lookup": ("转学查找", "transfer look-up of"),
    "audit.field.to_school": ("转至", "To"),
    "audit.field.from_school": ("转自", "From"),
    "audit.field.by_school": ("查看学校", "Read by"),
    "audit.field.transfer_id": ("转学记录", "Transfer"),
    "audit.field.from_pupil": ("原学籍记录", "Old record"),
    "audit.field.situation_notes": ("情况记录", "Situation notes"),
    "audit.field.records": ("关爱记录", "Care records"),
    "audit.field.guardians": ("监护人", "Guardians"),
    # The command line: `schoolcare transfer in`.
    "cli.help.cmd_transfer": ("转学：把本库其他学校的在读学生按全国学籍号转入本校（in）",
                              "transfers: move an enrolled pupil of another school of the database here by their "
                              "national student number (in)"),
    "cli.help.national_id": ("学生的全国学籍号，如 G43052420150305123X", "the pupil's national student number, "
                             "e.g. G43052420150305123X"),
    "cli.help.transfer_date": ("转入日期（默认今天），如 2026-11-16", "the day they move (default today), e.g. 2026-11-16"),
    "cli.help.transfer_class": ("转入本校的班级，如 三年级(2)班", "the class here, e.g. 三年级(2)班"),
    "cli.help.transfer_student_no": ("本校学号（默认沿用原学号，已被占用时用全国学籍号）",
                                     "the student number here (default: the old school's, or the national number "
                                     "where that is taken here)"),
    "cli.help.transfer_yes": ("不再询问，直接转入", "move without asking"),
    "transfer.cli.found": ("全国学籍号 {national_id} 找到：", "National student number {national_id} finds:"),
    "transfer.cli.pupil": ("  {name}  {gender}  出生 {birth_date}  {school}  {class_name}",
                           "  {name}  {gender}  born {birth_date}  {school}  {class_name}"),
    "transfer.cli.plan": ("转入日期 {date}，班级 {class_name}", "moves here on {date}, into {class_name}"),
    "transfer.cli.no_class": ("（未分班）", "(no class yet)"),
    "transfer.cli.confirm": ("确认是这名学生并转入本校？[y/N] ", "Is this the pupil, and move them here? [y/N] "),
    "transfer.cli.not_moved": ("未转入。", "Not moved."),
    "transfer.cli.done": ("已转入：{name}（转自 {school}），本校记录 #{id}；请为其安排关爱责任人。",
                          "Transferred in: {name} from {school}, record #{id} here; assign a care teacher."),
    "error.transfer.needs_yes": ("不在终端中运行时，请加 --yes 确认转入", "not at a terminal: add --yes to move"),
    # The screens: 转入学生 in the pupils area, the old school's records from the pupil file.
    "pupils.key.transfer_in": ("转入学生", "Transfer in"),
    "pupils.palette.transfer_help": ("按全国学籍号把本库其他学校的学生转入本校",
                                     "move a pupil of another school of the database here by national student number"),
    "pupils.key.old_history": ("原学校记录", "Old school's records"),
    "transfer.form.title": ("转入学生", "Transfer a pupil in"),
    "transfer.form.explain": ("输入学生的全国学籍号；找到后请核对姓名、出生日期和原学校，再选择班级和转入日期。"
                              "学生的家庭情况和监护人随档案转来，关爱记录留在原学校，可从学生档案查看。",
                              "Type the pupil's national student number; check the name, birth date and school found, "
                              "then choose the class and the day. The family and guardians come with the file; the "
                              "care records stay with the old school and open from the pupil's file."),
    "transfer.form.type_number": ("输入完整的全国学籍号后，这里显示找到的学生", "the pupil found shows here once the whole "
                                  "number is typed"),
    "transfer.form.looking": ("正在查找……", "looking…"),
    "transfer.form.found": ("找到：{name}  {gender}  出生 {birth_date}  {school}  {class_name}",
                            "Found: {name}  {gender}  born {birth_date}  {school}  {class_name}"),
    "transfer.form.find_first": ("请先输入全国学籍号并核对找到的学生", "type the number and check the pupil found first"),
    "transfer.form.date": ("转入日期", "Moves here on"),
    "transfer.form.student_no_hint": ("留空则沿用原学号", "blank: the old school's number"),
    "transfer.form.confirm": ("确认转入", "Transfer in"),
    "transfer.saved": ("已转入，请为该生安排关爱责任人", "Transferred in: assign a care teacher"),
    "transfer.history.title": ("{name}在{school}的记录（{date}转出，只读）",
                               "{name} at {school} until {date} (read-only)"),
}
