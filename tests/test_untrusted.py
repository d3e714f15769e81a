"""The bounded readers every request and file passes through (calculator/untrusted.py,
calculator/forms/xlsx_read.py, calculator/forms/inert.py)."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest

from calculator.errors import InputError
from calculator.forms import inert, xlsx_read
from calculator.untrusted import check_tree, decimal_text, encodable, parse_json, parse_toml
from tests.fuzz.checks import chinese
from tests.fuzz.hostile import _bomb


@pytest.mark.parametrize("text, field", [
    ("", "request"), ("{", "request"), ('{"a": 1,}', "request"), ('{"a" 1}', "request"),
    ("[" * 100_000 + "]" * 100_000, "request"), ('{"year": ' + "9" * 5000 + "}", "request"),
    ("NaN", "request"), ('{"a": 1e400}', "a"), ('{"a": ["\\ud800"]}', "a[0]"),
])
def test_json_is_refused_in_chinese_naming_where(text, field):
    with pytest.raises(InputError) as caught:
        parse_json(text)
    assert caught.value.field == field
    chinese(caught.value.problem, "json")


def test_json_within_bounds_is_read_as_is():
    assert parse_json('{"a": [1, 2.5, "x", {"b": null}], "[": "]]]]"}') == {"a": [1, 2.5, "x", {"b": None}], "[": "]]]]"}


@pytest.mark.parametrize("text", ["a = " + "9" * 5000, "a = ", "a = [" * 100_000, '= 1', "a = 1\na = 2",
                                  "a = 1e2000000", 'a = "\\ud800"'])
def test_toml_is_refused_in_chinese(text):
    with pytest.raises(InputError) as caught:
        parse_toml(text)
    chinese(caught.value.problem, "toml")


def test_deep_trees_and_lone_surrogates_name_their_path():
    with pytest.raises(InputError) as caught:
        check_tree({"activities": [{"label": "a\ud800"}]}, "")
    assert caught.value.field == "activities[0].label"
    assert encodable('{"x": "\ud800"}') == '{"x": "\\ud800"}'


@pytest.mark.parametrize("text, value", [("12.5", "12.5"), (" 3 ", "3"), ("1e2", "1E+2"), ("0e999999", "0"),
                                         ("1e2000000", None), ("9" * 50, None), ("①", None), ("NaN", None)])
def test_numbers_as_text_are_bounded_before_converting(text, value):
    started = time.process_time()
    number = decimal_text(text)
    assert (None if number is None else str(number)) == value
    assert time.process_time() - started < 0.1


def test_download_cells_are_inert():
    assert inert.csv_cell("=1+1") == "'=1+1" and inert.csv_cell("@x") == "'@x" and inert.csv_cell("张伟") == "张伟"
    assert inert.csv_cell("410302198506151239", as_text=True) == '="410302198506151239"'
    assert inert.csv_cell('1"&"2', as_text=True) == '1"&"2'
    assert inert.clean("张\x0b伟\x07") == "张\n伟"


def test_xlsx_reader_fills_merged_cells_and_notes_formulas_and_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号码", "学时", "成绩评定"])
    sheet.append(["张伟", 410302198506151239, "=10+20", "合格"])
    sheet.append(["王芳", "410303199001012349", 30, None])
    sheet.merge_cells("D2:D3")
    out = io.BytesIO()
    book.save(out)
    read = xlsx_read.read(out.getvalue())
    assert read.rows[1:] == [(2, ["张伟", "410302198506151168", "", "合格"]), (3, ["王芳", "410303199001012349", "30", "合格"])]
    assert read.kinds[(2, 1)] == "number" and read.kinds[(2, 2)] == "formula" and (3, 1) not in read.kinds
    assert read.merged == {(3, 3)}


def test_xlsx_reader_refuses_bombs_and_junk_quickly():
    bomb = _bomb()
    started = time.process_time()
    with pytest.raises(InputError, match="MB"):
        xlsx_read.read(bomb)
    with pytest.raises(InputError, match="XLSX"):
        xlsx_read.read(b"PK\x03\x04 not really")
    assert time.process_time() - started < 1.0
