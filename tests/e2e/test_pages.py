"""The reading pages in the browser: every clause has its anchor, every generated link to a
clause lands on it, interpretations sit under the clause they read, and reading a notice
downloads nothing of the Python runtime and nothing from another origin."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag, urlsplit
from urllib.request import urlopen

import pytest

import calculator

HENAN = "henan-luoyang-2023"
HUNAN = "hunan-2023"

# The fixed clause anchors of each notice (the project's anchor plan; rules.toml cites these).
ANCHORS = {
    HENAN: [
        "preamble", "s1-arrangements", "s1-1-public-courses", "s1-2-professional-courses",
        "s1-3-hours-requirement", "s2-methods", "s2-1-public-study", "s2-2-professional-study",
        "s2-2-face-to-face-filing", "s2-2-conversion", "s2-3-other", "s2-3-aid-full-year",
        "s2-3-pro-rating", *[f"s2-3-pro-rating-{i}" for i in range(1, 5)], "s3-use-of-results",
        "s4-funding", "attachments", "annex1", "annex1-s1-filers", "annex1-s2-contents",
        "annex1-s3-time-place", "annex1-s4-hours-declaration", "table-filing-form", "table-plan",
        "table-plan-notes", "table-roster", "table-grade-sheet", "annex2",
    ],
    HUNAN: [
        "preamble", "s1-content-and-hours", "s1-1-content", "s1-2-hours-requirement",
        "s2-annual-registration", "s3-title-verification", "s3-1-provincial-units",
        "s3-2-prefectures", "s3-3-other-staff", "s4-other", "s4-1-unit-training",
        "s4-2-previous-certificates", "downloads", "attachments", "signature", "annex",
        "annex-s1-evidence", *[f"evidence-{i}" for i in range(1, 13)],
        "annex-s2-conversion", *[f"conversion-{i}" for i in range(1, 10)],
    ],
}

READING_PAGES = ["", "policies/", f"policies/{HENAN}/", f"policies/{HUNAN}/",
                 "policies/compare/", "policies/documents/"]
# Where the generated (not transcribed) content of each reading page lives.
GENERATED = {
    f"policies/{HENAN}/": ".glance", f"policies/{HUNAN}/": ".glance",
    "policies/compare/": "article.md-content__inner", "policies/documents/": "article.md-content__inner",
    "": "article.md-content__inner", "policies/": "article.md-content__inner",
}


@lru_cache(maxsize=None)
def ids_on(url: str) -> frozenset[str]:
    """The element ids of a page as served (no script needed: MkDocs writes them)."""
    with urlopen(url) as response:
        html = response.read().decode("utf-8")
    return frozenset(re.findall(r'\sid="([^"]+)"', html))


@pytest.mark.parametrize("policy", [HENAN, HUNAN])
def test_every_clause_anchor_is_on_its_page(base_url, policy):
    ids = ids_on(f"{base_url}policies/{policy}/")
    missing = [anchor for anchor in ANCHORS[policy] if anchor not in ids]
    assert not missing, f"{policy}: no element with id {missing}"


@pytest.mark.parametrize("policy", [HENAN, HUNAN])
def test_every_cited_anchor_is_on_the_page(base_url, policy):
    """Every clause rules.toml cites (the overview and comparison link to these) exists."""
    data = calculator.policy_data(policy)
    cited = set(re.findall(r"""['"]clause['"]: ['"]([\w-]+)""", repr(data)))
    cited |= {a for doc in data["documents"] for a in doc["clauses"]}
    ids = ids_on(f"{base_url}policies/{policy}/")
    assert cited and not sorted(cited - ids)


@pytest.mark.parametrize("path", list(GENERATED))
def test_generated_links_land_on_an_element(page, base_url, path):
    page.goto(base_url + path)
    hrefs = page.eval_on_selector_all(f"{GENERATED[path]} a[href*='#']",
                                      "links => links.map(a => a.href)")
    assert hrefs or path in ("", "policies/"), f"{path}: no links with an anchor"
    broken = []
    for href in hrefs:
        target, fragment = urldefrag(href)
        if not target.startswith(base_url) or not fragment:
            continue
        if fragment not in ids_on(target):
            broken.append(href[len(base_url):])
    assert not broken, f"{path}: links to missing anchors: {broken}"


@pytest.mark.parametrize("path", ["policies/compare/", "policies/documents/"])
def test_comparison_and_documents_cite_both_notices(page, base_url, path):
    page.goto(base_url + path)
    hrefs = page.eval_on_selector_all("article a[href*='#']", "links => links.map(a => a.href)")
    for policy in (HENAN, HUNAN):
        assert any(f"/policies/{policy}/#" in href for href in hrefs), f"{path} never cites {policy}"


def test_overview_links_every_conversion_row_to_its_clause(page, base_url):
    page.goto(f"{base_url}policies/{HUNAN}/")
    rows = page.locator("#glance-conversion ~ .glance-table table tbody tr")
    kinds = calculator.policy_data(HUNAN)["kinds"]
    assert rows.count() == len(kinds)
    for row, kind in zip(rows.all(), kinds.values()):
        assert row.locator("td").first.inner_text() == kind["label"]
        assert row.locator(f"a[href='#{kind['clause']}']").count() == 1


@pytest.mark.parametrize("policy", [HENAN, HUNAN])
def test_interpretations_sit_under_their_clause(page, base_url, policy):
    page.goto(f"{base_url}policies/{policy}/")
    entries = calculator.policy_data(policy)["interpretations"]
    assert entries
    for entry in entries:
        box = page.locator(f"aside#interpretation-{entry['id']}")
        assert box.count() == 1, entry["id"]
        # The nearest heading before the box is the clause it interprets.
        heading = box.evaluate("""el => {
            let node = el.previousElementSibling;
            while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
            return node && node.id }""")
        assert heading == entry["clause"], f"{entry['id']} sits under #{heading}"
        assert "本站解释" in box.locator(".interpretation-badge").inner_text()
        assert entry["title"] in box.inner_text()


def test_interpretations_look_unlike_the_notice(page, base_url):
    page.goto(f"{base_url}policies/{HENAN}/")
    box = page.locator("aside.interpretation").first
    paragraph = page.locator(".notice-text > p").first
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderLeftStyle, s.borderLeftWidth] }"
    box_bg, box_border, box_width = box.evaluate(style)
    text_bg, _, _ = paragraph.evaluate(style)
    assert box_bg != text_bg and box_border == "solid" and float(box_width[:-2]) >= 3


def test_overview_figures_come_from_the_rules(page, base_url):
    """Spot checks: the overview shows the rules' figures, in the rules' order."""
    page.goto(f"{base_url}policies/{HENAN}/")
    data = calculator.policy_data(HENAN)
    table = page.locator("#glance-requirements").locator("xpath=following::table[1]").inner_text()
    for key in ("total", "public", "professional"):
        assert f"{data['requirements'][key]:g} 学时" in table
    funding = page.locator("#glance-funding").locator("xpath=following::table[1]").inner_text()
    for item in data["funding"]["items"]:
        assert f"{item['percent']:g}%" in funding


@pytest.mark.parametrize("path", READING_PAGES)
def test_reading_pages_fetch_no_runtime_and_stay_on_the_site(page, base_url, requests_log, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    # Open the search too: it loads its index and worker from the site itself.
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("学时")
    page.locator("input.md-search__input").press("End")
    page.locator("li.md-search-result__item").first.wait_for(state="attached", timeout=15_000)
    page.wait_for_load_state("networkidle")
    host = urlsplit(base_url).netloc
    runtime = [u for u in requests_log if re.search(r"\.(wasm|whl)(\?|$)|pyodide|python_stdlib", u)]
    foreign = [u for u in requests_log if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != host]
    assert not runtime, f"{path or '/'} fetched the Python runtime: {runtime}"
    assert not foreign, f"{path or '/'} fetched from another origin: {foreign}"


def test_pages_reachable_from_the_navigation(page, base_url):
    page.goto(f"{base_url}policies/")
    nav = page.locator("nav.md-nav--primary").inner_text()
    for label in ("通知对照", "通知引用的文件"):
        assert label in nav


def test_home_page_says_what_one_can_do_here(page, base_url):
    page.goto(base_url)
    cards = page.locator(".home-cards")
    for label, href in (("阅读通知原文", f"policies/{HENAN}/"), ("学时自查", "calculator/"), ("表格", "forms/")):
        assert label in cards.inner_text()
        assert cards.locator(f"a[href='{href}']").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", READING_PAGES)
def test_nothing_overflows_a_phone_screen(browser, base_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + path)
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.md-content *')]
          .filter(el => el.getBoundingClientRect().right > width + 1)
          .filter(el => !el.closest('.md-typeset__scrollwrap, pre'))
          .map(el => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className).slice(0, 5) }""")
    context.close()
    assert not overflow, f"{path or '/'} overflows at 375 px: {overflow}"
