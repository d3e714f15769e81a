"""XLSX downloads: openpyxl reads back the headers and values written, with the print set-up."""

from __future__ import annotations

import io

import openpyxl
import pytest

from calculator import policy_ids
from calculator.forms import build, form_ids, render

LY = "henan-luoyang-2023"
ROWS = [
    {"name": "张伟", "sex": "男", "specialty": "临床医学", "id_number": "410302198506151239", "public": 30,
     "professional": 62.5, "grade": "合格"},
    {"name": "王芳", "sex": "女", "specialty": "护理", "id_number": "11010519491231002X", "public": "36",
     "professional": "60", "grade": "合格"},
]


def workbook(policy, form, values=None):
    return openpyxl.load_workbook(io.BytesIO(render(policy, form, values, "xlsx"))).active


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_grade_sheet_round_trip():
    sheet = workbook(LY, "grade_sheet", {"fields": {"unit": "某医院", "date": "2023-12-01"}, "rows": ROWS})
    got = rows(sheet)
    assert got[0][0] == "2023年度某医院专业技术人员继续教育参训人员成绩单"
    assert got[1][0] == "单位：某医院（盖章）" and got[1][4] == "时间：2023年12月1日"
    assert got[2] == ["序号", "姓名", "性别", "专业", "身份证号", "完成学时", None, "成绩评定"]
    assert got[3] == [None, None, None, None, None, "公需科目", "专业科目", None]
    assert got[4] == [1, "张伟", "男", "临床医学", "410302198506151239", 30, 62.5, "合格"]
    assert got[5] == [2, "王芳", "女", "护理", "11010519491231002X", 36, 60, "合格"]
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A1:H1", "F3:G3", "A3:A4", "E3:E4", "H3:H4"}
    assert sheet["E5"].number_format == "@" and isinstance(sheet["E5"].value, str)


def test_print_setup():
    sheet = workbook(LY, "plan", {"variant": "专业科目", "rows": [{"content": "新技术", "hours": 3}]})
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$3:$3"                 # the column header repeats on every page
    assert sheet.title == "计划表（专业科目）"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    texts = [r[0] for r in rows(sheet) if r[0]]
    assert "说明：" in texts and texts[-1].startswith("4. 所有培训项目必须有学时标准")
    assert workbook(LY, "grade_sheet").print_title_rows == "$3:$4"
    assert workbook(LY, "grade_sheet").page_setup.orientation == "portrait"


def test_filing_sheet_cells_and_merges():
    sheet = workbook(LY, "filing", {"fields": {"unit_name": "某医院", "subject": "专业科目", "hours": "6"}})
    got = rows(sheet)
    assert got[1] == ["单位名称", "某医院", "备案科目", "专业科目"]
    assert got[2][0] == "培训人数" and got[3][2:] == ["培训课时", "6"]
    assert got[6][0] == "单位意见" and got[6][1].startswith("（单位印章）")
    assert got[8][:3] == ["备案资料", "序号", "名称"]
    assert got[-1][0] == "此表一式三份，单位、主管部门、人社部门各一份。"
    assert {"B7:D7", "A9:A12", "A13:D13"} <= {str(r) for r in sheet.merged_cells.ranges}


@pytest.mark.parametrize("policy,form", [(p, f) for p in policy_ids() for f in form_ids(p)])
def test_every_form_has_the_same_cells_as_the_printed_one(policy, form):
    built = build(policy, form)
    sheet = workbook(policy, form)
    values = {v for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    if built.tabular:
        assert {c.label for c in built.columns} <= values
    else:
        assert {c.text for row in built.grid for c in row if c.kind == "label"} <= values
    assert sheet.page_setup.orientation == built.orientation
