"""Nothing the person entered is lost (issue 13, item 6): an import that keeps nobody
leaves the roster alone, a replacing import asks first and can be undone, a shared link
replaces only the answers of its own notice and asks first, a failed save is said, and a
file too large is refused with a clear message before it is read."""

from __future__ import annotations

import base64
import json

from playwright.sync_api import expect

from .selfcheck_ui import HENAN, HUNAN, open_calculator
from .test_forms import LY, ROSTER_CSV, block, editor, ids

BAD_ONLY = "序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时\n1,,男,药学,123,30,60\n2,无号,女,药学,,30,60\n"
OTHER = ids(50)[45:]
SMALL_CSV = ("序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时\n"
             + "".join(f"{i},新人{i},,护理,{n},30,60\n" for i, n in enumerate(OTHER, 1)))


def upload(page, name: str, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    editor(page, "roster", LY).locator("[data-role=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def summary(page):
    return editor(page, "roster", LY).locator("[data-role=import]")


def opened(page, base_url):
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    expect(page.locator(".forms-status")).to_contain_text("已就绪")
    upload(page, "名单.csv", ROSTER_CSV)
    expect(summary(page)).to_contain_text("导入 45 人")
    return page


def test_an_import_that_keeps_nobody_leaves_the_roster(page, base_url):
    opened(page, base_url)
    upload(page, "坏名单.csv", BAD_ONLY)
    expect(summary(page)).to_contain_text("“坏名单.csv”中没有可导入的人员")
    expect(summary(page)).to_contain_text("原名单“名单.csv”的 45 人未改动")
    expect(summary(page)).to_contain_text("2 行有问题")
    expect(block(page, LY, "grade_sheet").locator("[data-role=paper]")).to_contain_text("人员45")


def test_a_replacing_import_asks_first_and_can_be_undone(page, base_url):
    opened(page, base_url)
    upload(page, "新名单.csv", SMALL_CSV)
    dialog = page.get_by_role("dialog", name="用新文件替换名单？")
    expect(dialog).to_contain_text("当前名单“名单.csv”有 45 人")
    dialog.get_by_role("button", name="保留当前名单").click()
    expect(summary(page)).to_contain_text("导入 45 人")

    upload(page, "新名单.csv", SMALL_CSV)
    page.get_by_role("dialog", name="用新文件替换名单？").get_by_role("button", name="替换名单").click()
    expect(summary(page)).to_contain_text("导入 5 人")
    paper = block(page, LY, "grade_sheet").locator("[data-role=paper]")
    expect(paper).to_contain_text("新人5")

    summary(page).get_by_role("button", name="撤销导入，恢复“名单.csv”").click()
    expect(summary(page)).to_contain_text("导入 45 人")
    expect(paper).to_contain_text("人员45")
    expect(paper).not_to_contain_text("新人5")


def test_a_file_too_large_is_refused_before_it_is_read(page, base_url):
    opened(page, base_url)
    upload(page, "大文件.csv", b"x" * (6 * 1024 * 1024))
    expect(summary(page)).to_contain_text("超过名单文件的上限 5 MB")
    expect(summary(page)).to_contain_text("原名单“名单.csv”的 45 人未改动")


def link(policy: str, drafts: dict) -> str:
    payload = json.dumps({"v": 1, "policy": policy, "drafts": drafts}, ensure_ascii=False).encode("utf-8")
    return "#s=" + base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def test_a_shared_link_replaces_only_its_own_notice_after_asking(page, base_url):
    mine = {HENAN: {"mode": "year", "year": "2023", "activities": [
                {"kind": "certified_hours", "category": "public", "hours": "30"}]},
            HUNAN: {"mode": "year", "year": "2023", "activities": [
                {"kind": "paper", "role": "first_author", "count": "1"}]}}
    open_calculator(page, base_url)
    page.evaluate("s => localStorage.setItem('jxjy.selfcheck.v1', s)",
                  json.dumps({"v": 1, "policy": HENAN, "drafts": mine}, ensure_ascii=False))
    # A hand-made link that also carries a draft of the other notice.
    theirs = {HUNAN: {"mode": "year", "year": "2023", "activities": [
                  {"kind": "certified_hours", "category": "professional", "hours": "90"}]},
              HENAN: {"mode": "year", "year": "2023", "activities": []}}
    page.goto(base_url + "calculator/" + link(HUNAN, theirs))
    dialog = page.get_by_role("dialog", name="打开分享的自查内容？")
    dialog.get_by_role("button", name="打开链接中的内容").click()
    expect(page.get_by_label("适用通知")).to_have_value(HUNAN)
    saved = json.loads(page.evaluate("localStorage.getItem('jxjy.selfcheck.v1')"))
    assert saved["drafts"][HUNAN]["activities"][0]["hours"] == "90"
    # The other notice untouched (the page writes its drafts back with every box, empty or not).
    henan = saved["drafts"][HENAN]["activities"]
    assert [(a["kind"], a["hours"]) for a in henan] == [("certified_hours", "30")]


def test_a_failed_save_is_said(page, base_url):
    open_calculator(page, base_url)
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; }""")
    page.get_by_label("适用通知").select_option(HUNAN)
    notice = page.locator(".save-failure")
    expect(notice).to_contain_text("刚才填写的内容没有保存：浏览器的存储空间已满")
    expect(notice).to_have_attribute("role", "alert")
    page.get_by_label("适用通知").select_option(HENAN)
    expect(notice).to_have_count(1)                       # said once, not at every keystroke


def test_an_xlsx_roster_with_merged_cells_imports_in_the_page(page, base_url, requests_log):
    """Read with the standard library in the worker: no optional package is fetched, a
    value merged over rows belongs to each, and an uncached formula is named by cell."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别", "专业", "身份证号码", "公需科目学时", "专业科目学时"])
    for i, number in enumerate(OTHER[:3], 1):
        sheet.append([i, f"新人{i}", None, "护理" if i == 1 else None, number, 30, 60])
    sheet.append([4, "公式", None, "护理", OTHER[3], "=10+20", 60])
    sheet.merge_cells("D2:D4")
    out = io.BytesIO()
    book.save(out)
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    editor(page, "roster", LY).locator("[data-role=file]").set_input_files(files=[{
        "name": "名单.xlsx", "buffer": out.getvalue(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    expect(summary(page)).to_contain_text("导入 3 人")
    expect(summary(page)).to_contain_text("F5 是公式")
    rows = block(page, LY, "grade_sheet").locator("[data-role=paper] tbody tr")
    expect(rows.filter(has_text="新人3")).to_contain_text("护理")
    # The module that loads it on demand comes with the page; the package itself does not.
    assert not [url for url in requests_log if "/openpyxl-" in url or "et_xmlfile" in url]
