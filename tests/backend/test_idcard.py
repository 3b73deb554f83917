"""GB 11643-1999 ID numbers: check digit, parsing, validation, masking."""

import random
from datetime import date

import pytest

from backend import idcard


def mod11_2(first17: str) -> str:
    # ISO 7064 MOD 11-2 computed the long way (iterated doubling), independent of the weight table.
    p = 0
    for c in first17:
        p = ((p + int(c)) * 2) % 11
    return "0123456789X"[(12 - p) % 11]


def test_known_valid_number():
    assert idcard.is_valid("11010519491231002X")
    info = idcard.parse("11010519491231002X")
    assert info.region == "110105"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"  # 17th digit 2 is even
    assert info.sequence == 2


def test_make_reproduces_known_number():
    assert idcard.make_id("110105", date(1949, 12, 31), 2) == "11010519491231002X"


def test_check_digit_agrees_with_iterated_algorithm():
    rng = random.Random(1)
    for _ in range(2000):
        first17 = str(rng.randint(1, 8)) + "".join(rng.choice("0123456789") for _ in range(16))
        assert idcard.check_digit(first17) == mod11_2(first17)


@pytest.mark.parametrize("bad", [
    "110105194912310021",  # wrong check digit
    "11010519490231002X",  # 31 February
    "11010519491231002",  # 17 characters
    "01010519491231002X",  # region codes start with 1-8
    "1101051949123100ZX",  # letters
    "",
])
def test_invalid_numbers(bad):
    assert not idcard.is_valid(bad)


def test_lowercase_x_is_accepted_and_future_births_are_not():
    assert idcard.is_valid("11010519491231002x")
    future = idcard.make_id("370126", date(2030, 1, 1), 11)
    assert idcard.is_valid(future)
    assert not idcard.is_valid(future, today=date(2026, 1, 1))


def test_gender_follows_the_sequence_parity():
    for n in (0, 1, 250, 499):
        man = idcard.make_id("370126", date(1990, 5, 17), idcard.sequence_for("男", n))
        woman = idcard.make_id("370126", date(1990, 5, 17), idcard.sequence_for("女", n))
        assert idcard.gender(man) == "男" and idcard.gender(woman) == "女"
        assert idcard.birth_date(man) == date(1990, 5, 17)


def test_make_rejects_bad_input():
    with pytest.raises(ValueError):
        idcard.make_id("37012", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        idcard.make_id("370126", date(1990, 1, 1), 1000)


def test_masks():
    assert idcard.mask_id("370126199001011234") == "3701**********1234"
    assert idcard.mask_id("11010519491231002X") == "1101**********002X"
    assert idcard.mask_phone("13812345678") == "138****5678"
    assert idcard.mask_id("") == "" and idcard.mask_phone(None) == ""
    short = idcard.mask_phone("5551234")
    assert "*" in short and short != "5551234" and len(short) == 7
    assert "*" in idcard.mask_id("1234")
