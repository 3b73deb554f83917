"""Citizen ID numbers of GB 11643-1999 (18 digits, MOD 11-2 check digit) and masking of IDs and phones.

Layout: 6-digit administrative region code (GB/T 2260), 8-digit birth date YYYYMMDD, 3-digit sequence
code whose last digit is odd for men and even for women, 1 check character (0-9 or X). Residence
permits of Hong Kong, Macau and Taiwan residents use the same layout with regions 810000/820000/830000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11, i = 0..16
_CHECK = "10X98765432"  # indexed by (sum of weighted digits) mod 11
_FORMAT = re.compile(r"^[1-8]\d{5}(18|19|20)\d{2}\d{4}\d{3}[0-9X]$")


@dataclass(frozen=True)
class IdInfo:
    """What an ID number tells: region code, birth date, gender ("男"/"女") and sequence code."""

    region: str
    birth_date: date
    gender: str
    sequence: int


def check_digit(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def make_id(region: str, birth: date, sequence: int) -> str:
    """An ID number; `sequence` 0..999, odd for a man, even for a woman."""
    if len(region) != 6 or not region.isdigit() or region[0] in "09":
        raise ValueError(f"bad region code {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence {sequence} outside 0..999")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def sequence_for(gender: str, n: int) -> int:
    """The n-th (0..499) sequence code of a gender: men get odd codes, women even ones."""
    if not 0 <= n <= 499:
        raise ValueError(f"n {n} outside 0..499")
    return 2 * n + 1 if gender == "男" else 2 * n


def parse(s: str) -> IdInfo:
    """Decode an ID number; ValueError says what is wrong (format, date, check digit)."""
    s = s.strip().upper()
    if not _FORMAT.match(s):
        raise ValueError(f"not an 18-character ID number: {s!r}")
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise ValueError(f"no such birth date in {s!r}") from None
    if s[17] != check_digit(s[:17]):
        raise ValueError(f"check digit of {s!r} should be {check_digit(s[:17])}")
    seq = int(s[14:17])
    return IdInfo(region=s[:6], birth_date=born, gender="男" if seq % 2 else "女", sequence=seq)


def is_valid(s: str, today: date | None = None) -> bool:
    """True for a well-formed number with a real birth date (not after `today`) and the right check digit."""
    try:
        info = parse(s)
    except (ValueError, AttributeError):
        return False
    return today is None or info.birth_date <= today


def birth_date(s: str) -> date:
    return parse(s).birth_date


def gender(s: str) -> str:
    """"男" when the 17th digit is odd, "女" when even."""
    return parse(s).gender


def mask_id(s: str | None) -> str:
    """"370126**********1234" -> first 4 and last 4 kept: "3701**********1234"; short values mostly hidden."""
    if not s:
        return ""
    if len(s) <= 8:
        return s[:1] + "*" * (len(s) - 1)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_phone(s: str | None) -> str:
    """"13812345678" -> "138****5678"; other lengths keep at most the first 3 and last 4 of what stays."""
    if not s:
        return ""
    if len(s) >= 11:
        return s[:3] + "*" * (len(s) - 7) + s[-4:]
    keep = max(len(s) // 3, 1)
    return s[:keep] + "*" * (len(s) - 2 * keep) + s[-keep:] if len(s) > 2 * keep else "*" * len(s)
