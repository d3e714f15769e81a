"""The platform promises (README, "Hosting site/"; ARCHITECTURE.md, "The browser"): Python
boots in the page from the site's own files, on any static server, and fails loudly when
it cannot."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

HUNAN_YEAR = {
    "policy": "hunan-2023",
    "year": 2023,
    "activities": [
        {"kind": "training", "category": "professional", "days": 5, "half_days": 0, "evenings": 0},
        {"kind": "certified_hours", "category": "public", "hours": 30},
        {"kind": "paper", "role": "first_author", "count": 1},
    ],
}


def test_calculator_becomes_ready_and_assesses(calculator_page):
    result = calculator_page.evaluate("input => window.calculator.assess(input)", HUNAN_YEAR)
    assert result["policy"] == "hunan-2023"
    assert result["earned"] == {"public": 30, "professional": 80, "total": 110}
    assert result["required"]["total"] == 90
    assert result["passed"] is True
    assert all(check["clause"].startswith("hunan-2023#") for check in result["checks"])
    assert [entry["hours"] for entry in result["trace"]] == [50, 30, 30]


def test_invalid_input_rejects_with_the_field_named(calculator_page):
    bad = {**HUNAN_YEAR, "activities": [{"kind": "training", "category": "professional", "days": -1}]}
    message = calculator_page.evaluate(
        "input => window.calculator.assess(input).then(() => 'resolved', error => error.message)", bad)
    assert message.startswith("activities[0].days: ")


def test_page_shows_readiness(calculator_page):
    expect(calculator_page.locator(".calc-status")).to_contain_text("已就绪")


def test_no_request_leaves_the_site(page, base_url, requests_log):
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    page.goto(base_url)
    page.goto(base_url + "policies/hunan-2023/")
    hosts = {urlparse(url).hostname for url in requests_log if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}


def test_reading_pages_never_download_pyodide(page, base_url, requests_log):
    for path in ("", "policies/henan-luoyang-2023/", "policies/hunan-2023/"):
        page.goto(base_url + path, wait_until="networkidle")
    runtime = [url for url in requests_log if re.search(r"\.(wasm|whl)$|pyodide|python_stdlib|/runtime/", url)]
    assert runtime == []


def test_no_mjs_is_served(site_dir):
    # Stock nginx maps no .mjs type: the site must not depend on one.
    assert list(site_dir.rglob("*.mjs")) == []


def test_form_is_usable_without_python(page, base_url):
    # With the runtime unreachable the form still renders and keeps input.
    page.route(re.compile(r".*/assets/runtime/.*"), lambda route: route.abort())
    page.goto(base_url + "calculator/")
    page.select_option("#calc-policy", "hunan-2023")
    page.locator('.calc-add[data-policy="hunan-2023"] .calc-add-button').click()
    first = page.locator('.calc-activity input[type="text"][data-field]').first
    first.fill("3")
    expect(first).to_have_value("3")
    expect(page.get_by_role("alert")).to_contain_text("计算器无法加载")


def test_the_hosts_type_for_wasm_does_not_matter(page, wrong_wasm_url):
    # The site ships the wasm gzip'd and compiles it itself, whatever type it is sent as.
    page.goto(wrong_wasm_url + "calculator/")
    assert page.evaluate("window.calculator.ready") is True


def test_a_missing_wasm_names_the_file(page, base_url):
    page.route(re.compile(r".*/pyodide\.asm\.wasm\.gz$"), lambda route: route.fulfill(status=404, body="not here"))
    page.goto(base_url + "calculator/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("pyodide.asm.wasm.gz", timeout=60_000)
    expect(alert).to_contain_text("HTTP 404")


def test_ready_under_stock_nginx(page, nginx_url, requests_log):
    page.goto(nginx_url + "calculator/")
    assert page.evaluate("window.calculator.ready") is True
    result = page.evaluate("input => window.calculator.assess(input)", HUNAN_YEAR)
    assert result["passed"] is True
    page.goto(nginx_url + "policies/hunan-2023/")
    expect(page.locator("#conversion-3")).to_be_attached()
