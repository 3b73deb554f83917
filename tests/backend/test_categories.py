"""The categories config: the 10 数字城管 classes, their clocks and limits, and validation."""

import pytest

from backend.categories import CategoryTable
from backend.tickets import Stage

TEN = {"city_appearance": "市容环境", "advertising": "宣传广告", "construction": "施工管理", "street_order": "街面秩序",
       "emergency": "突发事件", "dispute": "矛盾纠纷", "public_security": "治安隐患", "facility_repair": "设施维修",
       "livelihood": "民生服务", "other": "其他"}


@pytest.fixture(scope="module")
def table():
    return CategoryTable.load()


def test_the_ten_classes_are_configured_with_stable_codes(table):
    assert {code: table[code].name for code in TEN} == TEN
    assert all(table[code].name_en for code in TEN)


def test_urgent_classes_run_on_the_wall_clock_with_minute_limits(table):
    for code in ("emergency", "public_security"):
        c = table[code]
        assert c.clock == "wall" and c.priority in ("urgent", "emergency")
        assert c.limit("accept") == 1 and c.limit(Stage.HANDLE) <= 120


def test_ordinary_classes_take_10_minutes_to_3_working_days(table):
    for code in set(TEN) - {"emergency", "public_security"}:
        c = table[code]
        assert c.clock == "working" and c.priority == "normal"
        assert all(10 <= c.limit(s) <= 3 * 450 for s in Stage), code


def test_priority_overrides_the_clock(table):
    c = table["city_appearance"]
    assert (c.clock_for("normal"), c.clock_for("urgent"), c.clock_for("emergency")) == ("working", "wall", "wall")


def test_unknown_codes_fall_back_to_other(table):
    assert table.lookup("graffiti").code == "other"
    assert "graffiti" not in table
    with pytest.raises(KeyError):
        table["graffiti"]
    assert table.at_risk_ratio == 0.8


LIMITS = {"accept": 1, "dispatch": 1, "handle": 1, "verify": 1, "evaluate": 1}


@pytest.mark.parametrize("entries, extra, message", [
    ([{"code": "other", "name": "其他", "limits": {**LIMITS, "handle": 0}}], {}, "positive"),
    ([{"code": "other", "name": "其他", "limits": {"accept": 1}}], {}, "missing 'dispatch'"),
    ([{"code": "other", "name": "其他", "limits": {**LIMITS, "lunch": 5}}], {}, "unknown stages"),
    ([{"code": "other", "name": "其他", "clock": "lunar", "limits": LIMITS}], {}, "lunar"),
    ([{"code": "other", "name": "其他", "limits": LIMITS}] * 2, {}, "defined twice"),
    ([{"code": "misc", "name": "杂项", "limits": LIMITS}], {}, "fallback"),
    ([{"code": "other", "name": "其他", "limits": LIMITS}], {"at_risk_ratio": 1.5}, "at_risk_ratio"),
])
def test_bad_tables_are_refused(entries, extra, message):
    with pytest.raises(ValueError, match=message):
        CategoryTable.from_dict({"category": entries, **extra})


def test_load_names_the_file_in_errors(tmp_path):
    bad = tmp_path / "categories.toml"
    bad.write_text('[[category]]\ncode = "other"\nname = "其他"\nlimits = { accept = 1 }\n', encoding="utf-8")
    with pytest.raises(ValueError, match="categories.toml"):
        CategoryTable.load(bad)
