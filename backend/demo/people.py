"""The demo street's people: households in dwellings, and residents with every field of the sources filled.

Households come from the templates of `families`; each person's schooling, job, party membership,
health, care tags, insurance and vehicles follow from age and household. Rented dwellings hold the
floating population; ID numbers, phones and plates are unique across the street.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .. import idcard
from . import names
from .families import Member, floating_household, local_household, overseas_household
from .geography import ADDRESS_PREFIX, BuildingSpec, CompoundSpec, Geography, HouseSpec

FLOATING_SHARE_OF_RENTED = 0.76  # the rest of rented dwellings hold local families
OVERSEAS_HOUSEHOLDS = 9
SKILLED = {"公务员", "事业单位职员", "教师", "医生", "工程技术人员", "会计", "银行职员"}
HIGHER_ED = {"大专", "本科", "硕士研究生", "博士研究生"}
FORMAL_JOBS = SKILLED | {"护士", "企业职工", "工人", "销售人员", "离退休人员"}


class Uniques:
    """Phones, ID numbers and plates handed out once each across residents and staff."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones: set[str] = set()
        self.ids: set[str] = set()
        self.plates: set[str] = set()

    def phone(self) -> str:
        while True:
            p = self.rng.choice(names.MOBILE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def id_number(self, region: str, birth: date, gender: str) -> str:
        while True:
            s = idcard.make_id(region, birth, idcard.sequence_for(gender, self.rng.randrange(500)))
            if s not in self.ids:
                self.ids.add(s)
                return s

    def plate(self, prefix: str) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.15:  # new-energy plates: D (electric) or F (hybrid) and five digits
                tail = rng.choice("DF") + f"{rng.randrange(100_000):05d}"
            else:
                chars = [rng.choice("0123456789") for _ in range(5)]
                for k in rng.sample(range(5), rng.choice([0, 1, 1, 2])):
                    chars[k] = rng.choice(names.PLATE_LETTERS)
                tail = "".join(chars)
            p = prefix + tail
            if p not in self.plates:
                self.plates.add(p)
                return p


def add_years(d: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February in a common year)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _birth(rng: random.Random, age: int, today: date) -> date:
    # A birthday in the year after the age-th birthday: age_on(birth, today) == age exactly.
    latest = date(today.year - age, today.month, min(today.day, 28))
    return latest - timedelta(days=rng.randrange(365))


def _school(rng: random.Random, age: int) -> tuple[str, str, str, bool]:
    """(education, occupation, employer, is_student) of someone at or before school age."""
    if age < 3:
        return "学龄前", "学龄前儿童", "", False
    if age < 6:
        return "学龄前", "学龄前儿童", rng.choice(names.KINDERGARTENS), False
    if age < 12:
        return "小学", "学生", rng.choice(names.PRIMARY_SCHOOLS), True
    if age < 15:
        return "初中", "学生", rng.choice(names.MIDDLE_SCHOOLS), True
    if age < 18:
        if rng.random() < 0.78:
            return "高中", "学生", rng.choice(names.HIGH_SCHOOLS), True
        return "中专", "学生", rng.choice(names.VOCATIONAL_SCHOOLS), True
    return "本科" if rng.random() < 0.6 else "大专", "学生", rng.choice(names.UNIVERSITIES), True


@dataclass
class Household:
    id: str
    house: HouseSpec
    building: BuildingSpec
    compound: CompoundSpec
    kind: str
    rtype: str  # registered, floating, overseas
    members: list[Member]
    origin: tuple[str, str, str, str]  # (code, province, city, county) of the family
    native_place: str
    registered_here: bool
    move_in: date
    registered_address: str = ""  # 户籍地址, one per household (户)
    current_address: str = ""
    low_income: bool = False


@dataclass
class People:
    households: list[dict[str, Any]]
    residents: list[dict[str, Any]]
    party: list[dict[str, Any]]  # residents who are 中共党员: id, joined_on, building_id, grid_id, name, age
    elderly_alone: list[tuple[str, str, str]]  # (resident id, building id, name)
    building_heads: dict[str, str]  # building id -> resident id of the 楼栋长
    by_grid: dict[str, tuple[int, int]]  # grid -> (households, population)
    by_building: dict[str, tuple[int, int]]


def generate_people(rng: random.Random, geo: Geography, uniques: Uniques, today: date, now: datetime) -> People:
    """Households for every occupied dwelling, residents for every household (ids are sequential)."""
    buildings = {b.id: b for b in geo.buildings}
    compounds = {c.id: c for c in geo.compounds}
    occupied = [h for h in geo.houses if h.usage in ("owner", "rented")]
    rented = [h for h in occupied if h.usage == "rented"]
    overseas = set(h.id for h in rng.sample(rented, OVERSEAS_HOUSEHOLDS))
    out = People([], [], [], [], {}, {}, {})
    households: list[Household] = []
    for n, house in enumerate(occupied, start=1):
        b = buildings[house.building_id]
        comp = compounds[b.compound_id]
        if house.id in overseas:
            kind, members = overseas_household(rng)
            origin = rng.choice(names.OVERSEAS_CODES)
            rtype, native, here = "overseas", origin[1] + origin[2], False
        elif house.usage == "rented" and rng.random() < FLOATING_SHARE_OF_RENTED:
            kind, members = floating_household(rng)
            origin = names.FLOATING_CODES.pick(rng)
            rtype, native, here = "floating", origin[1] + origin[2] + origin[3], False
        else:
            kind, members = local_household(rng)
            origin = (names.LOCAL_CODE, *names.LOCAL_PLACE)
            if rng.random() < 0.12:
                origin = rng.choice(names.NEARBY_CODES)
            place = origin if rng.random() < 0.9 else rng.choice(names.NEARBY_CODES)
            native = place[1] + place[2] + place[3]
            rtype, here = "registered", house.usage == "owner" and rng.random() < 0.8
        if rtype == "registered":
            # into the dwelling after the compound was built, and as an adult of twenty or more
            last = today - timedelta(days=30)
            start = min(max(date(comp.built_year, 6, 1), add_years(today, 20 - members[0].age)), last)
            move_in = start + timedelta(days=rng.randrange(max((last - start).days, 1)))
        else:
            move_in = today - timedelta(days=rng.randint(20, 5 * 365))
        hh = Household(f"HH-{n:06d}", house, b, comp, kind, rtype, members, origin, native, here, move_in)
        hh.current_address = f"{ADDRESS_PREFIX}{comp.address}{comp.name}{b.number}号楼{house.unit}单元{house.room}室"
        hh.registered_address = _registered_address(rng, hh)
        if rtype == "registered":
            p = 0.09 if kind in ("elder_single", "single_parent", "left_behind") else 0.012
            hh.low_income = rng.random() < p
        households.append(hh)

    rid = 0
    for hh in households:
        rows = []
        for m in hh.members:
            rid += 1
            rows.append(_person(rng, uniques, hh, m, f"R-{rid:06d}", today, now))
        _family_links(rng, uniques, hh, rows)
        if hh.low_income:
            for r in rows:
                r["care_tags"].append("low_income")
                if "elderly_alone" in r["care_tags"] and age_on(r["birth_date"], today) >= 75 and rng.random() < 0.4:
                    r["care_tags"].append("special_hardship")
        _vehicles(rng, uniques, hh, rows, today)
        for r in rows:
            r["notes"] = _note(rng, r, hh)
        out.households.append({"id": hh.id, "house_id": hh.house.id, "region_id": hh.house.grid_id,
                               "head_resident_id": rows[0]["id"],
                               "registration": "collective" if hh.kind == "roommates" else "family",
                               "size": len(rows)})
        out.residents.extend(rows)
        for r in rows:
            age = age_on(r["birth_date"], today)
            if "elderly_alone" in r["care_tags"]:
                out.elderly_alone.append((r["id"], hh.building.id, r["name"]))
            if r["political_status"] == "中共党员":
                # joined at 18 or later (members are 19 or older), and before today
                joined_from = add_years(r["birth_date"], 18)
                joined_to = min(today - timedelta(days=30), add_years(r["birth_date"], 55))
                span = max((joined_to - joined_from).days, 1)
                out.party.append({"id": r["id"], "name": r["name"], "age": age, "building_id": hh.building.id,
                                  "grid_id": hh.house.grid_id,
                                  "joined_on": joined_from + timedelta(days=rng.randrange(span))})
        g = out.by_grid.get(hh.house.grid_id, (0, 0))
        out.by_grid[hh.house.grid_id] = (g[0] + 1, g[1] + len(rows))
        b = out.by_building.get(hh.building.id, (0, 0))
        out.by_building[hh.building.id] = (b[0] + 1, b[1] + len(rows))
    out.building_heads = _building_heads(rng, out, {h.id: h.building_id for h in occupied}, today)
    return out


def _person(rng: random.Random, uniques: Uniques, hh: Household, m: Member, rid: str, today: date,
            now: datetime) -> dict[str, Any]:
    floating = hh.rtype != "registered"
    birth = _birth(rng, m.age, today)
    age = m.age
    # ID numbers are issued where the person's household was registered at first issue.
    if hh.rtype == "overseas" or m.relation in ("子", "女", "孙子", "孙女", "外孙子", "外孙女") or m.line == "family":
        code = hh.origin[0]
    elif floating:
        code = hh.origin[0] if rng.random() < 0.8 else names.FLOATING_CODES.pick(rng)[0]
    else:
        code = names.LOCAL_CODE if rng.random() < 0.85 else rng.choice(names.NEARBY_CODES)[0]
    id_number = uniques.id_number(code, birth, m.gender)
    surnames = names.SURNAMES_SHANDONG if not floating else names.SURNAMES_NATIONAL
    name = names.given_name(rng, m.gender, birth.year)  # the surname is set by _family_links

    if age < 18 or (age < 23 and rng.random() < (0.55 if not floating else 0.12)):
        education, occupation, employer, m.student = _school(rng, age)
    else:
        education, occupation, employer = _adult_work(rng, m, birth.year, age, floating, hh)

    political = "群众"
    if 6 <= age < 14:
        political = "少先队员"
    elif age >= 14:
        p_party = 0 if age < 19 else 0.025 if age < 26 else 0.055 if age < 41 else 0.075 if age < 61 else 0.08
        if occupation in SKILLED:
            p_party = min(0.45, p_party * 4)
        if hh.rtype == "floating":
            p_party *= 0.6
        if hh.rtype == "overseas":
            p_party = 0
        roll = rng.random()
        if roll < p_party:
            political = "中共党员"
        elif age <= 28 and roll < p_party + (0.55 if age < 19 else 0.3):
            political = "共青团员"
        elif age >= 35 and education in HIGHER_ED and roll > 0.996:
            political = rng.choice(["中国民主同盟盟员", "九三学社社员", "中国民主促进会会员"])

    tags = list(m.tags)
    health = _health(rng, age)
    if rng.random() < (0.007 if age < 60 else 0.03):
        health = "残疾"
        tags.append("disabled")
    elif rng.random() < (0.002 if age < 50 else 0.008):
        health = "重病"
        tags.append("serious_illness")
    if len(hh.members) == 1 and age >= 70:
        tags.append("elderly_alone")
    if hh.kind == "elder_couple" and age >= 60:
        tags.append("empty_nest")
    military = "未服兵役"
    if age >= 38 and hh.rtype != "overseas" and rng.random() < (0.05 if m.gender == "男" else 0.003):
        military = "退役军人"
        tags.append("veteran")

    house = hh.house
    has_phone = age >= 16 or (age >= 12 and rng.random() < 0.5)
    if age >= 85 and rng.random() < 0.4:
        has_phone = False

    return {
        "id": rid, "name": name, "gender": m.gender, "ethnicity": "汉族", "birth_date": birth,
        "id_number": id_number, "phone": uniques.phone() if has_phone else "",
        "registered_address": hh.registered_address, "current_address": hh.current_address, "household_id": hh.id,
        "relation_to_head": m.relation, "house_id": house.id, "region_id": house.grid_id,
        "political_status": political, "education": education, "occupation": occupation, "employer": employer,
        "marital_status": m.marital, "resident_type": hh.rtype,
        "move_in_date": max(hh.move_in, birth), "health": health, "care_tags": tags,
        "vaccination": _vaccination(rng, age), "vehicles": [], "religion": "无",
        "native_place": hh.native_place, "blood_type": names.BLOOD_TYPES.pick(rng),
        "military_service": military, "insurance": _insurance(rng, occupation, age, hh.rtype),
        "emergency_contact": "", "notes": "", "updated_at": now,
        "_surnames": surnames, "_line": m.line,
    }


def _registered_address(rng: random.Random, hh: Household) -> str:
    """户籍地址: this dwelling, a village of the county, or the home town of people from elsewhere."""
    o = hh.origin
    if hh.registered_here:
        return hh.current_address
    if hh.rtype == "registered":
        if o[0] == names.LOCAL_CODE or rng.random() < 0.5:
            return f"山东省济南市商河县{rng.choice(names.SHANGHE_TOWNS)}{names.village(rng)}{rng.randint(1, 180)}号"
        return f"{o[1]}{o[2]}{o[3]}{names.town(rng)}{names.village(rng)}{rng.randint(1, 180)}号"
    if hh.rtype == "floating":
        return f"{o[1]}{o[2]}{o[3]}{names.town(rng)}{names.village(rng)}{rng.randint(1, 200)}号"
    return {"810000": "香港特别行政区九龙城区", "820000": "澳门特别行政区花地玛堂区", "830000": "台湾省台北市大安区"}[o[0]]


def _adult_work(rng: random.Random, m: Member, birth_year: int, age: int, floating: bool,
                hh: Household) -> tuple[str, str, str]:
    cohort = names.cohort(birth_year)
    education = (names.EDUCATION_FLOATING if floating and age < 60 else names.EDUCATION_BY_COHORT[cohort]).pick(rng)
    retire_at = 60 if m.gender == "男" else rng.choice([50, 55, 55])
    if age >= retire_at and not (floating and age < 60):
        occupation = names.ELDER_JOBS.pick(rng)
        if occupation == "离退休人员" and education in ("文盲或半文盲",):
            occupation = "农民"
        return education, occupation, ""
    if hh.rtype == "overseas":
        return education, rng.choice(["企业管理人员", "个体工商户", "企业职工"]), \
            rng.choice(["济南鼎盛纺织有限公司", "山东盛源食品有限公司", "自营"])
    jobs = names.FLOATING_JOBS if floating else names.LOCAL_JOBS
    for _ in range(6):
        occupation, employers = jobs.pick(rng)
        if occupation not in SKILLED or education in HIGHER_ED:
            break
    else:
        occupation, employers = "工人", names.OCCUPATIONS[6][3]
    if m.gender == "女" and age >= 40 and rng.random() < 0.08:
        occupation, employers = "家务", [""]
    employer = rng.choice(employers)
    if employer == "自营":
        employer = f"{rng.choice(names.ROADS_NS + names.ROADS_EW)}{rng.choice(_SHOPS)}" \
            if occupation == "个体工商户" else "个体经营"
    return education, occupation, employer


_SHOPS = ["便民超市", "水饺馆", "五金店", "理发店", "早餐店", "烟酒店", "服装店", "家电维修部", "水果店", "快餐店",
          "药店", "手机店", "蛋糕店", "干洗店", "汽修店", "农资店"]


def _health(rng: random.Random, age: int) -> str:
    r = rng.random()
    if age < 60:
        return "健康" if r < 0.84 else "良好" if r < 0.93 else "一般" if r < 0.98 else "慢性病"
    if age < 75:
        return "健康" if r < 0.38 else "良好" if r < 0.52 else "一般" if r < 0.68 else "慢性病"
    return "健康" if r < 0.18 else "一般" if r < 0.42 else "慢性病" if r < 0.88 else "半失能"


def _vaccination(rng: random.Random, age: int) -> str:
    r = rng.random()
    if age < 3:
        return "未接种"
    if age < 18:
        return "全程接种" if r < 0.72 else "部分接种" if r < 0.86 else "未接种"
    if age < 60:
        return "加强免疫" if r < 0.66 else "全程接种" if r < 0.91 else "部分接种" if r < 0.95 else "未接种"
    return "加强免疫" if r < 0.5 else "全程接种" if r < 0.75 else "部分接种" if r < 0.82 else \
        "禁忌症暂缓" if r < 0.9 else "未接种"


def _insurance(rng: random.Random, occupation: str, age: int, rtype: str) -> str:
    if rtype == "overseas":
        return "商业医疗保险"
    base = "城镇职工基本医疗保险" if occupation in FORMAL_JOBS and rng.random() < 0.9 else "城乡居民基本医疗保险"
    if rtype == "floating" and base == "城乡居民基本医疗保险":
        base += "(户籍地参保)"
    if 18 <= age < 60 and rng.random() < 0.15:
        base += "+商业保险"
    return base


def _family_links(rng: random.Random, uniques: Uniques, hh: Household, rows: list[dict[str, Any]]) -> None:
    """Surnames along the family lines, one ethnicity per family, and emergency contacts."""
    surnames = rows[0]["_surnames"]
    head = rows[0]
    head_surname = surnames.pick(rng)
    husband = next((r for r in rows if r["relation_to_head"] in ("户主", "配偶") and r["gender"] == "男"), None)
    if husband is head or (husband is None and head["gender"] == "男"):
        family = head_surname
    else:  # the husband is not the head, or is no longer alive: the children carry his surname
        family = surnames.pick(rng)
    son_in_law = surnames.pick(rng)
    ethnicity = names.ETHNICITIES.pick(rng) if hh.rtype == "registered" else \
        ("汉族" if rng.random() < 0.96 else names.ETHNICITIES.pick(rng))
    religion = names.RELIGIONS.pick(rng)
    for r in rows:
        line, rel = r.pop("_line"), r["relation_to_head"]
        del r["_surnames"]
        if rel == "户主" or line == "head":
            surname = head_surname
        elif rel in ("女婿", "外孙子", "外孙女"):
            surname = son_in_law
        elif line == "own":
            surname = surnames.pick(rng)
        else:
            surname = family
        r["name"] = surname + r["name"]
        own = line == "own" and rel != "外孙子" and rel != "外孙女"
        r["ethnicity"] = ethnicity if not own or rng.random() < 0.85 else names.ETHNICITIES.pick(rng)
        r["religion"] = "伊斯兰教" if r["ethnicity"] == "回族" else names.RELIGIONS.pick(rng) if own else religion
    by_rel: dict[str, dict[str, Any]] = {}
    for r in rows:
        by_rel.setdefault(r["relation_to_head"], r)
    couple = [r for r in rows if r["relation_to_head"] in ("户主", "配偶")]
    father = next((r for r in couple if r["gender"] == "男"), None)
    mother = next((r for r in couple if r["gender"] == "女"), None)
    for r in rows:
        rel = r["relation_to_head"]
        contact: tuple[str, dict[str, Any] | None] | None = None
        if rel in ("户主", "配偶") and len(couple) == 2:
            contact = ("配偶", couple[1] if r is couple[0] else couple[0])
        elif rel == "子" and "儿媳" in by_rel:
            contact = ("配偶", by_rel["儿媳"])
        elif rel == "女" and "女婿" in by_rel:
            contact = ("配偶", by_rel["女婿"])
        elif rel in ("儿媳", "女婿"):
            contact = ("配偶", by_rel.get("子") if rel == "儿媳" else by_rel.get("女"))
        elif rel in ("子", "女"):
            contact = ("父亲", father) if father and father["phone"] else ("母亲", mother)
        elif rel in ("孙子", "孙女", "外孙子", "外孙女"):
            parent = by_rel.get("子") if rel in ("孙子", "孙女") else by_rel.get("女")
            if parent is not None:
                contact = ("父亲" if parent["gender"] == "男" else "母亲", parent)
            else:  # left behind: the grandparents look after them
                contact = ("祖父", father) if father else ("祖母", mother)
        elif rel in ("父", "母"):
            contact = ("儿子" if head["gender"] == "男" else "女儿", head)
        elif rel == "其他":
            contact = ("室友", head)
        if contact and contact[1] is not None and contact[1]["phone"] and contact[1] is not r:
            r["emergency_contact"] = f"{contact[0]} {contact[1]['name']} {contact[1]['phone']}"
        else:
            # someone who does not live here: a child in another town, a parent in the home village
            who = rng.choice(["女儿", "儿子"]) if r["birth_date"].year < 1975 else rng.choice(["父亲", "母亲"])
            g = "女" if who in ("女儿", "母亲") else "男"
            surname = r["name"][0] if who in ("儿子", "父亲") else names.SURNAMES_SHANDONG.pick(rng)
            born = r["birth_date"].year + (28 if who in ("女儿", "儿子") else -28)
            r["emergency_contact"] = f"{who} {surname}{names.given_name(rng, g, born)} {uniques.phone()}"


def _vehicles(rng: random.Random, uniques: Uniques, hh: Household, rows: list[dict[str, Any]], today: date) -> None:
    p = {"registered": 0.4, "floating": 0.22, "overseas": 0.5}[hh.rtype]
    drivers = [r for r in rows if 20 <= age_on(r["birth_date"], today) <= 75 and r["relation_to_head"] != "其他"] or \
        [r for r in rows if 20 <= age_on(r["birth_date"], today) <= 75]
    if not drivers or rng.random() >= p:
        return
    cars = 2 if len(drivers) > 1 and rng.random() < 0.15 else 1
    for owner in drivers[:cars]:
        if hh.rtype == "floating" and rng.random() < 0.7:
            code = owner["id_number"][:6]
            prov = names.PLATE_PREFIX.get(code[:2], "鲁")
            city = names.SHANDONG_PLATE_CITY.get(code[:4]) if prov == "鲁" else None
            prefix = prov + (city or rng.choice("ABCDEFGH"))
        else:
            prefix = "鲁A"
        owner["vehicles"].append(uniques.plate(prefix))


def _note(rng: random.Random, r: dict[str, Any], hh: Household) -> str:
    tags = r["care_tags"]
    if "elderly_alone" in tags:
        return "独居老人,网格员每周上门走访,已安装智能烟感和紧急呼叫设备"
    if "left_behind_child" in tags:
        return "父母在外务工,由祖父母照看"
    if "low_income" in tags and r["relation_to_head"] == "户主":
        return f"低保户,{rng.randint(2015, 2023)}年纳入保障"
    if "veteran" in tags:
        return "退役军人,已悬挂光荣牌"
    if r["resident_type"] == "floating" and r["relation_to_head"] in ("户主", "其他"):
        return f"租住,居住证有效期至{hh.move_in.year + 1 + rng.randint(0, 2)}年{hh.move_in.month}月"
    if r["resident_type"] == "overseas":
        return "港澳台居民居住证持有人"
    if r["political_status"] == "中共党员" and r["relation_to_head"] == "户主" and rng.random() < 0.3:
        return "党员中心户"
    return ""


def _building_heads(rng: random.Random, out: People, building_of: dict[str, str], today: date) -> dict[str, str]:
    """A 楼栋长 per building: a registered resident aged 40-72 living there, a party member when there is one."""
    party = {p["id"] for p in out.party}
    candidates: dict[str, list[tuple[int, str]]] = {}
    for r in out.residents:
        if 40 <= age_on(r["birth_date"], today) <= 72 and r["resident_type"] == "registered":
            candidates.setdefault(building_of[r["house_id"]], []).append((0 if r["id"] in party else 1, r["id"]))
    heads = {}
    for b, found in candidates.items():
        members = [rid for flag, rid in found if flag == 0]
        heads[b] = rng.choice(members) if members else rng.choice(found)[1]
    return heads
