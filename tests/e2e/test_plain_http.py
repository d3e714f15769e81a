"""A bureau's intranet host over plain http (DESIGN section 4, field conditions): not a
secure context, so no crypto.subtle and no service worker. The calculator boots there
exactly as on localhost: from the memory snapshot, checked by fetch's `integrity`,
with no standard library downloaded before it is ready."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM

HOST = "jxjy.test"
ASSESS = """window.calculator.assess({policy: "hunan-2023", year: 2023, activities: [
    {kind: "paper", role: "first_author", count: 3}]})"""


@pytest.fixture(scope="module")
def intranet_browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def intranet_url(nginx_url):
    """The site on stock nginx, reached by a host name that is not localhost."""
    return nginx_url.replace("127.0.0.1", HOST)


@pytest.fixture
def intranet_page(intranet_browser):
    context = intranet_browser.new_context(locale="zh-CN", service_workers="allow")
    yield context.new_page()
    context.close()


def boot(page, url):
    """Load the calculator; return (ready info, console notes, URLs requested before ready)."""
    notes, requested = [], []
    page.on("console", lambda message: notes.append(message.text))
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url + "calculator/")
    page.evaluate("window.calculator.ready.catch(() => null)")
    info = page.evaluate("performance.getEntriesByName('calculator:ready')[0].detail")
    return info, notes, list(requested)


def test_the_host_is_not_a_secure_context(intranet_page, intranet_url):
    intranet_page.goto(intranet_url)
    assert urlsplit(intranet_page.url).hostname == HOST
    assert intranet_page.evaluate("window.isSecureContext") is False
    assert intranet_page.evaluate("typeof crypto.subtle") == "undefined"


def test_plain_http_boots_from_the_snapshot_without_fallback(intranet_page, intranet_url):
    info, notes, _ = boot(intranet_page, intranet_url)
    assert info == {"mode": "snapshot", "reason": None, "pages": "gz"}, notes
    assert not [note for note in notes if "booting plain" in note]
    assert intranet_page.evaluate(ASSESS)["earned"]["professional"] == 90


def test_a_damaged_snapshot_is_still_caught_there(intranet_page, intranet_url):
    """Without crypto.subtle the download is checked all the same (fetch's integrity)."""
    def spoil(route):
        # Playwright fetches from its own process, which does not know the host name.
        body = route.fetch(url=route.request.url.replace(HOST, "127.0.0.1")).body()
        route.fulfill(status=200, body=body[:100] + bytes(64) + body[164:],
                      headers={"Content-Type": "application/octet-stream"})

    intranet_page.route(re.compile(r".*/snapshot\.pages\.gz$"), spoil)
    info, notes, _ = boot(intranet_page, intranet_url)
    assert info["mode"] == "plain"
    assert "sha256" in info["reason"], info
    assert intranet_page.evaluate(ASSESS)["earned"]["professional"] == 90


def test_no_service_worker_and_no_error_about_it(intranet_page, intranet_url):
    boot(intranet_page, intranet_url)
    assert intranet_page.evaluate("navigator.serviceWorker === undefined || navigator.serviceWorker.controller === null")
    intranet_page.wait_for_timeout(300)
    assert not intranet_page.locator(".site-update").count()
