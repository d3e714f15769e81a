"""Roster import (CSV and XLSX): good rows kept, bad rows reported by line with the reason."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from calculator import InputError
from calculator.forms import render, roster
from calculator.forms.idcard import check_char

POLICY = "henan-luoyang-2023"


def valid(base17: str) -> str:
    return base17 + check_char(base17)


MAN = valid("41030219850615123")       # 17th digit 3: 男
WOMAN = valid("41030319900101234")     # 17th digit 4: 女
OTHER = valid("41030419951231078")     # 女

CSV = f"""序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时,成绩评定
1,张伟,,临床医学,{MAN},30,60,
2,王芳,女,护理,{WOMAN},36,64.5,
3,坏号,男,药学,{MAN[:-1]}{'0' if MAN[-1] != '0' else '1'},30,60,
4,,女,检验,{OTHER},30,60,
5,重复,男,影像,{MAN},30,60,
6,性别错,男,影像,{OTHER},30,60,
7,学时错,女,影像,{OTHER},三十,60,
8,未达标,女,影像,{OTHER},20,50,
9,李娜,女,影像,{valid('41030519880229568')},30,60,优秀
"""


def imported(text=CSV, form="grade_sheet", fmt="csv", policy=POLICY):
    return roster.import_rows(policy, form, text, fmt)


def test_good_rows_are_kept_and_bad_rows_reported_by_line():
    result = imported()
    names = [p["name"] for p in result["people"]]
    assert names == ["张伟", "王芳", "未达标", "李娜"]
    assert [p["line"] for p in result["people"]] == [2, 3, 9, 10]
    by_line = {p["line"]: p for p in result["problems"]}
    assert sorted(by_line) == [4, 5, 6, 7, 8]
    assert "校验位不符" in by_line[4]["reason"]
    assert by_line[5]["reason"] == "姓名为空"
    assert by_line[6]["reason"] == "与第2行的身份证号重复"
    assert by_line[7]["reason"] == "与身份证号不符（按身份证号为女）"
    assert by_line[8]["column"] == "公需科目" and "数字" in by_line[8]["reason"]
    assert result["counts"] == {"read": 9, "kept": 4, "rejected": 5}


def test_sex_comes_from_the_id_number_and_the_grade_from_the_file_only():
    people = {p["name"]: p for p in imported()["people"]}
    assert people["张伟"]["sex"] == "男"
    # 成绩评定 is the unit's own training result: the file's value, else blank for the
    # unit; the year's requirement is advice on screen (passed, shortfall), never the grade.
    assert people["张伟"]["grade"] == "" and people["张伟"]["passed"] is True
    assert people["未达标"]["grade"] == "" and people["未达标"]["passed"] is False
    assert "公需科目尚差10学时" in people["未达标"]["shortfall"]
    assert people["李娜"]["grade"] == "优秀"          # a grade in the file is kept


def test_the_roster_form_takes_the_identifying_columns():
    forms = imported()["forms"]
    assert set(forms) == {"grade_sheet", "roster"}
    assert list(forms["roster"]["rows"][0]) == ["name", "sex", "specialty", "id_number"]
    html = render(POLICY, "roster", forms["roster"], "html")
    assert MAN in html and "采用成绩单的身份识别栏目（序号、姓名、性别、专业、身份证号）" in html


def test_gbk_csv_with_a_title_row_and_semicolons():
    text = f"2023年度某单位参训人员名单\n姓名;身份证号;公需;专业课\n张伟;{MAN};30;60\n"
    result = imported(text.encode("gb18030"))
    assert result["header_line"] == 2
    assert result["people"][0]["public"] == "30" and result["people"][0]["professional"] == "60"


def test_bom_and_excel_text_wrappers_are_undone():
    text = "\ufeff姓名,身份证号,公需科目,专业科目\r\n" + f'张伟,"=""{MAN}""",30,60\r\n王芳,\'{WOMAN},30,60\r\n'
    people = imported(text.encode("utf-8"))["people"]
    assert [p["id_number"] for p in people] == [MAN, WOMAN]


def test_empty_lines_and_footer_lines_are_skipped():
    text = f"姓名,身份证号\n张伟,{MAN}\n\n,\n说明：本表由人事科填写，一式三份。\n"
    result = imported(text, form="roster")
    assert [p["name"] for p in result["people"]] == ["张伟"]
    assert result["problems"] == []


def test_a_file_without_a_header_is_an_input_error():
    with pytest.raises(InputError, match="找不到表头"):
        imported("a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="不是有效的 XLSX"):
        imported(b"not a zip", fmt="xlsx")


def test_xlsx_round_trip_of_our_own_grade_sheet():
    """Our XLSX download (title, header line, two-level header) imports back unchanged."""
    first = imported()
    data = render(POLICY, "grade_sheet", first["forms"]["grade_sheet"], "xlsx")
    again = imported(data, fmt="xlsx")
    assert again["problems"] == []
    assert again["forms"]["grade_sheet"]["rows"] == first["forms"]["grade_sheet"]["rows"]


def test_csv_round_trip_of_our_own_download():
    first = imported()
    text = render(POLICY, "grade_sheet", first["forms"]["grade_sheet"], "csv")
    again = imported(text.encode("utf-8"))
    assert again["forms"]["grade_sheet"]["rows"] == first["forms"]["grade_sheet"]["rows"]


def test_xlsx_written_by_another_program():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别", "专业", "身份证号", "公需科目", "专业科目"])
    sheet.append([1, "张伟", None, "临床医学", MAN, 30, 60.0])
    sheet.append([2, "错号", None, "临床医学", 410302198506151231, 30, 60])   # stored as a number
    out = io.BytesIO()
    book.save(out)
    result = imported(out.getvalue(), fmt="xlsx")
    assert [p["name"] for p in result["people"]] == ["张伟"]
    # Excel keeps 15 significant digits of a number: the message says so, and how to keep text.
    assert result["problems"][0]["line"] == 3 and "被 Excel 当成了数字" in result["problems"][0]["reason"]


def test_hunan_per_year_list_keeps_only_the_qualified():
    text = ("年度,姓名,单位,公需科目学习内容,公需科目学时,专业科目学习内容,专业科目学时\n"
            "2019,周敏,某医院,数字化建设与发展,30,重症医学,60\n"
            "2019,吴刚,某医院,统筹安全与发展,20,影像诊断,50\n"
            "2020,周敏,某医院,科技创新,30,重症医学,64\n"
            "2030,错年,某医院,,30,,60\n"
            ",无年,某医院,,30,,60\n")
    result = roster.import_rows("hunan-2023", "qualified_list", text, "csv")
    assert set(result["forms"]) == {"qualified_list:2019", "qualified_list:2020"}
    rows = result["forms"]["qualified_list:2019"]["rows"]
    assert [r["name"] for r in rows] == ["周敏"] and rows[0]["total_hours"] == "90"
    reasons = {p["line"]: p["reason"] for p in result["problems"]}
    assert "不列入合格人员名单" in reasons[3]
    assert "2018至2023" in reasons[5] and reasons[6] == "年度为空"


def test_every_import_path_reports_the_rows_it_left_out(capsys, tmp_path):
    """The form op with a roster source, and the CLI with --roster or with an INPUT whose
    source.roster has bad rows: each reports every rejected row by line."""
    from calculator.cli import main
    from calculator.forms.ops import form_op

    request = {"source": {"roster": {"format": "csv", "text": CSV}}}
    result = form_op({**request, "policy": POLICY, "form": "grade_sheet", "format": "csv"})
    assert sorted(p["line"] for p in result["import"]["problems"]) == [4, 5, 6, 7, 8]
    assert result["import"]["counts"]["rejected"] == 5
    assert "张伟" in result["text"] and "坏号" not in result["text"]

    path = tmp_path / "in.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["form", f"{POLICY}/grade_sheet", str(path), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for line in (4, 5, 6, 7, 8):
        assert f"source.roster 第{line}行：" in err
    assert "source.roster：保留 4 行，5 行有问题未列入" in err
    assert "张伟" in out.read_text(encoding="utf-8")

    csv_file = tmp_path / "staff.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    assert main(["form", f"{POLICY}/grade_sheet", "--roster", str(csv_file), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{csv_file} 第4行：" in err and "5 行有问题未列入" in err


def test_the_grade_sheet_never_prints_the_annual_check():
    html = render(POLICY, "grade_sheet", imported()["forms"]["grade_sheet"], "html")
    assert "不合格" not in html and ">合格<" not in html and "优秀" in html


def test_the_annual_check_is_advice_by_line():
    advice = imported()["advice"]
    assert advice == [{"line": 9, "text": "未达标：按导入的学时未达到2023年度学时要求"
                                          "（公需科目尚差10学时、专业科目尚差10学时、总学时尚差20学时）"}]
