"""How a person uses the self-check page, as steps the browser tests share."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from .waiting import wait_for

HUNAN = "hunan-2023"
HENAN = "henan-luoyang-2023"
SCREENSHOTS = Path("/tmp/selfcheck-screenshots")


# ---- how a person uses the page --------------------------------------------------


def open_calculator(page: Page, base_url: str, fragment: str = "") -> Page:
    page.goto(base_url + "calculator/" + fragment)
    page.evaluate("window.calculator.ready")
    # Material's header and navigation start once the calculator has settled; wait for
    # them too, so every check sees the page as a person does a moment later. On a phone
    # they wait for the reader to reach for them (web/assets/js/page-chrome.js): there the
    # page a person sees is the settled one without them.
    wait_for(page, "performance.getEntriesByName('page-chrome:ready').length > 0 || "
                   "(!matchMedia('(min-width: 60em)').matches && "
                   "performance.getEntriesByName('calculator:settled').length > 0)")
    return page


def section(page: Page, policy: str) -> Locator:
    return page.locator(f'.calc-policy[data-policy="{policy}"]')


def choose_notice(page: Page, policy: str) -> Locator:
    page.get_by_label("适用通知").select_option(policy)
    return section(page, policy)


def add_activity(page: Page, policy: str, label: str, sheet: str = "year") -> Locator:
    """Pick the kind in the "添加活动" list of a sheet and press 添加; the new entry."""
    panel = section(page, policy).locator(f'.calc-sheet[data-sheet="{sheet}"]')
    entries = panel.locator(".calc-activity")
    index = entries.count()
    panel.get_by_label("添加活动").select_option(label=label)
    panel.get_by_role("button", name="添加", exact=True).click()
    expect(entries).to_have_count(index + 1)
    return entries.nth(index)


def box(entry: Locator, name: str) -> Locator:
    return entry.get_by_role("textbox", name=name, exact=True)


def result(page: Page) -> Locator:
    return page.locator(".calc-result")


def details(page: Page) -> Locator:
    return page.locator(".calc-details")


CATEGORY = {"总学时": "total", "公需科目": "public", "专业科目": "professional"}


def bar(page: Page, category: str) -> Locator:
    return result(page).locator(f'.calc-bar[data-category="{CATEGORY[category]}"]')


def pro_rate(page: Page, reason: str, months: str) -> Locator:
    """Tick the Henan pro-rating box, choose the reason and type the months on post."""
    henan = choose_notice(page, HENAN)
    henan.get_by_label("按实际在岗时间折算").check()
    henan.get_by_label("折算原因").select_option(label=reason)
    months_box = henan.get_by_role("textbox", name="本年度实际在岗月数")
    months_box.fill(months)
    return months_box


def fill_hunan_year(page: Page) -> None:
    """A Hunan year of several kinds: 34 + 30 + 40 professional, 12.5 public."""
    choose_notice(page, HUNAN)
    training = add_activity(page, HUNAN, "参加培训、会议")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("3")
    box(training, "半天数").fill("1")
    paper = add_activity(page, HUNAN, "发表论文")
    paper.get_by_label("独立或第一作者").check()
    box(paper, "篇数").fill("1")
    online = add_activity(page, HUNAN, "已认定学时")
    online.get_by_label("公需科目").check()
    box(online, "认定学时").fill("12.5")
    exam = add_activity(page, HUNAN, "计算机应用能力考试")
    box(exam, "合格模块数").fill("2")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("116.5")
