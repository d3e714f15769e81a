"""After one visit to /calculator/ and /forms/, the whole site works offline
(ARCHITECTURE.md, "The browser"; the service worker precaches one build at a time)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from .servers import python_server
from .waiting import wait_for



@pytest.fixture
def online_then_offline(browser, base_url):
    context = browser.new_context(service_workers="allow", locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    # The worker precaches everything before it activates.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    yield context, page
    context.close()


def test_whole_site_works_offline_after_one_visit(online_then_offline, base_url):
    context, page = online_then_offline
    context.set_offline(True)
    for path, marker in (("", "学时自查"), ("policies/hunan-2023/", "折算"), ("policies/henan-luoyang-2023/", "备案")):
        page.goto(base_url + path)
        expect(page.locator("article")).to_contain_text(marker)
    page.goto(base_url + "calculator/")
    assert page.evaluate("window.calculator.ready") is True
    result = page.evaluate("""window.calculator.assess({policy: "hunan-2023", year: 2023, activities: [
        {kind: "certified_hours", category: "professional", hours: 90}]})""")
    assert result["earned"]["total"] == 90
    page.goto(base_url + "forms/")
    assert page.evaluate("window.calculator.ready") is True


def test_one_cache_per_build(online_then_offline, site_dir):
    _, page = online_then_offline
    keys = page.evaluate("caches.keys()")
    build = re.search(r'const BUILD = "([0-9a-f]+)"', (site_dir / "sw.js").read_text()).group(1)
    assert keys == [f"jxjy-{build}"]
    cached = page.evaluate(f"caches.open('jxjy-{build}').then(c => c.keys()).then(r => r.map(q => q.url))")
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", (site_dir / "sw.js").read_text(), re.S).group(1))
    assert len(cached) == len(files)
    assert any(url.endswith(".wasm.gz") for url in cached)


def test_a_new_build_replaces_the_old_cache(browser, site_dir, tmp_path):
    """A new build's worker installs beside the old one, waits, and on request
    takes over alone: the old cache is gone, nothing mixes."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    with python_server(copy) as url:
        context = browser.new_context(service_workers="allow", locale="zh-CN")
        page = context.new_page()
        page.goto(url + "calculator/")
        page.evaluate("window.calculator.ready")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        old = page.evaluate("caches.keys()")

        sw = copy / "sw.js"
        sw.write_text(re.sub(r'const BUILD = "[0-9a-f]+"', 'const BUILD = "0000000000000000"', sw.read_text()))
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        expect(page.locator(".site-update")).to_be_visible(timeout=60_000)
        # Until the person agrees, the old build alone serves the page.
        assert sorted(page.evaluate("caches.keys()")) == sorted(old + ["jxjy-0000000000000000"])
        with page.expect_event("load"):
            page.locator(".site-update button").click()
        wait_for(page, "caches.keys().then(k => k.length === 1 && k[0] === 'jxjy-0000000000000000')")
        context.close()
