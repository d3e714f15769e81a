"""The boot levers (DESIGN section 3): a memory snapshot with the calculator
imported, used only when it checks out; anything wrong with it falls back to a
plain boot with a console note."""

from __future__ import annotations

import re

import pytest

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


def test_a_missing_manifest_falls_back_too(page, base_url):
    page.route(re.compile(r".*/snapshot\.json$"), lambda route: route.fulfill(status=404, body=""))
    notes = boot(page, base_url + "calculator/")
    assert any("booting plain" in note for note in notes), notes


def test_the_worker_starts_in_head_before_the_stylesheets(site_dir):
    html = (site_dir / "calculator" / "index.html").read_text(encoding="utf-8")
    assert html.index("__calculatorWorker") < html.index('rel="stylesheet"')
    assert "__calculatorWorker" not in (site_dir / "policies" / "hunan-2023" / "index.html").read_text()


@pytest.mark.parametrize("path", ["calculator/", "forms/"])
def test_the_form_is_wired_before_material_sets_up_the_page(page, base_url, path):
    """Material's bundle is deferred on the pages that boot Python, so the page's own
    module (earlier in the document) runs first; Material still runs before
    DOMContentLoaded and works (its header search box answers)."""
    page.goto(base_url + path)
    order = page.evaluate("""() => ({
        form: performance.getEntriesByName("calculator:form-ready")[0].startTime,
        dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventStart,
        materialRan: document.documentElement.classList.contains("js"),
    })""")
    assert order["form"] <= order["dcl"]
    assert order["materialRan"]
    assert page.evaluate("window.calculator.ready") is True
