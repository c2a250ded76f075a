"""The command line is a contract: each command acts as a user, exits non-zero with a one-line reason."""
from __future__ import annotations

import re
import shutil

import pytest

from schoolcare.cli import main
from schoolcare.config import default_config_dir
from schoolcare.store import database as store_db


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "first-pass")
    yield url
    store_db.close_database()


def test_config_check_passes_the_shipped_config(capsys):
    assert main(["config", "check"]) == 0
    assert capsys.readouterr().out.endswith("：没有问题\n")  # zh-CN, the default
    assert main(["config", "check", "--lang", "en"]) == 0
    assert capsys.readouterr().out.endswith(": ok\n")


def test_config_check_names_file_line_and_key_of_each_problem(tmp_path, capsys):
    broken = three_mistakes(tmp_path, misspelt=("at_least: 1", "at_leest: 1"))
    assert main(["config", "check", str(broken)]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 3, lines
    assert sorted(line.split(":")[0] for line in lines) == ["rules.yaml", "rules.yaml", "school.yaml"]
    text = "\n".join(lines)
    assert "period" in text and "fortnight" in text
    assert "at_leest" in text
    assert "2025-09-31" in text
    for line in lines:
        file, line_no, key = line.split(":")[:3]
        assert int(line_no) > 0 and key.strip(), line


def three_mistakes(tmp_path, misspelt=("holidays_count: true", "holiday_count: true")):
    """A copy of the shipped config with an unknown period, a misspelt key (`misspelt`: the line as shipped, and
    as written instead) and an impossible date."""
    broken = tmp_path / "config"
    shutil.copytree(default_config_dir(), broken)
    rules = broken / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("    period: week\n", "    period: fortnight\n", 1)
                     .replace(*misspelt, 1), encoding="utf-8")
    school = broken / "school.yaml"
    school.write_text(school.read_text(encoding="utf-8").replace("start: 2025-09-01", "start: 2025-09-31", 1),
                      encoding="utf-8")
    return broken


# What a config problem rightly shows in Latin letters: its place (file:line: key:) and the file's own values,
# quoted ("…" in Chinese, '…' in English).
PLACE = re.compile(r"^[a-z]+\.yaml:\d+: [\w.\[\]]+: ")
QUOTED = re.compile(r"“[^”]*”|'[^']*'")


def test_config_check_says_each_problem_in_the_users_language(tmp_path, capsys):
    broken = three_mistakes(tmp_path)
    assert main(["config", "check", str(broken)]) == 1  # zh-CN, the default
    printed = capsys.readouterr()
    chinese = printed.out.splitlines()
    assert len(chinese) == 3, chinese
    assert [PLACE.match(line) is not None for line in chinese] == [True] * 3, chinese
    for line in chinese:
        words = QUOTED.sub("", PLACE.sub("", line))
        assert re.search("[\u4e00-\u9fff]", words) and not re.search("[A-Za-z]", words), line
    assert "没有这种周期：“fortnight”" in printed.out and "“2025-09-31”" in printed.out
    assert "是不是“holidays_count”？" in printed.out
    assert main(["config", "check", str(broken), "--lang", "en"]) == 1
    english = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[:2] for line in english] == [line.split(": ")[:2] for line in chinese]
    for line in english:
        assert not re.search("[\u3400-\u9fff：（），；“”]", line), line
    assert "unknown period 'fortnight' (expected one of week, month, term, quarter)" in english[1]
    assert "impossible date '2025-09-31'" in english[0]
    assert "unknown key 'holiday_count' (did you mean 'holidays_count'?)" in english[2]


def test_a_command_started_on_a_bad_config_names_its_problems_in_one_line(empty_db, tmp_path, capsys):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    broken = three_mistakes(tmp_path)
    capsys.readouterr()
    assert main(["report", "overdue", "--db", empty_db, "--user", "coord", "--config", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("schoolcare: 配置有错误（请运行 schoolcare config check）：")
    assert "rules.yaml:" in err and "没有这种周期：“fortnight”" in err and "period" not in err.replace(".period", "")
    assert main(["report", "overdue", "--db", empty_db, "--user", "coord", "--config", str(broken),
                 "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown period 'fortnight'" in err and "; rules.yaml:" in err
    assert not re.search("[\u3400-\u9fff]", err.split("):", 1)[1]), err


def test_init_creates_a_school_once(empty_db, capsys):
    assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db]) == 0
    out = capsys.readouterr().out
    assert out == f"已在 {empty_db} 建立学校 青石镇中心小学\n关爱服务中心负责人 周协调，登录名 coord\n"  # zh-CN, the default
    assert main(["init", "--school", "另一所", "--coordinator", "某人", "--lang", "en", "--db", empty_db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds a school" in err and empty_db in err
    assert main(["init", "--school", "另一所", "--coordinator", "某人", "--db", empty_db]) == 1
    assert "中已经有学校" in capsys.readouterr().err


def test_user_add_by_coordinator_not_by_teacher(empty_db, capsys, monkeypatch):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", "teacher-pass")
    assert main(["user", "add", "郑老师", "--role", "teacher", "--login", "zheng",
                 "--db", empty_db, "--user", "coord"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "已添加教师 郑老师，登录名 zheng"
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "teacher-pass")
    assert main(["user", "add", "某某", "--role", "teacher", "--login", "x1", "--lang", "en",
                 "--db", empty_db, "--user", "zheng"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "may not" in err


def test_init_and_user_add_speak_english_when_asked(empty_db, capsys, monkeypatch):
    assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--lang", "en", "--db", empty_db]) == 0
    assert capsys.readouterr().out == f"created 青石镇中心小学 in {empty_db}\ncoordinator 周协调, login coord\n"
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", "teacher-pass")
    assert main(["user", "add", "王芳", "--role", "teacher", "--lang", "en", "--db", empty_db, "--user", "coord"]) == 0
    assert capsys.readouterr().out == "teacher 王芳 added, login wangfang\n"


def test_user_help_names_the_new_password_variable(capsys):
    for lang in ("zh-CN", "en"):
        with pytest.raises(SystemExit):
            main(["user", "add", "--help", "--lang", lang])
        out = capsys.readouterr().out
        assert "SCHOOLCARE_NEW_PASSWORD" in out and "SCHOOLCARE_PASSWORD" in out, lang


def test_wrong_password_is_one_line_and_non_zero(empty_db, capsys, monkeypatch):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "not-it")
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", "whatever1")
    assert main(["user", "add", "x", "--role", "teacher", "--lang", "en", "--db", empty_db, "--user", "coord"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "wrong login or password" in err.lower()
    assert main(["user", "add", "x", "--role", "teacher", "--db", empty_db, "--user", "coord"]) == 1
    assert "登录名或密码不对" in capsys.readouterr().err


def test_a_refused_account_names_the_field(empty_db, capsys, monkeypatch):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", "short")
    assert main(["user", "add", "郑老师", "--role", "teacher", "--login", "zheng", "--lang", "en",
                 "--db", empty_db, "--user", "coord"]) == 1
    assert capsys.readouterr().err == "schoolcare: Password: at least 6 characters\n"
    assert main(["user", "add", "郑老师", "--role", "teacher", "--login", "zheng",
                 "--db", empty_db, "--user", "coord"]) == 1
    assert capsys.readouterr().err == "schoolcare: 密码: 至少 6 个字符\n"


def test_db_upgrade_and_backup(empty_db, tmp_path, capsys):
    assert main(["db", "upgrade", "--db", empty_db]) == 0
    out = capsys.readouterr().out
    assert "sqlite 3." in out
    assert main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--login", "coord", "--db", empty_db]) == 0
    target = tmp_path / "copy.db"
    assert main(["db", "backup", str(target), "--db", empty_db, "--user", "coord"]) == 0
    assert target.exists() and target.stat().st_size > 0
    # never overwrites (more refusals, restore and the drill: tests/services/test_backup.py)
    assert main(["db", "backup", str(target), "--lang", "en", "--db", empty_db, "--user", "coord"]) == 1
    err = capsys.readouterr().err
    assert err == f"schoolcare: {target} exists; choose a new file name\n"


def test_unsupported_database_url_is_one_line(capsys):
    assert main(["db", "upgrade", "--db", "mysql://x/y"]) == 1
    assert "unsupported database URL" in capsys.readouterr().err


def test_commands_acting_on_children_need_a_user(empty_db, capsys):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    assert main(["user", "add", "x", "--role", "teacher", "--db", empty_db]) == 2
    assert "--user" in capsys.readouterr().err


def test_generate_prints_every_account_as_role_and_login(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "bench-pass")
    url = f"sqlite:///{tmp_path / 'gen.db'}"
    assert main(["generate", "--pupils", "120", "--weeks", "3", "--db", url]) == 0
    printed = capsys.readouterr()
    lines = printed.out.splitlines()
    # The progress on stderr is the user's language (zh-CN, the default); the account lines stay as scripts read them.
    progress = printed.err.splitlines()
    assert progress[0].startswith("正在生成 1 所学校的 120 名学生，记录从 ") and progress[-2].startswith("完成：共 ")
    assert not re.search("[A-Za-z]", " ".join(line for line in progress if not line.startswith("  "))), progress
    roles = [line.split()[0] for line in lines]
    assert roles[:2] == ["coordinator", "principal"] and set(roles[2:]) == {"teacher"}
    assert all(len(line.split()) == 2 for line in lines)
    # Every printed account logs in with the password given.
    from schoolcare.services.accounts import auth

    for line in lines:
        assert auth.authenticate(line.split()[1], "bench-pass").role.value == line.split()[0]


def test_generate_refuses_without_a_database(capsys):
    assert main(["generate", "--pupils", "10"]) == 2
    assert "--db" in capsys.readouterr().err
    assert main(["generate", "--pupils", "0", "--db", "sqlite:///unused.db", "--lang", "en"]) == 2
    assert "must be positive" in capsys.readouterr().err


def test_classes_homeroom_teachers_and_a_leaver_from_the_command_line(empty_db, capsys, monkeypatch):
    main(["init", "--school", "青石镇中心小学", "--coordinator", "周协调", "--db", empty_db])
    monkeypatch.setenv("SCHOOLCARE_NEW_PASSWORD", "teacher-pass")
    coord = ["--db", empty_db, "--user", "coord", "--lang", "en"]
    for name, login in (("郑老师", "zheng"), ("王老师", "wang")):
        assert main(["user", "add", name, "--role", "teacher", "--login", login, *coord]) == 0
    assert main(["class", "add", "三年级（2）班", "--homeroom", "zheng", *coord]) == 0
    assert "三年级(2)班" in capsys.readouterr().out
    assert main(["class", "add", "3年级2班", *coord]) == 1
    assert capsys.readouterr().err == "schoolcare: Class name: the school already has the class 三年级(2)班\n"
    assert main(["class", "add", "3年级2班", "--db", empty_db, "--user", "coord"]) == 1
    assert capsys.readouterr().err == "schoolcare: 班级名称: 本校已有班级 三年级(2)班\n"
    assert main(["class", "add", "(1)班", "--grade", "5", *coord]) == 0
    assert main(["class", "set", "三年级(2)班", "--rename", "四年级(2)班", *coord]) == 0
    capsys.readouterr()
    assert main(["class", "list", *coord]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Class\tGrade\tHomeroom teacher\tPupils\tLeft-behind\tStatus",
        "四年级(2)班\t4\t郑老师 (zheng)\t0\t0", "五年级(1)班\t5\tnone\t0\t0"]

    assert main(["user", "deactivate", "zheng", *coord]) == 1
    assert "still holds pupils: 0, classes: 1" in capsys.readouterr().err
    assert main(["user", "deactivate", "zheng", "--handover-to", "wang", *coord]) == 0
    assert "handed over pupils: 0, classes: 1" in capsys.readouterr().out
    main(["class", "list", *coord])
    assert "王老师 (wang)" in capsys.readouterr().out.splitlines()[1]
    assert main(["user", "list", *coord]) == 0
    assert "zheng\t郑老师\tteacher\tinactive\t0" in capsys.readouterr().out.splitlines()

    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "teacher-pass")
    assert main(["class", "list", "--db", empty_db, "--user", "zheng", "--lang", "en"]) == 1  # the leaver's login
    assert "zheng has been deactivated" in capsys.readouterr().err
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "first-pass")
    assert main(["user", "activate", "zheng", *coord]) == 0
    monkeypatch.setenv("SCHOOLCARE_PASSWORD", "teacher-pass")
    assert main(["class", "list", "--db", empty_db, "--user", "zheng"]) == 0
    assert main(["class", "set", "四年级(2)班", "--homeroom", "zheng", "--db", empty_db, "--user", "zheng"]) == 1
    assert main(["user", "add", "--role", "teacher", *coord]) == 2
