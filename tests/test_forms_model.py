"""The form layout built from rules.toml: titles, columns, sheets, notes, remarks, and the
values a person fills in (every mistake named by its field)."""

from __future__ import annotations

import base64
import json

import pytest

from calculator import InputError, policy_data
from calculator.api import handle
from calculator.forms import build, render
from calculator.forms.render_html import document, fragment

LY, HN = "henan-luoyang-2023", "hunan-2023"
NOTICE = open("policies/henan-luoyang-2023/notice.md", encoding="utf-8").read()


def test_blank_title_keeps_the_blank_and_drops_the_sample_suffix():
    form = build(LY, "filing")
    assert form.title == [("text", "2023年度"), ("blank", ""), ("text", "（单位）"), ("text", "专业技术人员继续教育备案表")]
    assert "样表" not in form.title_text
    assert '<span class="jx-blank"></span>' in fragment(form)


def test_unit_name_fills_the_title():
    form = build(LY, "grade_sheet", {"fields": {"unit": "某医院", "date": "2023-12-01"}})
    assert form.title_text == "2023年度某医院专业技术人员继续教育参训人员成绩单"
    assert form.header == [("单位", "某医院（盖章）"), ("时间", "2023年12月1日")]


def test_blank_header_date_has_the_notice_spacing():
    assert dict(build(LY, "grade_sheet").header)["时间"] == "2023年　　月　　日"


def test_variants_and_per_year_titles():
    assert build(LY, "plan").title_text.endswith("计划表（公需科目/专业科目）")
    assert build(LY, "plan", {"variant": "专业科目"}).title_text.endswith("计划表（专业科目）")
    assert build(HN, "qualified_list").title_text.startswith("____年度")
    assert build(HN, "qualified_list", {"year": 2020}).title_text.startswith("2020年度")


def test_orientation_follows_the_number_of_columns():
    assert build(LY, "plan").orientation == "landscape"
    assert {build(LY, f).orientation for f in ("filing", "roster", "grade_sheet", "cadre_offset")} == {"portrait"}


def test_grade_sheet_has_a_two_level_header():
    form = build(LY, "grade_sheet")
    assert [c.text for c in form.head[0]] == ["序号", "姓名", "性别", "专业", "身份证号", "完成学时", "成绩评定"]
    assert [c.text for c in form.head[1]] == ["公需科目", "专业科目"]
    assert form.head[0][5].colspan == 2 and form.head[0][0].rowspan == 2


def test_roster_borrows_the_grade_sheets_identifying_columns_and_says_so():
    form = build(LY, "roster")
    assert [c.label for c in form.columns] == ["序号", "姓名", "性别", "专业", "身份证号"]
    assert dict(form.header).keys() == {"单位", "时间"}
    assert any("采用成绩单的身份识别栏目" in r for r in form.remarks)


def test_filing_sheet_is_laid_out_like_the_sample():
    grid = build(LY, "filing").grid
    labels = [[c.text for c in row if c.kind == "label"] for row in grid]
    assert labels[:5] == [["单位名称", "备案科目"], ["培训人数", "培训地点"], ["培训方式", "培训课时"],
                          ["负责人", "联系电话"], ["培训内容", "培训目标"]]
    assert labels[5] == ["单位意见"] and grid[5][1].colspan == 3 and "（单位印章）" in grid[5][1].text
    assert labels[6] == ["行业主管部门审核", "人社部门备案"]
    assert grid[7][0].text == "备案资料" and grid[7][0].rowspan == 4
    copies = grid[-1][0]
    assert copies.colspan == 4 and copies.text == "此表一式三份，单位、主管部门、人社部门各一份。"
    assert copies.text in NOTICE


def test_annex2_sheet_ends_with_the_screenshot_area():
    grid = build(LY, "cadre_offset").grid
    assert grid[-1][0].kind == "area" and grid[-1][0].text == "“河南干部网络学院”学时完成情况截图"
    assert "（单位人事部门印章）" in grid[-2][1].text


def test_plan_notes_quote_the_limits_from_the_rules():
    notes = build(LY, "plan").notes
    limits = policy_data(LY)["forms"]["plan"]["notes"]["limits"]
    assert notes[-1].endswith(f"一天不超过{limits['hours_per_day']}学时，半天不超过{limits['hours_per_half_day']}学时。")


def test_drafts_say_so_on_the_form():
    for form in ("qualified_list", "individual_summary"):
        html = render(HN, form, None, "html")
        assert "草表：通知未给出此表的版式" in html


def test_blank_tables_have_rows_to_fill_by_hand():
    assert len(build(LY, "grade_sheet").rows) >= 10
    assert build(LY, "grade_sheet").blank and not build(LY, "grade_sheet", {"rows": [{"name": "张伟"}]}).blank


def test_rows_number_themselves_and_are_escaped():
    form = build(LY, "plan", {"rows": [{"content": "<script>alert(1)</script>", "hours": 3}]})
    assert form.rows[0][0] == "1"
    html = fragment(form)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("policy,form,values,field,text", [
    (LY, "cadre_offset", {"fields": {"id_number": "410302198506151231"}}, "fields.id_number", "校验位不符"),
    (LY, "cadre_offset", {"fields": {"salary": "1"}}, "fields.salary", "不是此表的栏目"),
    (LY, "cadre_offset", {"fields": {"offset_hours": "1.25"}}, "fields.offset_hours", "最多一位小数"),
    (LY, "cadre_offset", {"fields": {"phone": "call me"}}, "fields.phone", "电话号码"),
    (LY, "filing", {"fields": {"subject": "其他科目"}}, "fields.subject", "公需科目、专业科目"),
    (LY, "filing", {"fields": {"trainees": "-3"}}, "fields.trainees", "整数"),
    (LY, "grade_sheet", {"fields": {"date": "2023/12/01"}}, "fields.date", "YYYY-MM-DD"),
    (LY, "grade_sheet", {"rows": [{"name": "张伟", "age": 3}]}, "rows[0].age", "不是此表的列"),
    (LY, "grade_sheet", {"rows": [{"public": "三十"}]}, "rows[0].public", "数字"),
    (LY, "plan", {"variant": "其他"}, "variant", "公需科目、专业科目"),
    (HN, "qualified_list", {"year": 2030}, "year", "2018至2023"),
    (LY, "filing", {"extra": 1}, "extra", "不是表格数据的栏目"),
])
def test_values_are_checked_and_errors_name_the_field(policy, form, values, field, text):
    with pytest.raises(InputError) as error:
        build(policy, form, values)
    assert error.value.field == field and text in error.value.problem


def test_unknown_form_lists_the_choices():
    with pytest.raises(InputError, match="可选：filing、plan"):
        build(LY, "nothing")


def test_document_is_a_whole_page_with_a4_print_rules():
    html = document(build(LY, "plan"))
    assert html.startswith("<!DOCTYPE html>") and "@page jx-landscape { size: A4 landscape;" in html
    assert "thead { display: table-header-group; }" in html and "break-inside: avoid" in html
    assert "<title>2023年度____（单位）专业技术人员继续教育计划表（公需科目/专业科目）</title>" in html


def test_csv_is_for_excel():
    text = render(LY, "grade_sheet", {"rows": [{"name": "张伟", "id_number": "410302198506151239", "public": 30}]}, "csv")
    assert text.startswith("\ufeff序号,姓名,性别,专业,身份证号,完成学时（公需科目）,完成学时（专业科目）,成绩评定\r\n")
    assert '"=""410302198506151239"""' in text
    with pytest.raises(InputError, match="CSV 只提供表格式的表"):
        render(LY, "filing", None, "csv")


# ---- the worker's entry point -------------------------------------------------------


def call(op, data):
    return json.loads(handle(json.dumps({"op": op, "input": data})))


def test_api_form_ops():
    html = call("form", {"policy": LY, "form": "grade_sheet", "format": "html"})
    assert html["ok"] and html["result"]["text"].startswith('<section class="jx-form')
    xlsx = call("form", {"policy": LY, "form": "grade_sheet", "format": "xlsx"})["result"]
    assert base64.b64decode(xlsx["base64"])[:2] == b"PK"
    assert xlsx["filename"] == "2023年度（单位）专业技术人员继续教育参训人员成绩单.xlsx"
    forms = call("forms", {"policy": HN})["result"]
    assert [f["id"] for f in forms] == ["qualified_list", "individual_summary"] and forms[0]["per_year"]


def test_api_roster_plan_fund_ops():
    roster = call("roster", {"policy": LY, "form": "grade_sheet", "text": "姓名,身份证号\n张伟,410302198506151239\n"})
    assert roster["result"]["counts"]["kept"] == 1
    assert call("plan", {"policy": LY, "sessions": []})["result"]["ok"]
    assert call("fund", {"policy": LY, "payroll": 100})["result"]["figures"][0]["amount"] == "1.50"


def test_api_errors_name_the_field():
    bad = call("form", {"policy": LY, "form": "cadre_offset", "values": {"fields": {"id_number": "1"}}})
    assert bad == {"ok": False, "error": {"field": "fields.id_number", "problem": "身份证号应为18位，现为1位",
                                          "message": "fields.id_number: 身份证号应为18位，现为1位"}}
    assert call("roster", {"policy": LY, "form": "grade_sheet", "base64": "%%%"})["error"]["field"] == "base64"


def test_the_publicity_list_carries_the_posting_period_from_the_rules():
    days = next(d["min_working_days"] for d in policy_data(HN)["deadlines"] if d["id"] == "unit-publicity")
    lines = build(HN, "qualified_list", {"year": 2019}).lines
    assert lines == [f"公示时间：　　年　　月　　日至　　年　　月　　日（不少于{days}个工作日）"]
    assert build(HN, "individual_summary").lines == []


def test_the_cadre_offset_form_says_why_the_offset_is_zero():
    from calculator.forms.ops import form_op
    source = {"assessment": {"policy": "henan-luoyang-2023", "activities": [
        {"kind": "cadre_college_offset", "hours": 42.5, "public_institution_staff": False}]}}
    html = form_op({"policy": "henan-luoyang-2023", "form": "cadre_offset", "format": "html",
                    "source": source})["text"]
    assert "42.5" in html
    assert ("本站注：“河南干部网络学院”学时抵扣：不是事业单位工作人员，不能抵扣（只适用于事业单位工作人员），"
            "0 学时（依据：洛阳 二（一） 公需科目学习）") in html


def test_the_offset_hours_and_the_forms_completed_hours_take_the_same_numbers():
    from calculator import InputError, assess
    from calculator.policy.loader import policy_data
    data = policy_data("henan-luoyang-2023")
    kind = data["kinds"]["cadre_college_offset"]
    field = next(f for f in kind["fields"] if f["name"] == kind["hours_field"])
    cell = next(f for f in data["forms"]["cadre_offset"]["fields"] if f["name"] == "completed_hours")
    assert (field["type"], field["decimals"], field["max"]) == (cell["type"], 1, cell["max"])
    for hours in (0, 12.5, 1000):
        assess({"policy": "henan-luoyang-2023", "activities": [
            {"kind": "cadre_college_offset", "hours": hours, "public_institution_staff": True}]})
        build("henan-luoyang-2023", "cadre_offset", {"fields": {"completed_hours": hours}})
    for hours in (12.55, 1000.5):
        with pytest.raises(InputError):
            assess({"policy": "henan-luoyang-2023", "activities": [
                {"kind": "cadre_college_offset", "hours": hours, "public_institution_staff": True}]})
        with pytest.raises(InputError):
            build("henan-luoyang-2023", "cadre_offset", {"fields": {"completed_hours": hours}})
