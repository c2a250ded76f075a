"""Fictional people and places for demo and generated data.

Everything here is made up: names are drawn syllable by syllable from common
characters, never copied from real people; places are invented counties,
townships and villages (only the provinces and cities parents work in are
real, as any file would name them). Phone numbers are obviously fictional:
eleven digits with 0000 in the middle (1xx-0000-xxxx).
"""
from __future__ import annotations

import random

from schoolcare.services.registry.search_keys import COMPOUND_SURNAMES

# Single-character surnames, the commonest first (drawn with decreasing weight).
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

_GIVEN = {
    "boy": "浩宇轩子涵博文俊杰明辉磊鹏强睿泽晨阳宏志勇毅飞凯豪鑫航健天一嘉成亮诚斌峰松林波远华新晓梓锦铭皓瑞煜",
    "girl": "欣怡涵雨思梓诗佳琪萱悦婷雪梅丽静慧娜晶颖瑶琳玉月兰芳燕倩彤菲欢雅璐可馨蕊妍雯晓心语嘉茜若依",
    "man": "建国军伟平勇强华明刚林波斌海涛峰亮红兵春东云祥成",
    "woman": "丽芳霞燕红梅英娟秀玲萍琴艳敏静玉凤兰春桂香小晓",
    "old_man": "德福贵明山发有忠富生顺和荣文宝成永长金树",
    "old_woman": "桂兰秀英珍凤花翠玉芝淑琼素云秋菊春香",
}
GIVEN_CHARS = {kind: tuple(dict.fromkeys(chars)) for kind, chars in _GIVEN.items()}

COUNTY = "云溪县"
# The first township is the demo school's (青山镇中心小学); each generated school gets the next.
TOWNSHIPS = (
    "青山镇", "石桥乡", "柳河镇", "白沙乡", "松林镇", "桃源乡", "龙泉镇", "凤鸣乡", "梅岭镇", "竹溪乡",
    "金田镇", "杏花乡", "双溪镇", "云台乡", "清水镇", "枫林乡", "望江镇", "黄土乡", "新店镇", "南坪乡",
)
VILLAGES = (
    "石门村", "杨家坪村", "李家湾村", "枫树村", "大坪村", "水井村", "新庄村", "红岩村", "双河村", "高桥村",
    "田坝村", "花园村", "庙坡村", "柏林村", "黄泥村", "长岭村", "桂花村", "竹林村", "团结村", "向阳村",
    "鱼塘村", "马家沟村", "白果村", "茶园村", "狮子村", "五里村", "河口村", "堰塘村", "青岗村", "松柏村",
)
GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组")
# Where parents go to work (real places, as in any ledger), and the work they do there.
WORK_PLACES = (
    "广东东莞", "广东深圳", "广东广州", "广东佛山", "广东中山", "浙江宁波", "浙江杭州", "浙江义乌", "浙江温州",
    "福建厦门", "福建泉州", "福建晋江", "江苏苏州", "江苏昆山", "上海", "北京", "新疆乌鲁木齐", "陕西西安",
)
AWAY_JOBS = (
    "电子厂普工", "建筑工人", "快递员", "餐厅服务员", "厨师", "服装厂工人", "装修工", "货车司机", "保安",
    "家政服务", "鞋厂工人", "外卖骑手", "电焊工", "个体经营",
)
HOME_JOBS = ("务农", "务农", "务农", "个体经营", "本地打零工", "养殖", "镇上超市店员")



def school_name(index: int) -> str:
    """The i-th generated school (0 → 青山镇中心小学); the first 620 are all different."""
    township = TOWNSHIPS[index % len(TOWNSHIPS)]
    if index < len(TOWNSHIPS):
        return f"{township}中心小学"
    village = VILLAGES[(index // len(TOWNSHIPS) - 1) % len(VILLAGES)]
    return f"{township}{village}小学"


def fictional_phone(rng: random.Random) -> str:
    """An obviously fictional mobile number, 1xx-0000-xxxx (written without dashes)."""
    return f"1{rng.choice('3589')}{rng.randrange(10)}0000{rng.randrange(10000):04d}"


class Namer:
    """Draws fictional names from a seeded random generator, so a seed always gives the same people."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        # Common surnames far more often than rare ones, roughly as in a real roll.
        self._surname_weights = [1.0 / (i + 8) for i in range(len(SURNAMES))]
        self._surname_cum = list(_cumulative(self._surname_weights))

    def surname(self) -> str:
        rng = self.rng
        if rng.random() < 0.004:
            return rng.choice(COMPOUND_SURNAMES)
        return rng.choices(SURNAMES, cum_weights=self._surname_cum)[0]

    def given(self, kind: str, two_chars: float = 0.8) -> str:
        chars = GIVEN_CHARS[kind]
        rng = self.rng
        if rng.random() < two_chars:
            return rng.choice(chars) + rng.choice(chars)
        return rng.choice(chars)

    def name(self, kind: str, surname: str | None = None) -> str:
        """kind: boy | girl | man | woman | old_man | old_woman."""
        return (surname or self.surname()) + self.given(kind)

    def address(self, township: str) -> str:
        """某县某乡某村某组: a home address in the school's township."""
        rng = self.rng
        return f"{COUNTY}{township}{rng.choice(VILLAGES)}{rng.choice(GROUPS)}"


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total
