"""The Content-Security-Policy every page carries is never violated by the site itself:
every page (Material's header, navigation, palette and search worker included), a
self-check, a forms session with a roster import, a print and an XLSX download, and
offline use after one visit. Every `securitypolicyviolation` event of every frame, and
every refusal the browser logs (workers too), is recorded: there must be none. A last
check proves the policy is in force: markup with a handler, as a hostile roster cell
might carry, is refused and reported."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from .selfcheck_ui import add_activity, bar, box, choose_notice, open_calculator
from .test_forms import HUNAN_CSV, LY, ROSTER_CSV, block, editor
from .test_search import search
from .waiting import wait_for

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({page: location.href, directive: event.effectiveDirective,
                         blocked: event.blockedURI, source: event.sourceFile,
                         line: event.lineNumber, sample: event.sample});
}, true);
"""


@pytest.fixture
def violations(context):
    """Everything refused in any page or frame of the context, as it happens."""
    seen: list[dict] = []
    context.expose_binding("__cspViolation", lambda source, event: seen.append(event))
    context.add_init_script(LISTEN)
    context.on("console", lambda message: "Content Security Policy" in message.text
               and seen.append({"console": message.text}))
    return seen


def pages(site_dir: Path) -> list[str]:
    out = []
    for html in sorted(site_dir.rglob("*.html")):
        path = html.relative_to(site_dir).as_posix()
        if not path.startswith("assets/"):
            out.append("" if path == "index.html" else path.removesuffix("index.html"))
    return out


def test_every_page_carries_the_policy_first_in_head(site_dir):
    for path in pages(site_dir):
        file = site_dir / (path + "index.html" if path.endswith("/") or not path else path)
        html = file.read_text(encoding="utf-8")
        head = html[html.index("<head>"):]
        assert head.startswith('<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '), path
        policy = head.split('content="', 1)[1].split('"', 1)[0]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["connect-src"] == directives["worker-src"] == "'self'"
        scripts = directives["script-src"].split()
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert all(s.startswith("'sha256-") for s in scripts[2:])


def test_every_page_works_under_its_policy(page, base_url, site_dir, violations):
    for path in pages(site_dir):
        page.goto(base_url + path)
        if path in ("calculator/", "forms/"):
            page.evaluate("window.calculator.ready")
        wait_for(page, "performance.getEntriesByName('page-chrome:ready').length > 0 "
                               "|| !document.querySelector('[data-runtime]')")
        # Material is up: its header, navigation and palette toggle work.
        expect(page.locator("header.md-header")).to_be_visible()
        page.locator("form[data-md-component=palette] label:visible").first.click()
    # The search worker (Material's, a file of the site) answers under the policy.
    assert search(page, base_url, "病假")
    assert violations == []


def test_a_self_check_violates_nothing(page, base_url, violations):
    open_calculator(page, base_url)
    choose_notice(page, "hunan-2023")
    training = add_activity(page, "hunan-2023", "参加培训、会议")
    training.get_by_label("专业科目").check()
    box(training, "天数").fill("9")
    expect(bar(page, "专业科目").locator(".calc-bar-earned")).to_have_text("90")
    assert violations == []


def test_a_forms_session_violates_nothing(page, base_url, violations):
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    editor(page, "roster", LY).locator("[data-role=file]").set_input_files(
        files=[{"name": "名单.csv", "mimeType": "text/csv", "buffer": ROSTER_CSV.encode("utf-8")}])
    expect(editor(page, "roster", LY).locator("[data-role=import]")).to_contain_text("导入 45 人")
    editor(page, "roster", "hunan-2023").locator("[data-role=file]").set_input_files(
        files=[{"name": "湖南名单.csv", "mimeType": "text/csv", "buffer": HUNAN_CSV.encode("utf-8")}])
    grade_sheet = block(page, LY, "grade_sheet")
    expect(grade_sheet.locator("[data-role=state]")).to_have_text("已填写")
    page.evaluate("() => { window.print = () => {}; }")
    grade_sheet.locator("[data-action=print]").click()
    expect(page.locator("iframe.forms-print-frame")).to_have_count(1)
    with page.expect_download() as info:
        grade_sheet.locator("[data-action=xlsx]").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert sheet.max_row > 45
    assert violations == []

    # The policy is in force: a handler smuggled into the page is refused, and reported.
    page.evaluate("""document.body.insertAdjacentHTML("beforeend",
        '<img src="data:," onerror="window.__ran = true" alt="">')""")
    wait_for(page, "window.__ran === undefined && document.readyState === 'complete'")
    for _ in range(50):
        if violations:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.__ran") is None
    assert [v.get("directive") for v in violations if "directive" in v] == ["script-src-attr"]


def test_offline_use_violates_nothing(browser, base_url):
    context = browser.new_context(service_workers="allow", locale="zh-CN")
    seen: list[dict] = []
    context.expose_binding("__cspViolation", lambda source, event: seen.append(event))
    context.add_init_script(LISTEN)
    context.on("console", lambda message: "Content Security Policy" in message.text
               and seen.append({"console": message.text}))
    page = context.new_page()
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    context.set_offline(True)
    for path in ("", "policies/hunan-2023/", "calculator/", "forms/"):
        page.goto(base_url + path)
        if path in ("calculator/", "forms/"):
            assert page.evaluate("window.calculator.ready") is True
    result = page.evaluate("""window.calculator.call("load", {package: "openpyxl"}).then(() =>
        window.calculator.call("form", {policy: "henan-luoyang-2023", form: "grade_sheet", format: "xlsx"}))""")
    assert result["base64"]
    context.close()
    assert seen == []
