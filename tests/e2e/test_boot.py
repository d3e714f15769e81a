"""The boot levers (scripts/pyodide/README.md; ARCHITECTURE.md, "The browser"): a memory
snapshot with the calculator imported, used only when it checks out; anything wrong with
it falls back to a plain boot with a console note."""

from __future__ import annotations

import re
import tomllib

import pytest
from playwright.sync_api import expect
from .waiting import wait_for

from .servers import ROOT

ASSESS = """window.calculator.assess({policy: "hunan-2023", year: 2023, activities: [
    {kind: "paper", role: "first_author", count: 3}]})"""


def boot(page, url):
    notes = []
    page.on("console", lambda message: notes.append(message.text))
    page.goto(url)
    assert page.evaluate("window.calculator.ready") is True
    assert page.evaluate(ASSESS)["earned"]["professional"] == 90
    return [note for note in notes if note.startswith("[calculator]")]


def test_normal_boot_uses_the_snapshot(page, base_url, requests_log):
    notes = boot(page, base_url + "calculator/")
    assert not [note for note in notes if "booting plain" in note]
    assert any(url.endswith("snapshot.pages.gz") for url in requests_log)


def test_a_snapshot_boot_downloads_no_stdlib_and_no_wheel(page, base_url, requests_log):
    """Every module the calculator uses is in the snapshot: the stdlib zip (4.5 MB) and
    the wheel stay on the server, before ready and while the calculator answers."""
    boot(page, base_url + "calculator/")
    page.evaluate("window.calculator.describe('henan-luoyang-2023')")
    span = tomllib.loads((ROOT / "examples" / "hunan-2018-2022.toml").read_text(encoding="utf-8"))
    assert page.evaluate("(input) => window.calculator.span(input)", span)
    fetched = [url for url in requests_log if "python_stdlib" in url or url.endswith(".whl")]
    assert fetched == []
    assert page.evaluate("performance.getEntriesByName('calculator:ready')[0].detail.mode") == "snapshot"


def test_xlsx_brings_the_stdlib_once_when_asked(page, base_url, requests_log):
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    assert not [url for url in requests_log if "python_stdlib" in url]
    page.evaluate("window.calculator.call('load', {package: 'openpyxl'})")
    page.evaluate("window.calculator.call('load', {package: 'openpyxl'})")
    assert len([url for url in requests_log if url.endswith("/python_stdlib.zip")]) == 1


@pytest.mark.parametrize("damage", ["missing", "corrupt", "truncated"])
def test_a_bad_snapshot_falls_back_to_a_plain_boot(page, base_url, damage):
    def spoil(route):
        if damage == "missing":
            route.fulfill(status=404, body="not here")
            return
        body = route.fetch().body()
        body = body[: len(body) // 2] if damage == "truncated" else body[:100] + bytes(64) + body[164:]
        route.fulfill(status=200, body=body, headers={"Content-Type": "application/gzip"})

    page.route(re.compile(r".*/snapshot\.pages\.gz$"), spoil)
    notes = boot(page, base_url + "calculator/")
    assert any("booting plain" in note for note in notes), notes


def choose_pages(page, fmt):
    """Fix the worker's choice of the snapshot's pages, as a link of that speed would."""
    fast, gzip = {"gz": (0, 0), "xz": (0, "Infinity")}[fmt]

    def patch(route):
        text = route.fetch().text()
        text, count = re.subn(r"const FAST_LINK = [^;]+;", f"const FAST_LINK = {fast};", text)
        text, again = re.subn(r"const GZIP_LINK = [^;]+;", f"const GZIP_LINK = {gzip};", text)
        assert count == again == 1, "worker.js no longer has FAST_LINK and GZIP_LINK"
        route.fulfill(status=200, body=text, headers={"Content-Type": "text/javascript"})

    page.route(re.compile(r".*/assets/runtime/[0-9a-f]+/worker\.js$"), patch)


def test_on_a_medium_link_the_snapshot_comes_as_xz(page, base_url):
    """The xz'd pages (a quarter smaller) are inflated by the staged wasm decoder and
    restore the same Python; the gzip'd ones stay on the server (the worker only asks
    the HTTP cache for them: a request without a response)."""
    choose_pages(page, "xz")
    answered: list[str] = []
    page.on("response", lambda response: answered.append(response.url))
    notes = boot(page, base_url + "calculator/")
    assert not [note for note in notes if "booting plain" in note], notes
    detail = page.evaluate("performance.getEntriesByName('calculator:ready')[0].detail")
    assert detail == {"mode": "snapshot", "reason": None, "pages": "xz"}
    fetched = [url.rsplit("/", 1)[1] for url in answered if "/assets/runtime/" in url]
    assert "snapshot.pages.xz" in fetched and "xz-decompress.js" in fetched
    assert "snapshot.pages.gz" not in fetched and "python_stdlib.zip" not in fetched


def test_a_damaged_xz_snapshot_falls_back_to_a_plain_boot(page, base_url):
    choose_pages(page, "xz")

    def spoil(route):
        body = route.fetch().body()
        route.fulfill(status=200, body=body[:100] + bytes(64) + body[164:],
                      headers={"Content-Type": "application/octet-stream"})

    page.route(re.compile(r".*/snapshot\.pages\.xz$"), spoil)
    notes = boot(page, base_url + "calculator/")
    assert any("booting plain" in note for note in notes), notes


def test_a_missing_manifest_falls_back_too(page, base_url):
    page.route(re.compile(r".*/snapshot\.json$"), lambda route: route.fulfill(status=404, body=""))
    notes = boot(page, base_url + "calculator/")
    assert any("booting plain" in note for note in notes), notes


def test_the_worker_starts_in_head_before_the_stylesheets(site_dir):
    html = (site_dir / "calculator" / "index.html").read_text(encoding="utf-8")
    assert html.index("__calculatorWorker") < html.index('rel="stylesheet"')
    assert "__calculatorWorker" not in (site_dir / "policies" / "hunan-2023" / "index.html").read_text()


BUNDLE = "script[src*='/javascripts/bundle.']"
MATERIAL_SET_UP = "performance.getEntriesByName('page-chrome:ready').length > 0"
# A worker that starts and never answers: the calculator stays "starting".
SILENT_WORKER = dict(status=200, body="// never ready", headers={"Content-Type": "text/javascript"})


@pytest.mark.parametrize("path", ["calculator/", "forms/"])
def test_material_starts_once_the_calculator_has_settled(page, base_url, path):
    """On the pages that boot Python, Material's bundle (header, navigation, search) is
    held back until the boot is over: both want the CPU at once. The form is wired before
    DOMContentLoaded all the same, and Material then sets the page up."""
    page.goto(base_url + path)
    assert page.evaluate("window.calculator.ready") is True
    wait_for(page, MATERIAL_SET_UP)
    timing = page.evaluate(r"""() => ({
        form: performance.getEntriesByName("calculator:form-ready")[0].startTime,
        dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventStart,
        settled: performance.getEntriesByName("calculator:settled")[0].startTime,
        bundle: performance.getEntriesByType("resource").find((e) => /\/javascripts\/bundle\./.test(e.name)).startTime,
    })""")
    assert timing["form"] <= timing["dcl"]
    assert timing["bundle"] >= timing["settled"], timing
    # Material was handed the document: its search box answers.
    search_answers(page)


def search_answers(page):
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("病假")
    box.press("End")  # the search listens for keyup
    page.locator("li.md-search-result__item").first.wait_for(state="attached", timeout=15_000)


def test_reaching_for_the_header_starts_material_at_once(page, base_url):
    page.route("**/worker.js", lambda route: route.fulfill(**SILENT_WORKER))
    page.goto(base_url + "calculator/")
    page.wait_for_timeout(300)
    assert page.locator(BUNDLE).count() == 0
    # Typing in the form is the calculator's business and starts nothing.
    page.locator("#calc input:visible").first.focus()
    page.keyboard.press("Tab")
    assert page.locator(BUNDLE).count() == 0
    # The search box shows from the first paint; touching it starts Material, and
    # a query typed while Material loads is answered once it is up.
    held = []
    page.route("**/javascripts/bundle.*", lambda route: held.append(route))
    box = page.locator("input.md-search__input")
    expect(box).to_be_visible()
    box.click()
    box.fill("病假")
    wait_for(page, f"document.querySelectorAll({BUNDLE!r}).length === 1")
    held[0].continue_()
    wait_for(page, MATERIAL_SET_UP, timeout=5_000)
    page.locator("li.md-search-result__item").first.wait_for(state="attached", timeout=15_000)


def test_material_starts_on_its_own_when_the_calculator_never_answers(page, base_url):
    page.route("**/worker.js", lambda route: route.fulfill(**SILENT_WORKER))
    page.goto(base_url + "calculator/")
    wait_for(page, MATERIAL_SET_UP, timeout=10_000)
    assert page.evaluate("performance.getEntriesByName('calculator:settled').length") == 0


@pytest.mark.parametrize("path", ["calculator/", "forms/"])
def test_on_a_phone_material_waits_for_the_reader(browser, base_url, path):
    """On a narrow screen Material's bundle (seconds of a phone's main thread) starts only
    when the reader reaches for what it serves: not when the calculator settles, not on a
    timer, not for typing in the form; the menu opens without it, and the search box
    starts it and answers a query typed meanwhile."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(base_url + path)
        assert page.evaluate("window.calculator.ready") is True
        wait_for(page, "performance.getEntriesByName('calculator:settled').length > 0")
        page.wait_for_timeout(4_500)   # past the wide screens' CHROME_WAIT_MS
        assert page.locator(BUNDLE).count() == 0
        page.locator(".md-content input:visible, .md-content select:visible").first.focus()
        assert page.locator(BUNDLE).count() == 0
        # The navigation drawer is Material's checkbox and label: it opens without the bundle.
        page.locator("label.md-header__button[for='__drawer']").click()
        expect(page.locator(".md-nav--primary")).to_be_in_viewport()
        page.locator("label.md-overlay").click(position={"x": 380, "y": 400})
        # The search button is a label too: it opens the search dialog, and the tap starts Material.
        page.locator("label.md-header__button[for='__search']").click()
        search_answers(page)
        wait_for(page, MATERIAL_SET_UP)
    finally:
        context.close()


def test_on_a_slow_link_it_boots_plain_from_the_trimmed_stdlib(page, base_url):
    """Over a link too slow for the snapshot to pay (its 4.3 MB against 1.8 MB for the
    stdlib files the calculator imports and its wheel), the worker boots plain from
    those, and XLSX later brings the full stdlib, once (on a faster link: the test's time)."""
    from shaping_proxy import ShapingProxy

    upstream = int(base_url.rstrip("/").rsplit(":", 1)[1])
    # Downloads, not the worker's probe of the HTTP cache (a request that never leaves it).
    downloads = []
    page.on("requestfinished", lambda request: downloads.append(request.url))
    with ShapingProxy(upstream, mbit=2, rtt_ms=0) as proxy:
        url = f"http://127.0.0.1:{proxy.port}/"
        boot(page, url + "calculator/")
        detail = page.evaluate("performance.getEntriesByName('calculator:ready')[0].detail")
        assert detail["mode"] == "plain" and detail["reason"].startswith("slow link"), detail
        fetched = [u.rsplit("/", 1)[1] for u in downloads if "/assets/runtime/" in u]
        assert "python_stdlib.trimmed.zip" in fetched and "calculator-0.1.0-py3-none-any.whl" in fetched
        assert "snapshot.pages.gz" not in fetched and "python_stdlib.zip" not in fetched
        proxy.reset(mbit=200)
        page.evaluate("window.calculator.call('load', {package: 'openpyxl'})")
        fetched = [u.rsplit("/", 1)[1] for u in downloads if "/assets/runtime/" in u]
        assert fetched.count("python_stdlib.zip") == 1
