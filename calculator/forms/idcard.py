"""Resident ID numbers (居民身份证号码, GB 11643-1999).

An 18-character number: a 6-digit address code, an 8-digit birth date (YYYYMMDD), a
3-digit sequence code (odd for men, even for women) and a check character computed with
ISO 7064 MOD 11-2 (0-9 or X). We check all of that offline; whether the address code is
still in the current administrative-division list is not ours to know (codes of abolished
counties stay valid for the people who were born there), so only its province part is
checked against the provinces that exist.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # index = weighted sum mod 11
# Province-level codes of GB/T 2260, plus 83 (Taiwan residents' permits) and 81/82
# (Hong Kong and Macao residents' residence permits), which use the same format.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
})
EARLIEST_BIRTH = _dt.date(1900, 1, 1)
SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdNumber:
    number: str            # normalised: upper-case X, no spaces
    birth: _dt.date
    sex: str               # 男 / 女, from the sequence code


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def normalise(raw) -> str:
    """Spaces and full-width characters typed or pasted from Word are common; a lower-case
    x is the same check character."""
    text = str(raw if raw is not None else "").strip()
    text = text.translate({0x3000: None, 0x20: None, 0xA0: None, 0xFF38: "X", 0xFF58: "X"})
    text = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in text)
    return text.upper()


def parse(raw, *, today: _dt.date | None = None) -> IdNumber:
    """Validate an ID number; ValueError with a Chinese reason when it is not one."""
    number = normalise(raw)
    if not number:
        raise ValueError("身份证号为空")
    if len(number) != 18:
        raise ValueError(f"身份证号应为18位，现为{len(number)}位")
    if not SHAPE.match(number):
        raise ValueError("身份证号前17位应为数字，第18位应为数字或X")
    if number[:2] not in PROVINCES:
        raise ValueError(f"身份证号前两位“{number[:2]}”不是有效的省级行政区划代码")
    try:
        birth = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError(f"身份证号中的出生日期“{number[6:14]}”不是有效日期") from None
    if not EARLIEST_BIRTH <= birth <= (today or _dt.date.today()):
        raise ValueError(f"身份证号中的出生日期“{number[6:14]}”不在合理范围内")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValueError(f"身份证号校验位不符：按前17位应为“{expected}”，实为“{number[17]}”")
    return IdNumber(number=number, birth=birth, sex="男" if int(number[16]) % 2 else "女")


def is_valid(raw) -> bool:
    try:
        parse(raw)
    except ValueError:
        return False
    return True
