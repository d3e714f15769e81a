"""The invented fixture policy (tests/fixtures/policies: 示例市, test data) built into a test
site beside the real notices, with no code written for it, and used in Chromium as a
person would: its notice page, its self-check (typed with full-width digits), its worked
examples (the golden cases, run by the worker and by CPython alike) and its form, filled
from an imported roster. The real site/ never contains it.

The test site is built once per run (scripts/build.py --extra-policies): it reuses the
real build's compiled standard library and vendored wheels, so it costs one wheel
compile, one memory snapshot and one MkDocs run."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculator import InputError, assess
from calculator.assessment.golden import compare_result
from calculator.forms.idcard import check_char
from calculator.policy.folders import EXTRA_ROOTS
from sitebuild.cases import case_files

from .selfcheck_ui import add_activity, bar, box, choose_notice, open_calculator, result, section
from .servers import ROOT, python_server

FIXTURES = ROOT / "tests" / "fixtures" / "policies"
FIXTURE = "shili-fixture-2023"
SITE = ROOT / "build" / "fixture-site"
WORK = ROOT / "build" / "fixture"
CASES = [p for p in case_files(ROOT / "tests" / "cases", [FIXTURE]) if FIXTURE in p.parts]


@pytest.fixture(scope="module")
def fixture_url():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--extra-policies", str(FIXTURES),
                           "--site", str(SITE), "--work", str(WORK)], capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"the fixture site did not build:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    with python_server(SITE) as url:
        yield url


def test_the_real_site_has_no_fixture(site_dir):
    assert not (site_dir / "policies" / FIXTURE).exists()
    assert FIXTURE not in (site_dir / "calculator" / "index.html").read_text(encoding="utf-8")


def test_its_notice_page(page, fixture_url):
    page.goto(f"{fixture_url}policies/{FIXTURE}/")
    expect(page.locator("h1")).to_contain_text("【测试数据】示例市")
    for anchor in ("s1-requirement", "s2-pro-rating", "s3-2-lectures", "table-register"):
        expect(page.locator(f"#{anchor}")).to_be_attached()
    glance = page.locator(".glance")
    expect(glance).to_contain_text("不少于 72 学时")
    expect(glance).to_contain_text("每场 8 学时")
    link = glance.locator(f'a[href="#s3-2-lectures"]').first
    expect(link).to_have_text("三（二）")
    nav = page.locator("nav.md-nav--primary")
    expect(nav).to_contain_text("示例市（虚构） 2023 年通知")


def test_its_self_check_reads_what_a_person_types(page, fixture_url):
    open_calculator(page, fixture_url)
    choose_notice(page, FIXTURE)
    lectures = add_activity(page, FIXTURE, "市级专业讲座")
    box(lectures, "讲座场数").fill("６")                     # typed with a Chinese input method
    online = add_activity(page, FIXTURE, "已认定学时")
    online.get_by_label("公需科目").check()
    box(online, "认定学时").fill("２４")
    expect(result(page).locator(".calc-verdict")).to_contain_text("2023 年度：已达到要求")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("72")

    box(lectures, "讲座场数").fill("2")
    suggestions = result(page).locator(".calc-suggestions")
    expect(suggestions).to_contain_text("4 场市级专业讲座")
    expect(suggestions.locator(f'a[href="../policies/{FIXTURE}/#s3-2-lectures"]')).to_have_text("三（二）")

    box(lectures, "讲座场数").fill("两场")
    expect(lectures.locator('.calc-error[data-for="count"]')).to_have_text("'两场' 不是不小于 0 的整数")

    box(lectures, "讲座场数").fill("3")
    fixture = section(page, FIXTURE)
    fixture.get_by_label("因病连续休假超过3个月，按实际在岗时间折算应完成学时").check()
    fixture.get_by_label("年度内因病连续休假超过3个月").check()          # one reason: a radio button
    fixture.get_by_role("textbox", name="本年度实际在岗月数").fill("6")
    expect(bar(page, "总学时")).to_contain_text("应完成 36 学时")
    expect(result(page).locator(".calc-verdict")).to_contain_text("已达到要求")


@pytest.fixture(scope="module")
def browser_answers(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "calculator/")
    page.evaluate("window.calculator.ready")
    requests = []
    for path in CASES:
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        requests.append({"name": path.name, "input": case["input"]})
    answers = page.evaluate("""async (requests) => {
        const out = {};
        for (const {name, input} of requests) {
            try { out[name] = {ok: true, result: await window.calculator.assess(input)}; }
            catch (error) { out[name] = {ok: false, field: error.field}; }
        }
        return out;
    }""", requests)
    page.close()
    return answers


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_its_golden_cases_in_the_browser(path, browser_answers, monkeypatch):
    monkeypatch.setenv(EXTRA_ROOTS, str(FIXTURES))
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    browser = browser_answers[path.name]
    try:
        cpython = {"ok": True, "result": json.loads(json.dumps(assess(case["input"])))}
    except InputError as error:
        cpython = {"ok": False, "field": error.field}
    assert browser == cpython
    if browser["ok"]:
        assert compare_result(case["expected"], browser["result"]) == []
    else:
        assert browser["field"] == case["error"]["field"]


def test_its_worked_examples(page, fixture_url):
    page.goto(fixture_url + "calculator/examples/")
    example = page.locator(".calc-example").filter(has_text=f"tests/cases/{FIXTURE}/basic-pass.toml")
    expect(example.locator(".calc-badge")).to_have_text("达到要求")
    with page.expect_navigation():
        example.get_by_role("link", name="在学时自查中打开").click()
    page.evaluate("window.calculator.ready")
    expect(page.get_by_label("适用通知")).to_have_value(FIXTURE)
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("72")


def ids(count: int) -> list[str]:
    out = []
    for i in range(count):
        base = f"110105{1975 + i}0{1 + i}1{i}{200 + i:03d}"
        out.append(base + check_char(base))
    return out


def test_its_form_fills_from_an_imported_roster(page, fixture_url):
    page.goto(fixture_url + "forms/")
    page.evaluate("window.calculator.ready")
    block = page.locator(f'.forms-form[data-policy="{FIXTURE}"][data-form="register"]')
    expect(block.locator("[data-role=paper]")).to_contain_text("学时登记表")        # blank, from the build
    a, b, c = ids(3)
    roster = (f"姓名,身份证号,公需科目学时,专业科目学时\n王五,{a},24,48\n赵六,{b},１２,３０\n"
              f"钱七,{c[:17]}{'0' if c[17] != '0' else '1'},24,48\n")
    editor = page.locator(f'.forms-editor[data-editor="roster"][data-policy="{FIXTURE}"]')
    editor.locator("[data-role=file]").set_input_files(
        files=[{"name": "登记.csv", "mimeType": "text/csv", "buffer": roster.encode("utf-8")}])
    expect(editor.locator("[data-role=import]")).to_contain_text("导入 2 人")
    expect(editor.locator("[data-role=import]")).to_contain_text("第 4 行身份证号校验位不符")
    expect(block.locator("[data-role=state]")).to_have_text("已填写")
    paper = block.locator("[data-role=paper]")
    expect(paper).to_contain_text("王五")
    expect(paper).to_contain_text("72")
    expect(paper).to_contain_text("42")
    with page.expect_download() as info:
        block.locator("[data-action=csv]").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert rows == [["序号", "姓名", "身份证号", "公需科目学时", "专业科目学时", "合计"],
                    ["1", "王五", f'="{a}"', "24", "48", "72"], ["2", "赵六", f'="{b}"', "12", "30", "42"]]
