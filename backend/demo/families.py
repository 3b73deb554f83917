"""Who lives together: household templates whose ages are tied (children 22-34 years younger than
their mother, spouses within a few years), so that relations and marital status agree with age.

The template weights give the age pyramid the shape of China's 2020 census moved on to today: a bulge
at 35-54, a narrow base, and about a fifth of the people 60 or older.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import names


@dataclass(slots=True)
class Member:
    """One member of a household-to-be: relation to the head, gender, age and marital status."""

    relation: str
    gender: str
    age: int
    marital: str = "未婚"
    line: str = "family"  # surname: "family" (the husband's line), "head" (the head's own), "own" (married in)
    tags: list[str] = field(default_factory=list)
    student: bool = False


def _tri(rng: random.Random, lo: int, hi: int, mode: int) -> int:
    return int(rng.triangular(lo, hi + 1, mode))


def _wife_age(rng: random.Random, husband: int) -> int:
    return max(20, husband + rng.randint(-5, 1))


def _child_ages(rng: random.Random, mother: int, n: int) -> list[int]:
    first = mother - rng.randint(22, 34)
    ages = [first]
    for _ in range(n - 1):
        ages.append(ages[-1] - rng.randint(2, 9))
    return ages


def _children(rng: random.Random, mother: int, n: int, boy: str = "子", girl: str = "女",
              line: str = "family") -> list[Member]:
    out = []
    for age in _child_ages(rng, mother, n):
        if age < 0:
            continue
        g = "男" if rng.random() < 0.52 else "女"
        out.append(Member(boy if g == "男" else girl, g, age, line=line))
    return out


def _couple(rng: random.Random, lo: int, hi: int, mode: int | None = None) -> list[Member]:
    husband = _tri(rng, lo, hi, mode) if mode else rng.randint(lo, hi)
    husband = max(husband, 22)
    wife = _wife_age(rng, husband)
    h, w = Member("户主", "男", husband, "已婚"), Member("配偶", "女", wife, "已婚", line="own")
    if rng.random() < 0.18:  # the wife is the head of the household
        h, w = Member("配偶", "男", husband, "已婚"), Member("户主", "女", wife, "已婚", line="own")
        return [w, h]
    return [h, w]


def _mother_age(members: list[Member]) -> int:
    return min(m.age for m in members if m.relation in ("户主", "配偶") and m.gender == "女")


def local_household(rng: random.Random) -> tuple[str, list[Member]]:
    """A registered family: (template name, members with the head first)."""
    kind = _LOCAL_KINDS.pick(rng)
    if kind == "elder_single":
        g = "女" if rng.random() < 0.66 else "男"
        marital = rng.choices(["丧偶", "离异", "未婚"], [85, 9, 6] if g == "女" else [72, 12, 16])[0]
        return kind, [Member("户主", g, _tri(rng, 62, 96, 78), marital)]
    if kind == "elder_couple":
        return kind, _couple(rng, 58, 92, 64)
    if kind == "young_single":
        age = rng.randint(22, 40)
        marital = "离异" if age >= 28 and rng.random() < 0.15 else "未婚"
        return kind, [Member("户主", "男" if rng.random() < 0.58 else "女", age, marital)]
    if kind == "young_couple":
        return kind, _couple(rng, 23, 34)
    if kind in ("nuclear1", "nuclear2"):
        members = _couple(rng, 27, 58, 47) if kind == "nuclear1" else _couple(rng, 31, 56, 45)
        members += _children(rng, _mother_age(members), 1 if kind == "nuclear1" else 2)
        return kind, members
    if kind == "three_gen":
        members = _couple(rng, 32, 56, 46)
        members += _children(rng, _mother_age(members), rng.choice([1, 2, 2]))
        head = members[0]
        pa = head.age + rng.randint(24, 33)
        both = rng.random() < 0.55
        if both or rng.random() < 0.35:
            members.append(Member("父", "男", pa, "已婚" if both else "丧偶", line="head"))
        if both or not any(m.relation == "父" for m in members):
            members.append(Member("母", "女", _wife_age(rng, pa), "已婚" if both else "丧偶", line="own"))
        return kind, members
    if kind == "stem_elder":
        head = Member("户主", "男", _tri(rng, 56, 82, 64), "已婚")
        members = [head]
        if rng.random() < 0.7:
            members.append(Member("配偶", "女", _wife_age(rng, head.age), "已婚", line="own"))
            mother = members[1].age
        else:  # widowed; the children carry the late husband's surname
            head.gender, head.marital = rng.choice(["男", "女"]), "丧偶"
            mother = head.age if head.gender == "女" else head.age - 2
        kid_age = max(24, mother - rng.randint(23, 32))
        if rng.random() < 0.75:  # son and daughter-in-law with their children
            members += [Member("子", "男", kid_age, "已婚"),
                        Member("儿媳", "女", _wife_age(rng, kid_age), "已婚", line="own")]
            members += _children(rng, members[-1].age, rng.choice([1, 1, 2]), "孙子", "孙女")
        else:  # daughter and son-in-law; the grandchildren carry the son-in-law's surname
            members += [Member("女", "女", kid_age, "已婚"),
                        Member("女婿", "男", kid_age + rng.randint(0, 4), "已婚", line="own")]
            members += _children(rng, kid_age, rng.choice([1, 1, 2]), "外孙子", "外孙女", line="own")
        return kind, members
    if kind == "single_parent":
        g = "女" if rng.random() < 0.7 else "男"
        age = rng.randint(30, 50)
        members = [Member("户主", g, age, rng.choices(["离异", "丧偶"], [78, 22])[0], line="head")]
        mother = age if g == "女" else age - 2
        members += _children(rng, mother, rng.choice([1, 1, 2]), line="head")
        return kind, members
    if kind == "left_behind":
        members = _couple(rng, 54, 70, 60)
        for _ in range(rng.choice([1, 1, 2])):
            g = "男" if rng.random() < 0.52 else "女"
            members.append(Member("孙子" if g == "男" else "孙女", g, rng.randint(3, 14), tags=["left_behind_child"]))
        return kind, members
    # middle-aged parents and their grown-up, unmarried children
    members = _couple(rng, 47, 64, 56)
    ages = [a for a in _child_ages(rng, _mother_age(members), rng.choice([1, 1, 2])) if a >= 18]
    for age in ages or [18]:
        g = "男" if rng.random() < 0.52 else "女"
        members.append(Member("子" if g == "男" else "女", g, age))
    return "middle_adult_child", members


_LOCAL_KINDS = names.Weighted([("elder_single", 8), ("elder_couple", 14), ("young_single", 5), ("young_couple", 3),
                               ("nuclear1", 15), ("nuclear2", 13), ("three_gen", 10), ("stem_elder", 10),
                               ("single_parent", 4), ("left_behind", 2), ("middle_adult_child", 19)])
_FLOATING_KINDS = names.Weighted([("single", 30), ("couple", 22), ("family", 38), ("roommates", 10)])


def floating_household(rng: random.Random) -> tuple[str, list[Member]]:
    """A household of the floating population (流动人口), renting here."""
    kind = _FLOATING_KINDS.pick(rng)
    if kind == "single":
        age = _tri(rng, 19, 56, 30)
        married = age >= 24 and rng.random() < min(0.8, (age - 22) / 15)
        return kind, [Member("户主", "男" if rng.random() < 0.64 else "女", age, "已婚" if married else "未婚")]
    if kind == "couple":
        return kind, _couple(rng, 22, 58, 38)
    if kind == "family":
        members = _couple(rng, 27, 52, 40)
        members += _children(rng, _mother_age(members), rng.choice([1, 1, 2]))
        if len(members) == 2:
            members.append(Member("子", "男", rng.randint(0, 6)))
        return kind, members
    g = "男" if rng.random() < 0.6 else "女"
    members = [Member("户主", g, rng.randint(19, 34))]
    for _ in range(rng.choice([1, 2, 2, 3])):
        members.append(Member("其他", g, rng.randint(18, 34), line="own"))
    return kind, members


def overseas_household(rng: random.Random) -> tuple[str, list[Member]]:
    """Hong Kong, Macau or Taiwan residents living here (境外人员), one or two of them."""
    if rng.random() < 0.5:
        return "overseas", [Member("户主", "男" if rng.random() < 0.7 else "女", rng.randint(28, 62),
                                   rng.choice(["已婚", "未婚"]))]
    return "overseas", _couple(rng, 30, 62)


# --- one person at a time ---------------------------------------------------------------------------
