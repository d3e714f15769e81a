"""Accessibility of the self-check, and of Material's search dialog on each kind of page:
axe-core (node_modules/axe-core, pinned in package.json) finds no serious or critical
problem in the states a person sees, over the whole document (Material's chrome included),
everything works from the keyboard with a visible focus, and the page fits a
375 px phone without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .servers import ROOT
from .selfcheck_ui import (HENAN, HUNAN, SCREENSHOTS, add_activity, bar, box, choose_notice,
                           fill_hunan_year, open_calculator, pro_rate, result, section)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_problems(page: Page) -> list[str]:
    """Serious and critical axe-core violations, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the page's Content-Security-Policy refuses
        # inline scripts it has no hash for; what page.evaluate runs is outside it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    # Check the state a person sees, not a frame of a transition: Material fades the
    # header tabs out as the page scrolls, and half-faded text fails contrast.
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    # The whole document, Material's header, search dialog and footer included.
    found = page.evaluate("""async () => (await axe.run(document,
        {resultTypes: ['violations']})).violations""")
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']}: {node['failureSummary']}"
            for v in found if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def assert_accessible(page: Page) -> None:
    problems = axe_problems(page)
    assert not problems, f"{len(problems)} serious or critical axe-core findings:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def _axe_installed():
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")


def test_axe_single_year_with_results_and_an_error(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    award = add_activity(page, HUNAN, "获地厅级科技（社科）奖项")
    box(award, "完成人排名").fill("x")
    expect(award.locator(".calc-error").first).not_to_be_empty()
    award.locator("details summary").click()          # the optional name and date, opened
    page.get_by_role("button", name="复制分享链接").click()
    assert_accessible(page)


def test_axe_henan_circumstances(page, base_url):
    open_calculator(page, base_url)
    pro_rate(page, "生育", "7")
    online = add_activity(page, HENAN, "已认定学时")
    online.get_by_label("专业科目").check()
    box(online, "认定学时").fill("40")
    expect(result(page).locator(".calc-prorated")).to_be_visible()
    add_activity(page, HENAN, "援派及基层服务满一年")
    expect(result(page).locator(".calc-stale")).to_be_visible()
    assert_accessible(page)


def test_axe_senior_title_years(page, base_url):
    open_calculator(page, base_url)
    hunan = choose_notice(page, HUNAN)
    hunan.get_by_label(re.compile("高级职称")).check()
    training = add_activity(page, HUNAN, "参加培训、会议", sheet="2018")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("9")
    expect(result(page).locator(".calc-year")).to_have_count(5)
    hunan.get_by_role("button", name="添加跨年度外派").click()
    expect(result(page).locator(".calc-stale")).to_be_visible()
    assert_accessible(page)


def test_axe_confirmation_dialog(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    page.get_by_role("button", name="清空", exact=True).click()
    expect(page.get_by_role("dialog", name="清空全部填写")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="清空全部填写")).to_have_count(0)
    expect(section(page, HUNAN).locator(".calc-activity")).to_have_count(4)


def test_axe_examples_page(page, base_url):
    page.goto(base_url + "calculator/examples/")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["", "policies/hunan-2023/", "policies/compare/", "forms/"])
def test_axe_search_dialog_with_results(page, base_url, path):
    """Material's search overlay, open with results, has a name and passes like the page."""
    page.goto(base_url + path)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("病假")
    box.press("End")  # the search listens for keyup
    page.locator("li.md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    expect(page.get_by_role("dialog", name="搜索")).to_be_attached()
    assert_accessible(page)


# ---- keyboard -------------------------------------------------------------------------------


def focus_is_visible(page: Page) -> bool:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")


def test_keyboard_only(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    # From the notice list, Tab reaches the notice link, the mode switch, the year and the "add" control.
    page.get_by_label("适用通知").focus()
    page.keyboard.press("Tab")
    expect(section(page, HUNAN).get_by_role("link", name="阅读通知原文")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("单个年度")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    expect(section(page, HUNAN).get_by_label("评估年度")).to_be_focused()
    page.keyboard.press("Tab")
    kind = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"]').get_by_label("添加活动")
    expect(kind).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    add = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"]').get_by_role("button", name="添加", exact=True)
    expect(add).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    entry = section(page, HUNAN).locator(".calc-activity").first
    # The new entry takes the focus: its first choice; arrows pick, Tab moves on.
    expect(entry.get_by_label("公需科目")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(entry.get_by_label("专业科目")).to_be_checked()
    # Then what the activity was (optional: it narrows the evidence listed), then the days.
    page.keyboard.press("Tab")
    expect(entry.get_by_label("活动形式")).to_be_focused()
    page.keyboard.press("Tab")
    expect(box(entry, "天数")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("50")
    # Delete with the keyboard: the focus goes back to the add control.
    entry.get_by_role("button", name=re.compile("删除")).focus()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(section(page, HUNAN).locator(".calc-activity")).to_have_count(0)
    expect(kind).to_be_focused()


def test_year_tabs_follow_the_arrow_keys(page, base_url):
    open_calculator(page, base_url)
    hunan = choose_notice(page, HUNAN)
    hunan.get_by_label(re.compile("高级职称")).check()
    first = hunan.get_by_role("tab", name="2018")
    first.focus()
    page.keyboard.press("ArrowRight")
    expect(hunan.get_by_role("tab", name="2019")).to_be_focused()
    expect(hunan.get_by_role("tab", name="2019")).to_have_attribute("aria-selected", "true")
    expect(hunan.get_by_role("tabpanel")).to_have_attribute("id", re.compile("2019$"))
    page.keyboard.press("End")
    expect(hunan.get_by_role("tab", name="2022")).to_be_focused()
    page.keyboard.press("Home")
    expect(first).to_be_focused()


# ---- phones ---------------------------------------------------------------------------------


def test_fits_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    open_calculator(page, base_url)
    fill_hunan_year(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    hunan = section(page, HUNAN)
    hunan.get_by_label(re.compile("高级职称")).check()
    training = add_activity(page, HUNAN, "参加培训、会议", sheet="2018")
    training.get_by_label("专业科目").check()
    expect(result(page).locator(".calc-year")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Touch targets of the entry controls are at least 24 px high.
    for control in (training.get_by_label("专业科目"), training.get_by_role("button", name=re.compile("删除"))):
        assert control.evaluate("el => (el.closest('label') || el).getBoundingClientRect().height") >= 24
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-375.png"), full_page=True)
