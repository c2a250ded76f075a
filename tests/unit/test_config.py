"""The strict config loader: the shipped config/ loads, and each kind of mistake is named by file, line and key."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from schoolcare.commands.context import problem_line, said
from schoolcare.config import ConfigError, ConfigProblem, check_config, default_config_dir, load_settings
from schoolcare.config.problems import Phrase
from schoolcare.domain.settings import ImportLimits, Settings
from schoolcare.i18n import language, set_language

SHIPPED = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    """A writable copy of the shipped config directory."""
    target = tmp_path / "config"
    shutil.copytree(SHIPPED, target)
    return target


def edit(directory: Path, name: str, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a test cannot silently edit nothing."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_with(directory: Path, name: str, fragment: str) -> int:
    """The 1-based number of the one line holding `fragment`."""
    lines = (directory / name).read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, start=1) if fragment in line]
    assert len(hits) == 1, f"{fragment!r} is on lines {hits} of {name}"
    return hits[0]


def where(problems: list[ConfigProblem]) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.key) for p in problems]


def words(problem: ConfigProblem, lang: str = "en") -> str:
    """The problem's words as `config check` says them in `lang` (English by default)."""
    previous = language()
    set_language(lang)
    try:
        return said(problem.code, problem.params)
    finally:
        set_language(previous)


def line(problem: ConfigProblem, lang: str = "en") -> str:
    """The whole `file:line: key: words` line `config check` prints for the problem in `lang`."""
    previous = language()
    set_language(lang)
    try:
        return problem_line(problem)
    finally:
        set_language(previous)


# -- the shipped config -------------------------------------------------------


def test_shipped_config_has_no_problems():
    assert check_config(SHIPPED) == []


def test_shipped_config_loads_the_school_calendar():
    settings = load_settings(SHIPPED)
    assert isinstance(settings, Settings)
    assert settings.source == SHIPPED.resolve()
    assert settings.language == "zh-CN"
    terms = settings.calendar.terms
    assert [(t.id, t.start, t.end) for t in terms] == [
        ("2025-autumn", dt.date(2025, 9, 1), dt.date(2026, 1, 23)),
        ("2026-spring", dt.date(2026, 2, 24), dt.date(2026, 7, 3)),
        ("2026-autumn", dt.date(2026, 9, 1), dt.date(2027, 1, 22)),
        ("2027-spring", dt.date(2027, 2, 22), dt.date(2027, 7, 2)),
    ]
    autumn = settings.calendar.term("2026-autumn")
    assert autumn.name.zh == "2026年秋季学期" and autumn.name.en == "Autumn term 2026"
    assert autumn.is_holiday(dt.date(2026, 10, 3)) and not autumn.is_holiday(dt.date(2026, 10, 8))
    # The winter holiday is the gap between terms.
    assert settings.calendar.term_on(dt.date(2026, 2, 10)) is None


def test_shipped_rules_are_the_plans_frequencies():
    settings = load_settings(SHIPPED)
    got = {
        r.id: (r.subject, r.period, r.at_least, r.record, r.holidays_count, r.responsible, r.applies_to)
        for r in settings.rules
    }
    assert got == {
        "family_call": ("pupil", "week", 1, "family_call", False, "care_teacher", "left_behind"),
        "teacher_talk": ("pupil", "week", 1, "teacher_talk", False, "care_teacher", "cared"),
        "class_activity": ("class", "month", 1, "class_activity", False, "homeroom_teacher", "all"),
        "school_activity": ("school", "term", 1, "school_activity", False, "coordinator", "all"),
        "home_visit": ("pupil", "term", 1, "home_visit", True, "care_teacher", "cared"),
    }
    assert settings.rule("family_call").name.zh == "亲情电话"


def test_shipped_centre_safety_and_incident_templates():
    settings = load_settings(SHIPPED)
    centre = settings.centre
    assert centre.min_area_m2 == 50
    assert [k.id for k in centre.room_kinds] == [
        "counselling", "family_reception", "health", "indoor_activity", "reading",
    ]
    assert centre.room_kind("counselling").name.zh == "心理咨询室"
    printers = [e for e in centre.room_kind("counselling").equipment if e.id == "printer"]
    assert [(e.name.zh, e.count) for e in printers] == [("打印机", 1)]
    assert all(e.count >= 1 for k in centre.room_kinds for e in k.equipment)
    assert set(centre.required_rooms) <= {k.id for k in centre.room_kinds}
    assert [h.id for h in centre.six_haves] == [
        "door_plate", "rules", "guidance_teacher", "duties", "care_plan", "activity_records",
    ]
    safety = settings.safety
    assert safety.deadline_days == {"low": 30, "medium": 14, "high": 3}
    assert [s.id for s in safety.sections] == [
        "fire_electric", "traffic", "food_hygiene", "security", "safety_education", "fireworks",
    ]
    assert all(3 <= len(s.items) <= 6 for s in safety.sections)
    kinds = {k.id: k for k in settings.incident_kinds}
    assert list(kinds) == [
        "living_alone", "missing", "guardian_unable", "domestic_violence", "injury_or_harm", "dropout",
        "school_bullying",
    ]
    assert kinds["dropout"].mandatory_report and kinds["dropout"].report_within_hours == 72
    assert kinds["domestic_violence"].name.zh == "疑似遭受家庭暴力"


# -- every problem, with file, line and key -----------------------------------


def test_three_mistakes_give_exactly_three_problems(cfg: Path):
    edit(cfg, "rules.yaml", "    holidays_count: true\n", "    holiday_count: true\n")
    edit(cfg, "rules.yaml", "period: month", "period: fortnight")
    edit(cfg, "school.yaml", "end: 2026-07-03", "end: 2026-02-30")

    problems = check_config(cfg)

    assert where(problems) == [
        ("school.yaml", line_with(cfg, "school.yaml", "2026-02-30"), "calendar.terms[1].end"),
        ("rules.yaml", line_with(cfg, "rules.yaml", "fortnight"), "rules[2].period"),
        ("rules.yaml", line_with(cfg, "rules.yaml", "holiday_count"), "rules[4].holiday_count"),
    ]
    date, period, key = problems
    assert [p.code for p in problems] == ["config.impossible_date", "config.unknown_choice", "config.unknown_key"]
    assert period.params == {"what": Phrase("config.what.period"), "value": "fortnight",
                             "options": ("week", "month", "term", "quarter")}
    assert "impossible date '2026-02-30'" in words(date)
    assert line(period) == (
        f"rules.yaml:{period.line}: rules[2].period: "
        "unknown period 'fortnight' (expected one of week, month, term, quarter)"
    )
    assert line(period, "zh-CN") == (
        f"rules.yaml:{period.line}: rules[2].period: "
        "没有这种周期：“fortnight”（应为以下之一：“week”、“month”、“term”、“quarter”）"
    )
    assert "did you mean 'holidays_count'?" in words(key)
    with pytest.raises(ConfigError) as caught:
        load_settings(cfg)
    assert caught.value.problems == problems
    assert str(caught.value).splitlines() == [str(p) for p in problems]


def test_quoted_impossible_date_is_still_an_impossible_date(cfg: Path):
    edit(cfg, "school.yaml", "start: 2027-02-22", 'start: "2027-02-29"')
    [problem] = check_config(cfg)
    assert (problem.line, problem.key) == (line_with(cfg, "school.yaml", "2027-02-29"), "calendar.terms[3].start")
    assert "impossible date '2027-02-29'" in words(problem)


def test_overlapping_terms(cfg: Path):
    edit(cfg, "school.yaml", "start: 2026-09-01", "start: 2026-06-15")
    [problem] = check_config(cfg)
    assert where([problem]) == [("school.yaml", line_with(cfg, "school.yaml", "2026-06-15"), "calendar.terms[2].start")]
    assert "overlaps term '2026-spring'" in words(problem)


def test_term_ending_before_it_starts(cfg: Path):
    edit(cfg, "school.yaml", "end: 2027-07-02", "end: 2027-01-02")
    [problem] = check_config(cfg)
    assert where([problem]) == [("school.yaml", line_with(cfg, "school.yaml", "2027-01-02"), "calendar.terms[3].end")]
    assert "before it starts" in words(problem)


def test_holiday_outside_its_term(cfg: Path):
    edit(cfg, "school.yaml", "start: 2027-06-09\n          end: 2027-06-09", "start: 2027-07-09\n          end: 2027-07-09")
    [problem] = check_config(cfg)
    assert problem.file == "school.yaml"
    assert problem.key == "calendar.terms[3].holidays[2]"
    assert "outside its term" in words(problem)


@pytest.mark.parametrize(
    ("name", "old", "new", "key", "expected"),
    [
        ("rules.yaml", "at_least: 1\n    record: teacher_talk", "at_least: true\n    record: teacher_talk",
         "rules[1].at_least", "expected a whole number, got true/false"),
        ("rules.yaml", "holidays_count: true", "holidays_count: 1", "rules[4].holidays_count", "expected true or false"),
        ("incidents.yaml", "report_within_hours: 72", 'report_within_hours: "72"',
         "kinds[5].report_within_hours", "expected a whole number, got text '72'"),
        ("centre.yaml", "min_area_m2: 50", "min_area_m2: fifty", "min_area_m2", "expected a number"),
        ("school.yaml", "en: Spring term 2027", "en: 2027", "calendar.terms[3].name.en", "expected text"),
    ],
)
def test_wrong_type(cfg: Path, name, old, new, key, expected):
    edit(cfg, name, old, new)
    [problem] = check_config(cfg)
    assert (problem.file, problem.key) == (name, key)
    assert problem.line == line_with(cfg, name, new.strip().splitlines()[0])
    assert expected in words(problem)


@pytest.mark.parametrize("count", ["-2", "0"])
def test_equipment_count_must_be_positive(cfg: Path, count):
    edit(cfg, "centre.yaml", "{id: printer, name: {zh: 打印机, en: Printer}, count: 1}",
         f"{{id: printer, name: {{zh: 打印机, en: Printer}}, count: {count}}}")
    [problem] = check_config(cfg)
    assert where([problem]) == [("centre.yaml", line_with(cfg, "centre.yaml", "id: printer"), "room_kinds[0].equipment[4].count")]
    assert f"got {count}" in words(problem)


def test_unknown_room_kind_referenced(cfg: Path):
    edit(cfg, "centre.yaml", "required_rooms: [counselling,", "required_rooms: [counseling,")
    [problem] = check_config(cfg)
    assert where([problem]) == [("centre.yaml", line_with(cfg, "centre.yaml", "required_rooms:"), "required_rooms[0]")]
    assert "unknown room kind 'counseling'" in words(problem)
    assert "did you mean 'counselling'?" in words(problem)


def test_duplicate_ids(cfg: Path):
    edit(cfg, "rules.yaml", "- id: teacher_talk", "- id: family_call")
    edit(cfg, "school.yaml", "- id: 2027-spring", "- id: 2026-autumn")
    problems = check_config(cfg)
    rule_lines = [n for n, line in enumerate((cfg / "rules.yaml").read_text().splitlines(), 1) if "- id: family_call" in line]
    term_lines = [n for n, line in enumerate((cfg / "school.yaml").read_text().splitlines(), 1) if "- id: 2026-autumn" in line]
    assert where(problems) == [
        ("school.yaml", term_lines[1], "calendar.terms[3].id"),
        ("rules.yaml", rule_lines[1], "rules[1].id"),
    ]
    assert f"duplicate term id '2026-autumn' (first used at line {term_lines[0]})" in words(problems[0])
    assert f"duplicate rule id 'family_call' (first used at line {rule_lines[0]})" in words(problems[1])


def test_duplicate_checklist_item_ids_across_safety_sections(cfg: Path):
    edit(cfg, "safety.yaml", "- id: no_knives", "- id: wiring")
    [problem] = check_config(cfg)
    assert (problem.file, problem.key) == ("safety.yaml", "sections[3].items[2].id")
    assert "duplicate item id 'wiring'" in words(problem)


def test_yaml_syntax_error_names_the_line(cfg: Path):
    edit(cfg, "rules.yaml", "name: {zh: 谈心谈话, en: Teacher talk}", "name: {zh: 谈心谈话, en: Teacher talk")
    problems = check_config(cfg)
    assert len(problems) == 1
    [problem] = problems
    assert problem.file == "rules.yaml"
    assert words(problem).startswith("YAML syntax error")
    # PyYAML notices the unclosed brace on the next line, and says where the mapping began.
    opened = line_with(cfg, "rules.yaml", "en: Teacher talk")
    assert problem.line == opened + 1
    assert f"while parsing a flow mapping at line {opened}" in words(problem)


def test_tab_indentation_is_a_syntax_error_with_a_hint(cfg: Path):
    edit(cfg, "incidents.yaml", "    mandatory_report: true\n    report_within_hours: 72",
         "    mandatory_report: true\n\treport_within_hours: 72")
    [problem] = check_config(cfg)
    assert problem.line == line_with(cfg, "incidents.yaml", "\treport_within_hours: 72")
    assert "not Tab" in words(problem)


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(cfg: Path):
    edit(cfg, "safety.yaml", "  high: 3\n", "  high: 3\n  critical: 1\n")
    [problem] = check_config(cfg)
    assert where([problem]) == [("safety.yaml", line_with(cfg, "safety.yaml", "critical: 1"), "deadline_days.critical")]
    assert "expected one of low, medium, high" in words(problem)


def test_missing_required_key_points_at_its_entry(cfg: Path):
    edit(cfg, "incidents.yaml", "    mandatory_report: true\n    report_within_hours: 2\n", "    mandatory_report: true\n")
    [problem] = check_config(cfg)
    assert where([problem]) == [("incidents.yaml", line_with(cfg, "incidents.yaml", "- id: missing"), "kinds[1].report_within_hours")]
    assert "missing required key" in words(problem)


def test_comma_splitting_a_flow_label_is_explained(cfg: Path):
    edit(cfg, "safety.yaml", "用电线路无老化，无乱拉乱扯电线现象", "用电线路无老化,无乱拉乱扯电线现象")
    [problem] = check_config(cfg)
    assert problem.key == "sections[0].items[0].text.无乱拉乱扯电线现象"
    assert "Chinese comma" in words(problem)


@pytest.mark.parametrize(
    ("name", "old", "new", "key", "expected"),
    [
        ("rules.yaml", "subject: class", "subject: classroom", "rules[2].subject", "unknown subject 'classroom'"),
        ("rules.yaml", "record: home_visit", "record: visit", "rules[4].record", "unknown record kind 'visit'"),
        ("rules.yaml", "responsible: coordinator", "responsible: principal", "rules[3].responsible", "unknown responsible role"),
        ("rules.yaml", "applies_to: left_behind", "applies_to: everyone", "rules[0].applies_to", "unknown applies_to"),
        ("rules.yaml", "at_least: 1\n    record: home_visit", "at_least: 0\n    record: home_visit", "rules[4].at_least", "at least 1"),
        ("school.yaml", "\nlanguage: zh-CN", "\nlanguage: fr", "language", "unknown language 'fr'"),
        ("centre.yaml", "min_area_m2: 50", "min_area_m2: 0", "min_area_m2", "more than 0"),
        ("safety.yaml", "  medium: 14", "  medium: -1", "deadline_days.medium", "at least 1"),
    ],
)
def test_values_outside_the_vocabulary(cfg: Path, name, old, new, key, expected):
    edit(cfg, name, old, new)
    [problem] = check_config(cfg)
    assert (problem.file, problem.key) == (name, key)
    assert problem.line == line_with(cfg, name, new.strip().splitlines()[0])
    assert expected in words(problem)


def test_missing_file_is_named(cfg: Path):
    (cfg / "safety.yaml").unlink()
    [problem] = check_config(cfg)
    assert (problem.file, problem.line) == ("safety.yaml", 0)
    assert problem.code == "config.file_missing" and "missing" in line(problem)
    with pytest.raises(ConfigError, match="safety.yaml"):
        load_settings(cfg)


def test_missing_directory(tmp_path: Path):
    [problem] = check_config(tmp_path / "nowhere")
    assert "not found" in words(problem)


def test_problem_text_format():
    # What a person reads: file:line: key: words (the line left out when there is none, the key for a whole file).
    problem = ConfigProblem("rules.yaml", 12, "rules[1].period", "config.empty_text")
    assert line(problem) == "rules.yaml:12: rules[1].period: must not be empty"
    assert line(problem, "zh-CN") == "rules.yaml:12: rules[1].period: 不能为空"
    missing = ConfigProblem("safety.yaml", 0, "", "config.file_missing", {"folder": "/etc/schoolcare"})
    assert line(missing) == "safety.yaml: file is missing from /etc/schoolcare"
    assert line(missing, "zh-CN") == "safety.yaml: /etc/schoolcare 中缺少这个文件"
    # What a log shows (str): the same place, then the code and its values.
    assert str(missing) == "safety.yaml: config.file_missing(folder='/etc/schoolcare')"


# Where a code is in a call the reader makes, and the catalog entry it names (error.<prefix><argument>).
SAYS = {"report": (2, ""), "Phrase": (0, ""), "ConfigProblem": (3, ""), "wrong_type": (2, "config.expect."),
        "choice": (3, "config.what."), "unique": (4, "config.what.")}


def test_every_code_the_reader_says_has_its_words_in_both_languages():
    import ast

    from schoolcare.config import nodes
    from schoolcare.i18n import catalog

    wanted = {f"error.config.type.{name}" for name in nodes._TYPE_NAMES}
    wanted |= {f"error.config.month.{month}" for month in range(1, 13)}
    for path in (SHIPPED.parent / "schoolcare" / "config").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            index, prefix = SAYS.get(getattr(node.func, "attr", getattr(node.func, "id", None)), (None, ""))
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                wanted.add(f"error.{prefix}{node.args[index].value}")
    assert len(wanted) > 60
    assert sorted(key for key in wanted if key not in catalog()) == []


# -- where the config comes from ---------------------------------------------


def test_default_config_dir_prefers_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SCHOOLCARE_CONFIG", str(tmp_path))
    assert default_config_dir() == tmp_path


def test_default_config_dir_is_the_checkout_without_environment(monkeypatch):
    monkeypatch.delenv("SCHOOLCARE_CONFIG", raising=False)
    assert default_config_dir() == SHIPPED


def test_load_settings_without_argument_uses_the_environment(monkeypatch, cfg: Path):
    edit(cfg, "school.yaml", "\nlanguage: zh-CN", "\nlanguage: en")
    monkeypatch.setenv("SCHOOLCARE_CONFIG", str(cfg))
    settings = load_settings()
    assert settings.language == "en"
    assert settings.source == cfg.resolve()


# -- how late a record may be entered without a reason (rules.yaml backdate_days) ---------------------


def test_backdate_days_is_read_from_rules_yaml_and_defaults_to_30(cfg: Path):
    assert load_settings(SHIPPED).backdate_days == 30
    edit(cfg, "rules.yaml", "backdate_days: 30", "backdate_days: 7")
    assert load_settings(cfg).backdate_days == 7
    edit(cfg, "rules.yaml", "backdate_days: 7\n", "")
    assert load_settings(cfg).backdate_days == 30  # an older config directory without the key


@pytest.mark.parametrize(
    ("new", "key", "expected"),
    [
        ("backdate_days: thirty", "backdate_days", "expected a whole number"),
        ("backdate_days: -1", "backdate_days", "must be at least 0"),
        ("backdate_day: 30", "backdate_day", "did you mean 'backdate_days'?"),
    ],
)
def test_a_wrong_backdate_days_is_named_by_file_and_line(cfg: Path, new, key, expected):
    edit(cfg, "rules.yaml", "backdate_days: 30", new)
    [problem] = check_config(cfg)
    assert (problem.file, problem.line, problem.key) == ("rules.yaml", line_with(cfg, "rules.yaml", new), key)
    assert expected in words(problem)


# -- numbers past any meaning, and the import: limits (issue 14, D4 and D5) ---------------------------


def test_an_at_least_of_5000_digits_is_a_problem_naming_file_line_and_key(cfg):
    text = (cfg / "rules.yaml").read_text(encoding="utf-8")
    first = text.index("at_least:")
    end = text.index("\n", first)
    number = text[:first].count("\n") + 1
    (cfg / "rules.yaml").write_text(text[:first] + "at_least: " + "9" * 5000 + text[end:], encoding="utf-8")
    problems = check_config(cfg)
    assert [(p.file, p.line, p.key) for p in problems] == [("rules.yaml", number, "rules[0].at_least")]
    assert "far too many digits" in words(problems[0]) and len(str(problems[0])) < 200


@pytest.mark.parametrize("value", ["9" * 400 + ".5", "1e999", "-" + "9" * 5000, "0x" + "f" * 5000])
def test_huge_numbers_anywhere_are_problems_not_tracebacks(cfg, value):
    edit(cfg, "centre.yaml", "min_area_m2: ", f"min_area_m2: {value}  # ")
    problems = check_config(cfg)
    assert [p.key for p in problems] == ["min_area_m2"]


def test_the_import_limits_default_and_are_read_strictly(cfg):
    assert load_settings(cfg).imports.max_rows == 20000
    edit(cfg, "school.yaml", "  max_rows: 20000", "  max_rows: 500")
    assert load_settings(cfg).imports.max_rows == 500
    edit(cfg, "school.yaml", "  max_columns: 200", "  max_columns: 0\n  max_colums: 3")
    edit(cfg, "school.yaml", "  max_file_bytes: 20000000", "  max_file_bytes: 99999999999")
    problems = check_config(cfg)
    assert [(p.key, words(p).split(" (")[0]) for p in problems] == [
        ("import.max_file_bytes", "must be at most 500,000,000, got 99,999,999,999"),
        ("import.max_columns", "must be at least 1, got 0"),
        ("import.max_colums", "unknown key 'max_colums'"),
    ]


def test_a_config_without_an_import_section_keeps_the_defaults(cfg):
    text = (cfg / "school.yaml").read_text(encoding="utf-8")
    start, end = text.index("import:"), text.index("calendar:")
    (cfg / "school.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_settings(cfg).imports == ImportLimits()
