"""The forms page reads what people type the way the self-check does: Python reads the
numbers (full-width １２．５ too) from the self-check's saved answers, as the self-check
saves them now (each year of the multi-year check with its prior-certificate box), and
from the unit plan's rows, which the page sends as typed."""

from __future__ import annotations

import json

from playwright.sync_api import expect

HN, LY = "hunan-2023", "henan-luoyang-2023"
# What the self-check saves today: answers as typed, a year's sheet as {prior, activities}.
SAVED = {"v": 1, "policy": HN, "drafts": {
    HN: {"mode": "span", "year": "2023", "activities": [], "postings": [], "span": {
        "2018": {"prior": True, "activities": []},
        "2019": {"prior": False, "activities": [
            {"kind": "training", "category": "professional", "days": "６", "half_days": "", "evenings": ""},
            {"kind": "certified_hours", "category": "public", "hours": "３０．５"}]},
        "2020": {"prior": False, "activities": []},
        "2021": {"prior": False, "activities": []},
        "2022": {"prior": False, "activities": []}}},
    LY: {"mode": "year", "year": "2023", "activities": [
        {"kind": "cadre_college_offset", "hours": "４２", "public_institution_staff": True}]}}}


def open_forms(page, base_url):
    page.goto(base_url + "forms/")
    page.evaluate("s => localStorage.setItem('jxjy.selfcheck.v1', s)", json.dumps(SAVED, ensure_ascii=False))
    page.reload()
    page.evaluate("window.calculator.ready")
    expect(page.locator(".forms-status")).to_contain_text("已就绪")


def block(page, policy, form):
    return page.locator(f'.forms-form[data-policy="{policy}"][data-form="{form}"]')


def test_the_self_checks_saved_years_fill_the_summary(page, base_url):
    open_forms(page, base_url)
    person = page.locator(f'.forms-editor[data-editor="person"][data-policy="{HN}"]')
    expect(person.locator("[data-role=selfcheck]")).to_have_text("已读取“学时自查”中保存的逐年填写内容。")
    summary = block(page, HN, "individual_summary")
    expect(summary.locator("[data-role=state]")).to_have_text("已填写")
    rows = summary.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("已开具《学时认定单》")
    expect(rows.nth(1)).to_contain_text("30.5")           # typed as ３０．５
    expect(rows.nth(1)).to_contain_text("60")             # ６ days of training
    expect(rows.nth(1)).to_contain_text("达到要求")


def test_the_offset_form_reads_full_width_hours(page, base_url):
    open_forms(page, base_url)
    offset = block(page, LY, "cadre_offset")
    expect(offset.locator("[data-role=state]")).to_have_text("已填写")
    expect(offset.locator("[data-role=paper]")).to_contain_text("42")
    expect(offset.locator("[data-role=paper]")).to_contain_text("30")


def test_plan_rows_go_to_python_as_typed(page, base_url):
    open_forms(page, base_url)
    plan = page.locator(f'.forms-editor[data-editor="plan"][data-policy="{LY}"]')
    row = plan.locator(".forms-session").first
    row.locator("[data-field=category]").select_option("public")
    row.locator("[data-field=date]").fill("2023-06-02")
    row.locator("[data-field=period]").select_option("morning")
    row.locator("[data-field=hours]").fill("２．５")
    row.locator("[data-field=people]").fill("４０")
    row.locator("[data-field=content]").fill("数字技术")
    form = block(page, LY, "plan")
    expect(form.locator("[data-role=state]")).to_have_text("已填写")
    cells = form.locator("tbody tr").first.locator("td")
    expect(cells.nth(6)).to_have_text("40")
    expect(cells.nth(7)).to_have_text("2.5")
    row.locator("[data-field=hours]").fill("４")            # over the half day's limit
    expect(plan.locator("[data-role=problems]")).to_contain_text("超过半天")
    expect(plan.locator("[data-role=problems] a")).to_have_attribute("href", f"../policies/{LY}/#table-plan-notes")
