"""The self-check page driven as a person would: choosing a notice, adding and
filling activities with clicks and typing, reading the results, fixing a
mistake, reloading, sharing, printing. No test here calls the JS API to enter
answers; only the platform's readiness promise is awaited."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from .selfcheck_ui import (HENAN, HUNAN, SCREENSHOTS, add_activity, bar, box, choose_notice, details,
                           fill_hunan_year, open_calculator, pro_rate, result, section)


# ---- a Hunan year ----------------------------------------------------------------------


def test_hunan_year_with_several_kinds(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)

    expect(result(page).locator(".calc-verdict")).to_contain_text("2023 年度：已达到要求")
    expect(bar(page, "专业科目").locator(".calc-bar-earned")).to_have_text("104")
    expect(bar(page, "专业科目")).to_contain_text("应完成 60 学时")
    expect(bar(page, "公需科目")).to_contain_text("不设最低要求")
    for check in ("total-hours", "professional-hours"):
        expect(result(page).locator(f'[data-check="{check}"]')).to_have_class(re.compile("is-pass"))

    # Each entry shows what it earned, and the working table cites the clause of every figure.
    entries = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity-hours')
    expect(entries).to_have_text(["34 学时", "30 学时", "12.5 学时", "40 学时"])
    rows = details(page).locator("table.calc-trace tbody tr")
    expect(rows).to_have_count(4)
    figures = rows.locator('td[data-label="学时"] a')
    expect(figures).to_have_text(["34", "30", "12.5", "40"])
    hrefs = [figures.nth(i).get_attribute("href") for i in range(4)]
    assert hrefs == [f"../policies/{HUNAN}/#{a}" for a in
                     ("conversion-1", "conversion-3", "s4-1-unit-training", "conversion-6")]
    expect(rows.first).to_contain_text("3 天 × 10 + 1 个半天 × 4 = 34 学时")

    # Evidence to keep (附件一) for each entry, and the site's interpretations, marked as such.
    expect(details(page).locator(".calc-evidence")).to_contain_text("结业证书")
    expect(details(page).locator(".calc-evidence")).to_contain_text("合格证书")
    expect(details(page).locator(".calc-interpretations .calc-tag--site").first).to_have_text("本站解释")

    # A figure's link lands on that clause of the notice.
    figures.first.click()
    expect(page).to_have_url(re.compile(rf"/policies/{HUNAN}/#conversion-1$"))
    expect(page.locator("#conversion-1")).to_be_visible()


def test_hunan_shortfall_names_what_to_do(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    training = add_activity(page, HUNAN, "参加培训、会议")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("3")
    expect(result(page).locator(".calc-verdict")).to_contain_text("尚未达到要求")
    expect(bar(page, "总学时")).to_contain_text("还差 60 学时")
    expect(bar(page, "专业科目")).to_contain_text("还差 30 学时")
    suggestions = result(page).locator(".calc-suggestions")
    expect(suggestions).to_contain_text("3 天专业科目培训")
    expect(suggestions.locator("a").first).to_have_attribute("href", f"../policies/{HUNAN}/#conversion-1")
    expect(result(page).locator('[data-check="total-hours"]')).to_have_class(re.compile("is-fail"))
    expect(result(page).locator('[data-check="public-courses-taken"]')).to_have_class(re.compile("is-advice"))


# ---- a Henan pro-rated year ---------------------------------------------------------------


def test_henan_pro_rated_year(page, base_url):
    open_calculator(page, base_url)
    pro_rate(page, "年度内因病假超过6个月", "5")
    online = add_activity(page, HENAN, "已认定学时")
    online.get_by_label("公需科目").check()
    box(online, "认定学时").fill("10")
    offset = add_activity(page, HENAN, "“河南干部网络学院”学时抵扣")
    box(offset, "网络学院完成学时").fill("20")
    offset.locator('.calc-field[data-name="public_institution_staff"]').get_by_label("是").check()
    grade = add_activity(page, HENAN, "已认定学时")
    grade.get_by_label("专业科目").check()
    box(grade, "认定学时").fill("26")

    expect(result(page).locator(".calc-verdict")).to_contain_text("已达到要求")
    expect(bar(page, "总学时")).to_contain_text("应完成 38 学时")
    expect(bar(page, "公需科目")).to_contain_text("应完成 13 学时")
    expect(bar(page, "专业科目")).to_contain_text("应完成 25 学时")
    prorated = result(page).locator(".calc-prorated")
    expect(prorated).to_contain_text("总学时 90 × 5 ÷ 12 = 37.5，向上取整为 38")
    expect(prorated.locator("a")).to_have_attribute("href", f"../policies/{HENAN}/#s2-3-pro-rating-2")
    # The offset is capped at the pro-rated public requirement.
    expect(details(page).locator("table.calc-trace tbody tr").nth(1)).to_contain_text("13")


# ---- errors inline, nothing lost ------------------------------------------------------------


def test_invalid_value_shown_inline_with_other_entries_intact(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    training = add_activity(page, HUNAN, "参加培训、会议")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("9")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("90")

    award = add_activity(page, HUNAN, "获地厅级科技（社科）奖项")
    rank = box(award, "完成人排名")
    rank.fill("第三")
    error = award.locator('.calc-error[data-for="rank"]')
    expect(error).to_have_text("'第三' 不是不小于 1 的整数")
    expect(rank).to_have_attribute("aria-invalid", "true")
    expect(rank).to_have_value("第三")
    expect(box(training, "天数")).to_have_value("9")
    expect(training.get_by_label("专业科目")).to_be_checked()
    # The results say which box to fix, and keep showing the last answer, dimmed.
    stale = result(page).locator(".calc-stale")
    expect(stale).to_contain_text("第 2 项（获地厅级科技（社科）奖项） · 完成人排名")
    expect(result(page).locator(".calc-report")).to_contain_text("90")
    training.get_by_role("button", name=re.compile("删除")).focus()
    stale.get_by_role("button", name="转到该处").click()
    expect(rank).to_be_focused()

    rank.fill("3")
    expect(error).to_be_empty()
    expect(rank).not_to_have_attribute("aria-invalid", "true")
    expect(stale).to_have_count(0)
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("150")


def test_circumstances_error_is_shown_at_the_months_box(page, base_url):
    open_calculator(page, base_url)
    months = pro_rate(page, "年度内在境外工作超过6个月", "8")
    henan = section(page, HENAN)
    expect(henan.locator('.calc-circumstances .calc-error[data-for="on_post_months"]')).to_contain_text("必须少于 6 个月")
    expect(months).to_have_attribute("aria-invalid", "true")
    expect(result(page).locator(".calc-stale")).to_contain_text("特殊情况 · 本年度实际在岗月数")
    months.fill("4")
    expect(bar(page, "总学时")).to_contain_text("应完成 30 学时")


def test_date_outside_the_year_opens_the_optional_fields(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    training = add_activity(page, HUNAN, "参加培训、会议")
    training.get_by_label("公需科目").check()
    training.get_by_text("名称、日期（选填）").click()
    box(training, "名称（选填）").fill("数字经济专题班")
    training.get_by_label("日期").fill("2022-12-30")
    training.get_by_text("名称、日期（选填）").click()       # folded away again
    expect(training.locator('.calc-error[data-for="date"]')).to_contain_text("不在评估年度 2023 年内")
    expect(training.locator("details")).to_have_attribute("open", "")
    training.get_by_label("日期").fill("2023-03-01")
    box(training, "天数").fill("2")
    expect(details(page).locator("table.calc-trace")).to_contain_text("数字经济专题班")


def test_new_entry_asks_gently_for_what_it_needs(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    training = add_activity(page, HUNAN, "参加培训、会议")
    hint = training.locator('.calc-error[data-for="category"]')
    expect(hint).to_have_text("必须填写科目类别")
    expect(hint).to_have_class(re.compile("is-hint"))
    training.get_by_label("公需科目").check()
    expect(hint).to_be_empty()


def test_removing_an_entry_keeps_the_others(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    entries = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    entries.nth(1).get_by_role("button", name="删除第 2 项：发表论文").click()
    expect(entries).to_have_count(3)
    expect(entries.locator(".calc-activity-title")).to_have_text(["参加培训、会议", "已认定学时", "计算机应用能力考试"])
    expect(box(entries.nth(1), "认定学时")).to_have_value("12.5")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("86.5")
    # The keyboard stays where the person was.
    expect(entries.nth(1).get_by_role("button", name=re.compile("删除第 2 项"))).to_be_focused()


def test_switching_notice_keeps_what_was_typed(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    henan = choose_notice(page, HENAN)
    online = add_activity(page, HENAN, "已认定学时")
    box(online, "认定学时").fill("7")
    choose_notice(page, HUNAN)
    expect(section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')).to_have_count(4)
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("116.5")
    choose_notice(page, HENAN)
    expect(box(henan.locator(".calc-activity").first, "认定学时")).to_have_value("7")


# ---- keeping answers --------------------------------------------------------------------------


def test_reload_restores_everything_typed(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    award = add_activity(page, HUNAN, "获地厅级科技（社科）奖项")
    box(award, "完成人排名").fill("abc")
    expect(award.locator('.calc-error[data-for="rank"]')).not_to_be_empty()

    open_calculator(page, base_url)
    expect(page.get_by_label("适用通知")).to_have_value(HUNAN)
    entries = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    expect(entries).to_have_count(5)
    expect(box(entries.first, "天数")).to_have_value("3")
    expect(entries.first.get_by_label("专业科目")).to_be_checked()
    expect(box(entries.nth(2), "认定学时")).to_have_value("12.5")
    # The invalid value comes back as it was typed, with its message.
    expect(box(entries.nth(4), "完成人排名")).to_have_value("abc")
    expect(entries.nth(4).locator('.calc-error[data-for="rank"]')).not_to_be_empty()
    box(entries.nth(4), "完成人排名").fill("6")
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("146.5")


def test_two_tabs_keep_each_others_answers(page, base_url):
    """Both tabs show the one saved copy: what is typed in one appears in the other,
    and the other's next edit builds on it instead of writing an older copy over it."""
    open_calculator(page, base_url)
    other = open_calculator(page.context.new_page(), base_url)
    choose_notice(page, HUNAN)
    paper = add_activity(page, HUNAN, "发表论文")
    paper.get_by_label("独立或第一作者").check()
    box(paper, "篇数").fill("1")

    there = section(other, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    expect(other.get_by_label("适用通知")).to_have_value(HUNAN)
    expect(there).to_have_count(1)
    expect(box(there.first, "篇数")).to_have_value("1")
    exam = add_activity(other, HUNAN, "计算机应用能力考试")
    box(exam, "合格模块数").fill("2")
    expect(bar(other, "总学时").locator(".calc-bar-earned")).to_have_text("70")

    here = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    expect(here).to_have_count(2)
    open_calculator(page, base_url)
    expect(here).to_have_count(2)
    expect(box(here.first, "篇数")).to_have_value("1")
    expect(box(here.nth(1), "合格模块数")).to_have_value("2")
    other.close()


def share_link(page: Page) -> str:
    page.get_by_role("button", name="复制分享链接").click()
    url = page.get_by_label(re.compile("分享链接")).input_value()
    assert re.search(r"/calculator/#s=[A-Za-z0-9_-]+$", url), url
    return url


def test_share_url_restores_in_a_fresh_browser(page, base_url, browser, browser_context_args):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    url = share_link(page)

    fresh = browser.new_context(**browser_context_args)
    try:
        other = fresh.new_page()
        other.goto(url)
        other.evaluate("window.calculator.ready")
        expect(other.get_by_label("适用通知")).to_have_value(HUNAN)
        entries = section(other, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
        expect(entries).to_have_count(4)
        expect(box(entries.nth(2), "认定学时")).to_have_value("12.5")
        expect(bar(other, "总学时").locator(".calc-bar-earned")).to_have_text("116.5")
        # The answers were in the fragment only, and are now saved in that browser.
        expect(other).to_have_url(re.compile(r"/calculator/$"))
        saved = json.loads(other.evaluate("localStorage.getItem('jxjy.selfcheck.v1')"))
        assert saved["policy"] == HUNAN and len(saved["drafts"][HUNAN]["activities"]) == 4
    finally:
        fresh.close()


def test_share_url_does_not_overwrite_saved_answers_without_asking(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    url = share_link(page)
    # Change the saved answers, then open the older link in the same browser.
    entries = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    entries.first.get_by_role("button", name=re.compile("删除")).click()
    expect(entries).to_have_count(3)

    page.goto(url)
    dialog = page.get_by_role("dialog", name="打开分享的自查内容？")
    expect(dialog).to_contain_text("已保存了您之前填写的内容")
    dialog.get_by_role("button", name="保留我的内容").click()
    expect(entries).to_have_count(3)

    page.goto(url)
    page.get_by_role("dialog", name="打开分享的自查内容？").get_by_role("button", name="打开链接中的内容").click()
    expect(entries).to_have_count(4)


def test_export_clear_and_import(page, base_url, tmp_path):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出文件").click()
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert exported["format"] == "jxjy-selfcheck" and exported["policy"] == HUNAN

    clear = page.get_by_role("button", name="清空", exact=True)
    clear.click()
    dialog = page.get_by_role("dialog", name="清空全部填写")
    expect(dialog).to_contain_text("无法恢复")
    dialog.get_by_role("button", name="取消").click()
    entries = section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')
    expect(entries).to_have_count(4)
    clear.click()
    page.get_by_role("dialog", name="清空全部填写").get_by_role("button", name="清空").click()
    expect(entries).to_have_count(0)
    assert page.evaluate("localStorage.getItem('jxjy.selfcheck.v1')") is not None  # the empty form

    page.locator('input[data-action="import"]').set_input_files(str(file))
    expect(entries).to_have_count(4)
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("116.5")


# ---- the printed report ------------------------------------------------------------------------


def test_printed_report(page, base_url):
    open_calculator(page, base_url)
    fill_hunan_year(page)
    page.emulate_media(media="print")
    head = page.locator(".calc-report-head")
    expect(head).to_be_visible()
    expect(head).to_contain_text("继续教育学时自查报告")
    expect(head).to_contain_text("湘人社办函〔2023〕23号")
    expect(head).to_contain_text(re.compile(r"评估年度：2023 年 · 自查日期：\d{4} 年 \d+ 月 \d+ 日"))
    expect(page.locator(".calc-form")).to_be_hidden()
    expect(page.locator(".calc-toolbar")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(details(page).locator("table.calc-trace")).to_be_visible()
    expect(details(page).locator(".calc-evidence")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "report-print.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


# ---- Hunan senior-title check: five years side by side --------------------------------------------


def test_senior_title_years_side_by_side(page, base_url):
    open_calculator(page, base_url)
    hunan = choose_notice(page, HUNAN)
    hunan.get_by_label(re.compile("高级职称")).check()
    expect(hunan.get_by_label("评估年度")).to_be_hidden()
    for year in (2018, 2020, 2021):
        hunan.get_by_role("tab", name=str(year)).click()
        training = add_activity(page, HUNAN, "参加培训、会议", sheet=str(year))
        training.get_by_label("专业科目").check()
        box(training, "天数").fill("7")
        online = add_activity(page, HUNAN, "已认定学时", sheet=str(year))
        online.get_by_label("公需科目").check()
        box(online, "认定学时").fill("24")
    hunan.get_by_role("tab", name="2019").click()
    hunan.locator('.calc-sheet[data-sheet="2019"]').get_by_label(re.compile("已开具")).check()
    hunan.get_by_role("tab", name="2022").click()
    paper = add_activity(page, HUNAN, "发表论文", sheet="2022")
    paper.get_by_label("独立或第一作者").check()
    box(paper, "篇数").fill("2")

    years = result(page).locator(".calc-year")
    expect(years).to_have_count(5)
    expect(years.locator(".calc-year-title")).to_have_text(["2018 年", "2019 年", "2020 年", "2021 年", "2022 年"])
    expect(years.locator(".calc-year-state")).to_have_text(
        ["✓ 达到要求", "✓ 已开具认定单", "✓ 达到要求", "✓ 达到要求", "✗ 未达到"])
    expect(years.nth(0)).to_contain_text("参加培训、会议")
    expect(years.nth(4)).to_contain_text("60 / 90")
    expect(result(page).locator(".calc-verdict")).to_contain_text("2022 年未达到要求")
    expect(hunan.get_by_role("tab", name=re.compile("2022"))).to_contain_text("✗")
    expect(details(page).locator(".calc-year-details[open]")).to_contain_text("还差 30 学时")

    # A cross-year aid posting of 12 months, six in each year, completes the year it ends,
    # 2022 (conversion-7 and the site's ruling); the assessment result is a yes/no answer.
    hunan.get_by_role("button", name="添加跨年度外派").click()
    posting = hunan.locator(".calc-posting").first
    box(posting, "开始年月").fill("2021-07")
    box(posting, "结束年月").fill("2022-06")
    posting.locator('.calc-field[data-name="assessed_qualified"]').get_by_label("是").check()
    expect(result(page).locator(".calc-verdict")).to_contain_text("每一年度都已达到要求")
    expect(details(page)).to_contain_text("两个年度各 6 个月，按外派结束的 2022 年度")

    # Back to a single year: that sheet was never touched.
    hunan.get_by_label("单个年度").check()
    expect(hunan.get_by_label("评估年度")).to_be_visible()
    expect(result(page).locator(".calc-verdict")).to_contain_text("2023 年度")


def test_senior_title_error_points_at_the_year(page, base_url):
    open_calculator(page, base_url)
    hunan = choose_notice(page, HUNAN)
    hunan.get_by_label(re.compile("高级职称")).check()
    hunan.get_by_role("tab", name="2020").click()
    training = add_activity(page, HUNAN, "参加培训、会议", sheet="2020")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("-2")
    expect(training.locator('.calc-error[data-for="days"]')).to_have_text("-2 不是不小于 0 的整数")
    expect(result(page).locator(".calc-stale")).to_contain_text("2020 年度 · 第 1 项（参加培训、会议） · 天数")
    hunan.get_by_role("tab", name=re.compile("2018")).click()
    result(page).get_by_role("button", name="转到该处").click()
    expect(box(training, "天数")).to_be_focused()


# ---- the worked examples open in the self-check -------------------------------------------------


def test_worked_example_opens_in_the_self_check(page, base_url):
    page.goto(base_url + "calculator/examples/")
    example = page.locator(".calc-example").filter(has_text="tests/cases/hunan-2023/training-pass.toml")
    expect(example.locator(".calc-badge")).to_have_text("达到要求")
    with page.expect_navigation():
        example.get_by_role("link", name="在学时自查中打开").click()
    page.evaluate("window.calculator.ready")
    expect(page.get_by_label("适用通知")).to_have_value(HUNAN)
    expect(section(page, HUNAN).locator('.calc-sheet[data-sheet="year"] .calc-activity')).to_have_count(2)
    expect(bar(page, "总学时").locator(".calc-bar-earned")).to_have_text("90")

    page.goto(base_url + "calculator/examples/")
    example = page.locator(".calc-example").filter(has_text="tests/cases/hunan-2023/span/one-year-short.toml")
    with page.expect_navigation():
        example.get_by_role("link", name="在学时自查中打开").click()
    page.get_by_role("dialog", name="打开分享的自查内容？").get_by_role("button", name="打开链接中的内容").click()
    expect(section(page, HUNAN).get_by_label(re.compile("高级职称"))).to_be_checked()
    expect(result(page).locator(".calc-year.is-fail .calc-year-title")).to_have_text(["2020 年"])


# ---- answers that must be given, and notices the result carries (issue 12) ------------------


def test_an_assessment_result_not_given_is_asked_for_not_failed(page, base_url):
    open_calculator(page, base_url)
    choose_notice(page, HUNAN)
    aid = add_activity(page, HUNAN, "“三援”、东西部扶贫协作等特定工作任务")
    question = aid.locator('.calc-field[data-name="assessed_qualified"]')
    # A yes/no with nothing chosen: "not answered" is not "no".
    expect(question.get_by_label("是")).not_to_be_checked()
    expect(question.get_by_label("否")).not_to_be_checked()
    box(aid, "外派工作月数").fill("6")
    expect(question.locator(".calc-error")).to_contain_text("必须回答“考核合格”")
    expect(result(page)).not_to_contain_text("考核未合格")
    page.screenshot(path=str(SCREENSHOTS / "aid-assessment-asked.png"), full_page=False)
    question.get_by_label("是").check()
    expect(result(page).locator(".calc-verdict")).to_contain_text("2023 年度：已达到要求")
    question.get_by_label("否").check()
    expect(details(page).locator("table.calc-trace")).to_contain_text("考核未合格")


def test_luoyang_says_there_is_no_makeup_from_2024(page, base_url):
    open_calculator(page, base_url)
    henan = choose_notice(page, HENAN)
    online = add_activity(page, HENAN, "已认定学时")
    online.get_by_label("公需科目").check()
    box(online, "认定学时").fill("30")
    expect(bar(page, "公需科目").locator(".calc-bar-earned")).to_have_text("30")
    check = result(page).locator('[data-check="no-makeup"]')
    expect(check).to_have_class(re.compile("is-advice"))
    expect(check).to_contain_text("原则上自 2024 年起不再开展往年内容补学、学时补报")
    expect(check.locator("a")).to_have_attribute("href", f"../policies/{HENAN}/#s1-3-hours-requirement")
    expect(check).to_contain_text("2023 年度尚未达到要求：差额须在 2023 年内补足并完成学时申报")
    check.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "luoyang-no-makeup.png"), full_page=False)
    assert henan.count() == 1
