"""Fictional names carry the pinyin search keys users type; generated logins and school names never clash."""
from __future__ import annotations

import random
import re

import pytest

from schoolcare.demo.fictional import Namer, fictional_phone, school_name
from schoolcare.demo.generate_people import staff_logins
from schoolcare.services.accounts.auth import LOGIN_RE
from schoolcare.services.registry.search_keys import class_name, pinyin_of, split_surname


@pytest.mark.parametrize("name, full, initials", [
    ("张子涵", "zhangzihan", "zzh"),
    ("李欣", "lixin", "lx"),
    ("吕晓梅", "lvxiaomei", "lxm"),  # ü typed as v, as pinyin keyboards do
    ("曾浩宇", "zenghaoyu", "zhy"),  # 曾 read as a surname (zēng), not céng
    ("单一鸣", "shanyiming", "sym"),
    ("欧阳明", "ouyangming", "oym"),  # compound surname
    ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),  # the separator dot is dropped
    (" 王 芳 ", "wangfang", "wf"),
    ("", "", ""),
])
def test_pinyin_of_gives_full_pinyin_and_initials(name, full, initials):
    assert pinyin_of(name) == (full, initials)


def test_generated_names_have_one_syllable_per_character():
    namer = Namer(random.Random(1))
    for kind in ("boy", "girl", "man", "woman", "old_man", "old_woman"):
        for _ in range(300):
            name = namer.name(kind)
            surname, given = split_surname(name)
            assert 1 <= len(given) <= 2 and surname
            full, initials = pinyin_of(name)
            assert re.fullmatch(r"[a-z]+", full), name
            assert len(initials) == len(name), name
            assert full.startswith(initials[0])


def test_same_seed_same_people_other_seed_other_people():
    def names(seed):
        namer = Namer(random.Random(seed))
        return [namer.name("girl") for _ in range(50)]

    assert names(3) == names(3)
    assert names(3) != names(4)


def test_phones_are_obviously_fictional():
    rng = random.Random(2)
    for _ in range(200):
        assert re.fullmatch(r"1[3589]\d0000\d{4}", fictional_phone(rng))


def test_class_names_read_as_schools_write_them():
    assert class_name(3, 2) == "三年级(2)班"
    assert class_name(1, 11) == "一年级(11)班"


def test_school_names_are_unique_and_the_first_is_the_demo_school():
    names = [school_name(i) for i in range(400)]
    assert names[0] == "青山镇中心小学"
    assert len(set(names)) == len(names)


def test_logins_are_valid_and_unique_across_schools():
    shares = [150, 150, 2_000, 25_000]
    logins = [login for i, share in enumerate(shares) for _, login in staff_logins(share, f"s{i + 1}-")]
    assert len(logins) == len(set(logins))
    assert all(LOGIN_RE.match(login) for login in logins)
    single = staff_logins(600)
    assert single[:3] == [("coordinator", "coord"), ("principal", "head"), ("teacher", "t001")]
    assert len(single) == 40
