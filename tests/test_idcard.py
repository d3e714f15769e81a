"""Resident ID numbers: GB 11643-1999 check digit (ISO 7064 MOD 11-2), birth date, shape."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.forms import idcard

# The standard's own example (GB 11643-1999, appendix), and numbers whose check
# characters were worked by hand: sum(d_i * w_i) mod 11 -> 1 0 X 9 8 7 6 5 4 3 2.
KNOWN = [
    ("11010519491231002X", "女", dt.date(1949, 12, 31)),
    ("410302198506151239", "男", dt.date(1985, 6, 15)),
    ("410303199001012349", "女", dt.date(1990, 1, 1)),
    ("440524188001010014", None, None),          # born 1880: checked separately below
]


@pytest.mark.parametrize("number,sex,birth", [k for k in KNOWN if k[1]])
def test_known_numbers(number, sex, birth):
    parsed = idcard.parse(number)
    assert (parsed.number, parsed.sex, parsed.birth) == (number, sex, birth)


def test_check_char_table():
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.check_char("41030219850615123") == "9"
    assert idcard.check_char("44052418800101001") == "4"
    with pytest.raises(ValueError):
        idcard.check_char("1234")


@pytest.mark.parametrize("raw", ["11010519491231002x", " 11010519491231002X ", "１１０１０５１９４９１２３１００２Ｘ",
                                 "110105 19491231 002X"])
def test_normalised_forms_are_accepted(raw):
    assert idcard.parse(raw).number == "11010519491231002X"


@pytest.mark.parametrize("raw,reason", [
    ("", "为空"),
    ("11010519491231002", "应为18位，现为17位"),
    ("1101051949123100212", "应为18位，现为19位"),
    ("11010519491231002A", "第18位应为数字或X"),
    ("X10105194912310021", "前17位应为数字"),
    ("00010519491231002X", "省级行政区划代码"),
    ("110105194902300021", "出生日期“19490230”不是有效日期"),
    ("110105194913310021", "不是有效日期"),
    ("440524188001010014", "不在合理范围内"),
    ("110105194912310021", "校验位不符：按前17位应为“X”，实为“1”"),
])
def test_bad_numbers_say_why(raw, reason):
    with pytest.raises(ValueError, match=reason):
        idcard.parse(raw)


def test_birth_in_the_future_is_rejected():
    base = "41030220990101123"
    number = base + idcard.check_char(base)
    with pytest.raises(ValueError, match="不在合理范围内"):
        idcard.parse(number, today=dt.date(2026, 1, 1))
    assert idcard.parse(number, today=dt.date(2100, 1, 1)).birth == dt.date(2099, 1, 1)


def test_is_valid():
    assert idcard.is_valid("11010519491231002X")
    assert not idcard.is_valid("110105194912310021")
    assert not idcard.is_valid(None)


dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))
provinces = st.sampled_from(sorted(idcard.PROVINCES))


@settings(max_examples=200, deadline=None)
@given(provinces, st.integers(0, 9999), dates, st.integers(0, 999))
def test_generated_numbers_are_valid_and_any_single_digit_change_is_caught(province, area, birth, sequence):
    base = f"{province}{area:04d}{birth:%Y%m%d}{sequence:03d}"
    number = base + idcard.check_char(base)
    parsed = idcard.parse(number)
    assert parsed.birth == birth and parsed.sex == ("男" if sequence % 2 else "女")
    # MOD 11-2 detects every single-character substitution.
    for at in range(17):
        for digit in "0123456789":
            if digit != number[at]:
                changed = number[:at] + digit + number[at + 1:]
                assert idcard.check_char(changed[:17]) != changed[17]
