"""Old browsers get a clear Chinese message naming the versions that work, never a syntax
error from pyodide.asm.js or a page that waits forever (DESIGN section 4).

browser-check.js runs in <head> before any module and before the worker. Each test takes
one feature away from Chromium (an init script deletes or blunts it; for class static
blocks, the syntax probe is served with syntax this engine cannot parse, as an old parser
would see the real one) and checks what the person sees, what window.calculator says, and
that no part of the Python runtime is downloaded. Firefox and WebKit report nothing
missing (test_engines.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .servers import ROOT

SHOTS = ROOT / "build" / "e2e-engines"
VERSIONS = "请使用 Chrome/Edge 95、Firefox 114、Safari 16.4 或更新版本"
RUNTIME = re.compile(r"/assets/runtime/")
PROBE = "**/browser-check-syntax.js"
# An engine that predates class static blocks fails to parse the probe just like this.
OLD_PARSER = dict(status=200, headers={"Content-Type": "text/javascript"},
                  body="(class { static! { window.browserCheck.staticBlocks = true; } });")

STUBS = {
    "module workers": "const W = window.Worker; window.Worker = function (url) { return new W(url); };",
    "WebAssembly": "delete window.WebAssembly;",
    "DecompressionStream": "delete window.DecompressionStream;",
}
NAMES = {"module workers": "模块 Worker", "WebAssembly": "WebAssembly 异常处理",
         "DecompressionStream": "DecompressionStream", "class static blocks": "类的静态初始化块"}


def take_away(page, feature: str) -> None:
    if feature == "class static blocks":
        page.route(PROBE, lambda route: route.fulfill(**OLD_PARSER))
    else:
        page.add_init_script(STUBS[feature])


def rejection(page) -> str:
    return page.evaluate("window.calculator.ready.then(() => 'ready', (error) => error.message)")


@pytest.mark.parametrize("feature", ["class static blocks", "module workers", "WebAssembly", "DecompressionStream"])
def test_a_missing_feature_is_named_with_the_versions(page, base_url, requests_log, feature):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    take_away(page, feature)
    page.goto(base_url + "calculator/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(VERSIONS)
    expect(alert).to_contain_text(NAMES[feature])
    message = rejection(page)
    assert VERSIONS in message and NAMES[feature] in message
    missing = page.evaluate("window.browserCheck.missing()")
    assert len(missing) == 1 and NAMES[feature] in missing[0], missing
    # The form built into the page still works without Python.
    page.select_option("#calc-policy", "hunan-2023")
    expect(page.locator('.calc-policy[data-policy="hunan-2023"]')).to_be_visible()
    # Nothing of Pyodide is fetched, no worker started, and no error escaped to the console.
    page.wait_for_timeout(500)
    assert [url for url in requests_log if RUNTIME.search(url)] == []
    assert page.evaluate("window.__calculatorWorker === undefined")
    assert errors == []


def test_the_forms_page_says_it_too(page, base_url, requests_log):
    take_away(page, "class static blocks")
    page.goto(base_url + "forms/")
    alert = page.get_by_role("alert").filter(has_text=VERSIONS)
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("类的静态初始化块")
    assert VERSIONS in rejection(page)
    assert [url for url in requests_log if RUNTIME.search(url)] == []


def test_a_browser_that_cannot_run_the_page_modules_is_told_by_the_check_alone(page, base_url, requests_log):
    """A browser too old for the page's own modules never gets window.calculator; the
    check's banner takes the place of the loading line."""
    take_away(page, "class static blocks")
    page.route("**/assets/js/runtime.js", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/javascript"}, body="export const old = ;"))
    page.goto(base_url + "calculator/")
    banner = page.locator("#calc > .browser-unsupported[role=alert]")
    expect(banner).to_contain_text(VERSIONS)
    expect(banner).to_contain_text("政策原文仍可照常阅读")
    expect(page.locator(".calc-status")).to_be_hidden()
    assert page.evaluate("typeof window.calculator") == "undefined"
    assert [url for url in requests_log if RUNTIME.search(url)] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "old-browser-banner.png"))


def test_a_current_browser_has_everything(page, base_url):
    page.goto(base_url + "calculator/")
    assert page.evaluate("window.browserCheck.missing()") == []
    assert page.evaluate("window.browserCheck.message()") == ""
    assert page.evaluate("window.calculator.ready") is True


def test_a_probe_that_cannot_be_downloaded_does_not_blame_the_browser(page, base_url):
    page.route(PROBE, lambda route: route.fulfill(status=404, body="not here"))
    page.goto(base_url + "calculator/")
    assert page.evaluate("window.browserCheck.missing()") == []
    assert page.evaluate("window.calculator.ready") is True


def test_reading_pages_do_not_load_the_check(site_dir):
    for path in ("index.html", "policies/hunan-2023/index.html"):
        assert "browser-check" not in (site_dir / path).read_text(encoding="utf-8")
    for path in ("calculator/index.html", "forms/index.html"):
        html = (site_dir / path).read_text(encoding="utf-8")
        # Classic scripts, before the worker starts and before any module.
        check = html.index('<script src="../assets/js/browser-check.js"></script>')
        assert check < html.index("browser-check-syntax.js") < html.index("__calculatorWorker")
        assert check < html.index('type="module"') and check < html.index("modulepreload")
