"""The roster's columns: Chinese and English headers (with the variants schools write), father / mother / guardian groups, classes."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from schoolcare import i18n
from schoolcare.domain.validation import InvalidField, normalise_text


@dataclass(frozen=True)
class Column:
    key: str  # a pupil field ("name") or a guardian group's field ("father.phone")
    zh: str  # the template's header
    en: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint_zh: str = ""
    hint_en: str = ""


PUPIL_COLUMNS = (
    Column("student_no", "学号", "Student number", ("学生编号", "学籍编号", "student no", "student id"),
           True, "全校唯一；再次导入时按学号更新", "unique in the school; a re-import updates by it"),
    Column("name", "姓名", "Name", ("学生姓名", "儿童姓名", "pupil name", "student name"), True),
    Column("gender", "性别", "Gender", ("sex",), True, "男 / 女", "m / f"),
    Column("birth_date", "出生日期", "Date of birth", ("出生年月", "出生年月日", "生日", "birth date", "birthday", "dob"),
           True, "如 2015-03-05、2015年3月5日、2015.3.5", "e.g. 2015-03-05"),
    # 学籍号 beside a 学号 column is the national number; alone it is the school's numbering (STUDENT_NO_FALLBACK).
    Column("national_id", "全国学籍号", "National student number",
           ("学籍号", "学籍辅号", "全国学籍辅号", "国家学籍号", "national id", "national student no", "cnsn"), False,
           "G 或 J 加 18 位身份证号，无身份证号的 L 加 18 位数字；转学时按它找到学生",
           "G or J and the 18-character ID number, or L and 18 digits without one; a transfer finds the pupil by it"),
    Column("grade", "年级", "Grade", (), False, "如 三年级 或 3", "e.g. 3"),
    Column("class", "班级", "Class", ("班别", "所在班级", "班"), False, "如 三年级(2)班，或有年级列时写 2", "e.g. 三年级(2)班, or 2 with a grade column"),
    Column("homeroom", "班主任", "Homeroom teacher", ("班主任姓名", "班主任老师", "班主任登录名", "homeroom", "class teacher",
                                                    "homeroom teacher login"), False,
           "班主任的姓名或登录名（本校在职教职工）；新建的班级或还没有班主任的班级由导入设定",
           "the homeroom teacher's name or login (active staff of this school); set on new classes and classes without one"),
    Column("status", "就读状态", "Status", ("状态", "在校状态", "学籍状态"), False, "在读 / 转出 / 辍学 / 毕业",
           "enrolled / transferred / dropped_out / graduated"),
    Column("boarding", "是否寄宿", "Boarding", ("寄宿", "住校", "是否住校"), False, "是 / 否", "yes / no"),
    Column("address", "家庭住址", "Home address", ("住址", "家庭地址", "现住址", "address")),
    Column("in_difficulty", "困境儿童", "In difficulty", ("是否困境儿童",), False, "是 / 否", "yes / no"),
    Column("migrant", "流动儿童", "Migrant", ("是否流动儿童", "floating"), False, "是 / 否", "yes / no"),
    Column("poverty", "建档立卡贫困户", "Poverty", ("建档立卡", "贫困户", "是否贫困", "贫困"), False, "是 / 否", "yes / no"),
    Column("special_needs", "残疾或特殊需要", "Special needs", ("残疾", "特殊需要", "送教上门", "disability")),
    Column("health_notes", "健康状况", "Health notes", ("健康情况", "health")),
    Column("enrolled_on", "入学日期", "Enrolled on", ("入学时间", "enrolment date")),
)

# Guardian groups: (group, relation stored, Chinese prefixes, English prefixes).
GROUPS = (
    ("father", "father", ("父亲", "父", "爸爸"), ("father", "father's")),
    ("mother", "mother", ("母亲", "母", "妈妈"), ("mother", "mother's")),
    ("guardian", "other", ("委托监护人", "监护人", "代管人", "托管人", "临时监护人"), ("guardian", "entrusted guardian", "guardian's")),
)
# Guardian fields: (field, template zh, template en, Chinese suffixes, English suffixes).
GROUP_FIELDS = (
    ("name", "姓名", "name", ("姓名", "名字", ""), ("name", "")),
    ("relation", "与学生关系", "relation", ("与学生关系", "与儿童关系", "关系"), ("relation", "relationship")),
    ("age", "年龄", "age", ("年龄",), ("age",)),
    ("phone", "电话", "phone", ("电话", "联系电话", "手机", "手机号", "手机号码", "联系方式"), ("phone", "mobile", "tel")),
    ("away", "是否外出务工", "away", ("是否外出务工", "是否外出", "外出务工", "外出"), ("away", "working away")),
    ("work_place", "务工地点", "works in", ("务工地点", "务工地", "外出地点", "工作地点", "工作单位"), ("works in", "work place", "workplace")),
    ("occupation", "职业", "occupation", ("职业", "从事工作", "工种"), ("occupation", "job")),
    ("capacity", "监护能力", "capacity", ("监护能力", "有无监护能力"), ("capacity", "guardianship capacity")),
    ("address", "住址", "address", ("住址", "家庭住址"), ("address",)),
)


def header_key(text: object) -> str:
    """A header reduced to what identifies it: half-width, lower-case, no spaces, brackets, * or colons."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).lower()
    cleaned = re.sub(r"\(.*?\)|（.*?）|\[.*?\]", "", cleaned)
    return re.sub(r"[\s*:：_\-/、.]", "", cleaned)


def _build_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in PUPIL_COLUMNS:
        for text in (column.zh, column.en, column.key, *column.aliases):
            table.setdefault(header_key(text), column.key)
    for group, _relation, zh_prefixes, en_prefixes in GROUPS:
        for field, _zh, _en, zh_suffixes, en_suffixes in GROUP_FIELDS:
            for prefix in zh_prefixes:
                for suffix in zh_suffixes:
                    table.setdefault(header_key(prefix + suffix), f"{group}.{field}")
            for prefix in en_prefixes:
                for suffix in en_suffixes:
                    table.setdefault(header_key(f"{prefix} {suffix}"), f"{group}.{field}")
    # A bare "name" is the pupil's, and bare "relation" the guardian's.
    for bare in ("关系", "与学生关系", "与儿童关系", "与学生的关系", "与孩子关系", "relation", "relationship"):
        table[header_key(bare)] = "guardian.relation"
    return table


ALIASES = _build_aliases()
# A roster with no 学号 column numbers its pupils by the 学籍号 one (as it did before 全国学籍号 was read).
STUDENT_NO_FALLBACK = frozenset({header_key("学籍号")})


def column_key(header: object) -> str | None:
    return ALIASES.get(header_key(header)) if header_key(header) else None


def template_headers(lang: str) -> list[str]:
    """The headers `schoolcare export roster-template` writes, in the order a school fills them in."""
    headers = [c.en if lang == "en" else c.zh for c in PUPIL_COLUMNS]
    for group, _relation, zh_prefixes, en_prefixes in GROUPS:
        for field, zh, en, _zs, _es in GROUP_FIELDS:
            if (field in ("relation", "address") and group != "guardian") or (
                    field in ("away", "work_place") and group == "guardian"):
                continue
            headers.append(f"{en_prefixes[0].capitalize()} {en}" if lang == "en" else f"{zh_prefixes[0]}{zh}")
    return headers


# ---------------------------------------------------------------- classes

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
JUNIOR = {"初一": 7, "初二": 8, "初三": 9}
# The grade is either 初一..初三, or a numeral followed by 年级 or by the bracket: a bare "12" is class 12.
CLASS_RE = re.compile(
    r"^(?:(?P<junior>初[一二三])(?:年级)?|(?P<grade>[一二三四五六七八九]|\d{1,2})(?:年级|(?=\()))?"
    r"\(?(?P<number>\d{1,2}|[一二三四五六七八九十])\)?班?$"
)


def _number(text: str) -> int:
    return JUNIOR.get(text) or NUMERALS.get(text) or int(text)


def parse_grade(value: object, field: str = "grade") -> int | None:
    text = normalise_text(value).replace(" ", "").removesuffix("年级")
    if not text:
        return None
    try:
        grade = _number(text)
    except ValueError:
        raise InvalidField("registry.grade", field, value=text) from None
    if not 1 <= grade <= 12:
        raise InvalidField("registry.grade", field, value=text)
    return grade


def parse_class(grade_cell: object, class_cell: object) -> tuple[int, int] | None:
    """(grade, class number) from 三年级(2)班, 3年级2班, 初一(2)班 — or a grade column and 2 / 2班 / (2)班."""
    grade = parse_grade(grade_cell)
    text = normalise_text(class_cell).replace(" ", "")
    if not text:
        if grade is None:
            return None
        raise InvalidField("required", "class")
    match = CLASS_RE.match(text)
    if match is None:
        raise InvalidField("registry.class", "class", value=text)
    if match["junior"] or match["grade"]:
        grade = _number(match["junior"] or match["grade"])
        if not 1 <= grade <= 12:
            raise InvalidField("registry.class", "class", value=text)
    if grade is None:
        raise InvalidField("registry.class_grade", "class", value=text)
    return grade, _number(match["number"])


def column_label(key: str, lang: str) -> str:
    """The template header of a field key ("father.phone" → 父亲电话 / Father phone), for previews."""
    for column in PUPIL_COLUMNS:
        if column.key == key:
            return column.en if lang == "en" else column.zh
    group, _, name = key.partition(".")
    for g, _relation, zh_prefixes, en_prefixes in GROUPS:
        if g != group:
            continue
        if not name:
            return en_prefixes[0].capitalize() if lang == "en" else zh_prefixes[0]
        for field, zh, en, _zs, _es in GROUP_FIELDS:
            if field == name:
                return f"{en_prefixes[0].capitalize()} {en}" if lang == "en" else f"{zh_prefixes[0]}{zh}"
    return key


PLAIN_ANSWERS = ("在家", "是", "否", "外出")  # a cell that says no more than the reading itself


def parents_text(parents, lang: str) -> str:
    """How the import read each parent of a row, e.g. 父：外出（广东省东莞市）；母：在家 — for the preview."""
    parts = []
    for reading in parents:
        who = i18n.text(lang, f"pupils.import.who_{reading.relation}")
        if reading.away is None:
            parts.append(i18n.text(lang, "pupils.import.parent_missing", who=who))
            continue
        state = "away" if reading.away else "home"
        if reading.value and reading.value not in PLAIN_ANSWERS:
            parts.append(i18n.text(lang, f"pupils.import.parent_{state}", who=who, value=reading.value))
        else:
            parts.append(i18n.text(lang, f"pupils.import.parent_{state}_plain", who=who))
    return i18n.text(lang, "pupils.import.parents_sep").join(parts)
