"""/forms/ in the browser: fill every form through the page, print each to PDF (A4, the
expected number of pages), download XLSX and CSV, and check that the worker (Pyodide)
renders exactly what CPython renders. ID numbers never leave the page.

The PDFs and a 50-dpi PNG of every printed page are kept in build/e2e-forms/ so a
person can look at them (pdftoppm, from poppler-utils).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from calculator.forms.idcard import check_char

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "forms_golden"
OUT = ROOT / "build" / "e2e-forms"      # test-results/ is emptied by pytest-playwright
LY, HN = "henan-luoyang-2023", "hunan-2023"
A4 = {"portrait": "594.96 x 841.92", "landscape": "841.92 x 594.96"}


def ids(count: int) -> list[str]:
    out = []
    for i in range(count):
        base = f"410302{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{100 + i:03d}"
        out.append(base + check_char(base))
    return out


PEOPLE = ids(45)
BAD_ID = PEOPLE[0][:17] + ("0" if PEOPLE[0][17] != "0" else "1")
ROSTER_CSV = ("序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时\n"
              + "".join(f"{i},人员{i},,临床医学,{n},30,{60 if i % 4 else 45}\n" for i, n in enumerate(PEOPLE, 1))
              + f"46,校验错,男,药学,{BAD_ID},30,60\n47,,女,药学,{ids(46)[-1]},30,60\n")
HUNAN_CSV = ("年度,姓名,单位,公需科目学习内容,公需科目学时,专业科目学习内容,专业科目学时\n"
             "2019,周敏,湖南省人民医院,数字化建设与发展,30,重症医学进展,60\n"
             "2019,吴刚,湖南省人民医院,统筹安全与发展,20,影像诊断新技术,50\n"
             "2020,周敏,湖南省人民医院,强化科技创新能力建设,30,重症医学进展,64\n")
SELFCHECK = {"v": 1, "policy": LY, "drafts": {
    LY: {"mode": "year", "year": "2023", "activities": [
        {"kind": "cadre_college_offset", "hours": "42", "public_institution_staff": True},
        {"kind": "certified_hours", "category": "professional", "hours": "64"}]},
    HN: {"mode": "span", "year": "2023", "activities": [], "span": {
        "2018": [{"kind": "training", "category": "professional", "days": "7"},
                 {"kind": "certified_hours", "category": "public", "hours": "30"}],
        "2020": [{"kind": "paper", "role": "first_author", "count": "2"}]}}}}
# Pages each printed form takes once filled as below (measured, then fixed here); the
# 备案表 prints the filing checklist as its last page.
PAGES = {(LY, "filing"): 2, (LY, "plan"): 1, (LY, "roster"): 2, (LY, "grade_sheet"): 2,
         (LY, "cadre_offset"): 1, (HN, "qualified_list"): 1, (HN, "individual_summary"): 1}


@pytest.fixture
def forms_page(page, base_url):
    page.goto(base_url + "forms/")
    page.evaluate("s => localStorage.setItem('jxjy.selfcheck.v1', s)", json.dumps(SELFCHECK, ensure_ascii=False))
    page.reload()
    page.evaluate("window.calculator.ready")
    expect(page.locator(".forms-status")).to_contain_text("已就绪")
    return page


def block(page, policy, form):
    return page.locator(f'.forms-form[data-policy="{policy}"][data-form="{form}"]')


def editor(page, kind, policy, form=None):
    extra = f'[data-form="{form}"]' if form else ""
    return page.locator(f'.forms-editor[data-editor="{kind}"][data-policy="{policy}"]{extra}')


def fill_everything(page):
    unit = editor(page, "unit", LY)
    unit.locator("[data-field=unit_name]").fill("洛阳市第一人民医院")
    unit.locator("[data-field=person_in_charge]").fill("张主任")
    unit.locator("[data-field=phone]").fill("0379-63891234")
    unit.locator("[data-field=date]").fill("2023-10-12")

    plan = editor(page, "plan", LY)
    sessions = [("professional", "2023-05-10", "morning", "3", "心血管介入新技术"),
                ("professional", "2023-05-10", "afternoon", "3", "急危重症病例讨论"),
                ("public", "2023-06-02", "day", "6", "数字技术与网络安全")]
    for i, (category, date, period, hours, content) in enumerate(sessions):
        if i:
            plan.locator("[data-action=add-session]").click()
        row = plan.locator(".forms-session").nth(i)
        row.locator("[data-field=category]").select_option(category)
        row.locator("[data-field=date]").fill(date)
        row.locator("[data-field=period]").select_option(period)
        row.locator("[data-field=hours]").fill(hours)
        row.locator("[data-field=content]").fill(content)
        row.locator("[data-field=place]").fill("门诊楼三楼会议室")
        row.locator("[data-field=people]").fill("45")

    editor(page, "roster", LY).locator("[data-role=file]").set_input_files(
        files=[{"name": "名单.csv", "mimeType": "text/csv", "buffer": ROSTER_CSV.encode("utf-8")}])
    expect(editor(page, "roster", LY).locator("[data-role=import]")).to_contain_text("导入 45 人")

    person = editor(page, "person", LY, "cadre_offset")
    person.locator("[data-field=name]").fill("张伟")
    person.locator("[data-field=id_number]").fill(PEOPLE[0])
    person.locator("[data-field=rank]").fill("副主任医师")

    editor(page, "roster", HN).locator("[data-role=file]").set_input_files(
        files=[{"name": "湖南名单.csv", "mimeType": "text/csv", "buffer": HUNAN_CSV.encode("utf-8")}])
    expect(editor(page, "roster", HN).locator("[data-role=import]")).to_contain_text("导入 2 人")
    block(page, HN, "qualified_list").locator("[data-role=year]").select_option("2019")
    summary = editor(page, "person", HN, "individual_summary")
    summary.locator("[data-field=name]").fill("周敏")
    summary.locator("[data-field=unit]").fill("湖南省人民医院")
    block(page, LY, "plan").locator("[data-role=variant]").select_option("专业科目")
    for policy, form in PAGES:
        expect(block(page, policy, form).locator("[data-role=state]")).to_have_text("已填写")


def test_blank_forms_are_in_the_page_before_python_loads(base_url):
    html = urllib.request.urlopen(base_url + "forms/").read().decode("utf-8")
    for policy, form in PAGES:
        assert f'data-form="{policy}/{form}"' in html          # the rendered form, not a placeholder
    assert 'id="jx-form-css"' in html and "@page jx-landscape" in html


def test_fill_print_and_count_pages(forms_page, browser):
    page = forms_page
    fill_everything(page)
    imported = editor(page, "roster", LY).locator("[data-role=import]")
    expect(imported).to_contain_text("2 行有问题")
    expect(imported).to_contain_text("第 47 行身份证号校验位不符")
    expect(imported).to_contain_text("第 48 行姓名为空")
    grade = block(page, LY, "grade_sheet").locator("[data-role=paper]")
    expect(grade).to_contain_text("洛阳市第一人民医院")
    # 45 professional hours: advice on screen by line, never a 不合格 in 成绩评定.
    expect(imported).to_contain_text("按导入的学时未达到2023年度学时要求（专业科目尚差15学时")
    expect(grade).not_to_contain_text("不合格")
    expect(block(page, LY, "cadre_offset")).to_contain_text("副主任医师")
    expect(block(page, HN, "individual_summary")).to_contain_text("未达到")

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    printer = browser.new_page()
    for (policy, form), expected in PAGES.items():
        html = page.evaluate("([p, f]) => window.formsPage.printable(p, f)", [policy, form])
        orientation = block(page, policy, form).locator("[data-role=paper]").get_attribute("data-orientation")
        printer.set_content(html)
        pdf = OUT / f"{policy}.{form}.pdf"
        printer.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        sizes = set(re.findall(r"Page size:\s+([\d.]+ x [\d.]+)", info))
        assert (pages, sizes) == (expected, {A4[orientation]}), f"{form}: {pages} pages of {sizes}"
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(OUT / f"{policy}.{form}")], check=True)
    printer.close()


def test_print_button_prints_the_form_alone(forms_page):
    page = forms_page
    page.evaluate("() => { window.print = () => { throw new Error('the page itself must not print'); }; }")
    block(page, LY, "grade_sheet").locator("[data-action=print]").click()
    frame = page.locator("iframe.forms-print-frame")
    expect(frame).to_have_count(1)
    srcdoc = frame.get_attribute("srcdoc")
    assert srcdoc.startswith("<!DOCTYPE html>") and 'data-form="henan-luoyang-2023/grade_sheet"' in srcdoc
    assert srcdoc.count('class="jx-form ') == 1


def test_downloads(forms_page, requests_log, base_url):
    page = forms_page
    fill_everything(page)
    with page.expect_download() as info:
        block(page, LY, "grade_sheet").locator("[data-action=xlsx]").click()
    download = info.value
    assert download.suggested_filename == "2023年度洛阳市第一人民医院专业技术人员继续教育参训人员成绩单.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:5] == ("序号", "姓名", "性别", "专业", "身份证号") and rows[3][5:7] == ("公需科目", "专业科目")
    assert rows[4][:5] == (1, "人员1", "男" if int(PEOPLE[0][16]) % 2 else "女", "临床医学", PEOPLE[0])
    assert len([r for r in rows[4:] if isinstance(r[0], int)]) == 45

    with page.expect_download() as info:
        block(page, LY, "plan").locator("[data-action=csv]").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff序号,时间,地点".encode("utf-8"))
    assert "2023年5月10日上午".encode("utf-8") in data

    filing_block = block(page, LY, "filing")
    filing_block.locator("[data-role=variant]").select_option("专业科目")
    expect(filing_block.locator("[data-role=paper]")).to_contain_text("心血管介入新技术")
    with page.expect_download() as info:
        filing_block.locator("[data-action=xlsx]").click()
    filing = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert filing["B2"].value == "洛阳市第一人民医院" and filing["D2"].value == "专业科目"

    origin = urlparse(base_url).netloc
    assert all(urlparse(url).netloc == origin for url in requests_log if url.startswith("http"))
    assert any(url.endswith(".whl") and "openpyxl" in url for url in requests_log)


def test_id_numbers_are_stored_only_when_asked(forms_page):
    page = forms_page
    fill_everything(page)
    page.wait_for_timeout(300)
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert PEOPLE[0] not in stored and PEOPLE[1] not in stored
    editor(page, "person", LY, "cadre_offset").locator("[data-role=remember]").check()
    editor(page, "roster", LY).locator("[data-role=remember]").check()
    page.wait_for_timeout(300)
    ids_kept = page.evaluate("localStorage.getItem('jxjy.forms.ids.v1')")
    assert PEOPLE[0] in ids_kept
    assert PEOPLE[1] in page.evaluate("localStorage.getItem('jxjy.forms.roster.v1')")
    page.reload()
    page.evaluate("window.calculator.ready")
    expect(editor(page, "person", LY, "cadre_offset").locator("[data-field=id_number]")).to_have_value(PEOPLE[0])
    expect(editor(page, "roster", LY).locator("[data-role=import]")).to_contain_text("导入 45 人")
    page.locator("[data-action=clear-all]").click()
    assert page.evaluate("localStorage.getItem('jxjy.forms.ids.v1') || localStorage.getItem('jxjy.forms.roster.v1')") is None


def test_two_tabs_keep_each_others_entries(forms_page, base_url):
    """Both tabs show the one saved copy, so an edit in one never writes an older copy
    over what was typed in the other."""
    page = forms_page
    other = page.context.new_page()
    other.goto(base_url + "forms/")
    other.evaluate("window.calculator.ready")
    editor(page, "unit", LY).locator("[data-field=unit_name]").fill("洛阳市第一人民医院")
    plan = editor(page, "plan", LY)
    plan.locator(".forms-session").nth(0).locator("[data-field=content]").fill("心血管介入新技术")

    expect(editor(other, "unit", LY).locator("[data-field=unit_name]")).to_have_value("洛阳市第一人民医院")
    sessions = editor(other, "plan", LY).locator(".forms-session")
    expect(sessions).to_have_count(1)
    expect(sessions.nth(0).locator("[data-field=content]")).to_have_value("心血管介入新技术")
    editor(other, "unit", LY).locator("[data-field=phone]").fill("0379-63891234")

    expect(editor(page, "unit", LY).locator("[data-field=phone]")).to_have_value("0379-63891234")
    page.reload()
    page.evaluate("window.calculator.ready")
    unit = editor(page, "unit", LY)
    expect(unit.locator("[data-field=unit_name]")).to_have_value("洛阳市第一人民医院")
    expect(unit.locator("[data-field=phone]")).to_have_value("0379-63891234")
    expect(editor(page, "plan", LY).locator(".forms-session [data-field=content]")).to_have_value("心血管介入新技术")
    other.close()


def test_plan_limits_are_shown_next_to_the_row(forms_page):
    page = forms_page
    plan = editor(page, "plan", LY)
    row = plan.locator(".forms-session").nth(0)
    row.locator("[data-field=date]").fill("2023-05-10")
    row.locator("[data-field=hours]").fill("4")
    expect(plan.locator("[data-role=problems]")).to_contain_text("第 1 项：2023-05-10 上午安排 4 学时，超过半天（上午）不超过 3 学时的要求")
    expect(row).to_have_class(re.compile("is-invalid"))
    row.locator("[data-field=hours]").fill("3")
    expect(plan.locator("[data-role=problems]")).to_be_empty()


def test_a_bad_id_number_is_named_next_to_its_box(forms_page):
    person = editor(forms_page, "person", LY, "cadre_offset")
    person.locator("[data-field=id_number]").fill(BAD_ID)
    expect(person.locator('[data-error-for="id_number"]')).to_contain_text("校验位不符")
    expect(person.locator("[data-field=id_number]")).to_have_attribute("aria-invalid", "true")


def test_education_fund(forms_page):
    fund = editor(forms_page, "fund", LY)
    fund.locator("[data-field=payroll]").fill("1200000")
    fund.locator("[data-field=spent]").fill("110000")
    result = fund.locator("[data-role=fund]")
    expect(result).to_contain_text("18,000.00 元")
    expect(result).to_contain_text("96,000.00 元")
    expect(result).to_contain_text("14,000.00 元")
    assert result.locator('a[href$="#s4-funding"]').count() >= 4


def test_the_worker_renders_what_cpython_renders(forms_page):
    """Pyodide and CPython give the same bytes for the same input (the golden files)."""
    for path in sorted((GOLDEN / "inputs").glob("*.json")):
        policy, form = path.stem.split(".")
        request = json.loads(path.read_text(encoding="utf-8"))
        result = forms_page.evaluate("r => window.calculator.call('form', r)",
                                     {**request, "policy": policy, "form": form, "format": "document"})
        assert result["text"] == (GOLDEN / policy / f"{form}.filled.html").read_text(encoding="utf-8"), path.name


def test_blank_forms_print_on_one_a4_page(browser, tmp_path):
    printer = browser.new_page()
    for path in sorted(GOLDEN.glob("*/*.blank.html")):
        printer.set_content(path.read_text(encoding="utf-8"))
        pdf = tmp_path / f"{path.parent.name}.{path.stem}.pdf"
        printer.pdf(path=str(pdf), prefer_css_page_size=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        landscape = 'data-orientation="landscape"' in path.read_text(encoding="utf-8")
        assert re.search(r"^Pages:\s+1$", info, re.M), path.name
        assert A4["landscape" if landscape else "portrait"] in info, path.name
    printer.close()
