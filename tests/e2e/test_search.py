"""Chinese search through the real search box: words from the middle of clauses find their clause.

Material's search segments the pages with jieba at build time (web/search/userdict.txt keeps
domain words whole) and segments a query against the index in the browser. Each query below
is typed into the header's search box; the first result group must be the right notice and its
best-scored entry the right clause (the result links are `policies/<id>/?h=...#<anchor>`).

Where the notice itself uses the word in more than one clause heading or text, every such
clause is a right answer and the expectation lists them all.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

HENAN = "henan-luoyang-2023"
HUNAN = "hunan-2023"

# query -> (policy, anchors any of which is a right first hit)
QUERIES = {
    "病假": (HENAN, {"s2-3-pro-rating-2"}),
    "开元大道": (HENAN, {"annex1-s3-time-place"}),
    "会展中心": (HENAN, {"annex1-s3-time-place"}),
    "职工教育经费": (HENAN, {"s4-funding"}),
    "工资薪金总额": (HENAN, {"s4-funding"}),
    "花名册": (HENAN, {"annex1-s2-contents"}),
    "一式三份": (HENAN, {"table-filing-form"}),
    "境外": (HENAN, {"s2-3-pro-rating-1"}),
    "挂职锻炼": (HENAN, {"s2-3-aid-full-year"}),
    "专利证书": (HUNAN, {"evidence-7"}),
    "外观设计专利": (HUNAN, {"evidence-7"}),
    "派遣通知": (HUNAN, {"evidence-10"}),
    "公共卫生事件": (HUNAN, {"evidence-10"}),
    "版权页": (HUNAN, {"evidence-6"}),
    "海外交换": (HUNAN, {"evidence-12"}),
    "地厅级": (HUNAN, {"conversion-5"}),
    "模块": (HUNAN, {"conversion-6"}),
    "自由职业": (HUNAN, {"s3-3-other-staff"}),
    "博士": (HUNAN, {"s3-title-verification"}),
    # The notice names these in two or three clauses; any of them is right.
    "计算机应用能力考试": (HUNAN, {"evidence-9", "conversion-6"}),
    "东西部扶贫协作": (HUNAN, {"evidence-10", "conversion-7"}),
    "结业证书": (HUNAN, {"evidence-1", "evidence-3", "evidence-12"}),
    "实名制": (HUNAN, {"s2-annual-registration", "downloads"}),
}


def search(page, base_url: str, query: str) -> list[dict]:
    """Type the query into the header search box; return the first result group's links."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the search listens for keyup; fill() alone sends none
    first = page.locator("ol.md-search-result__list > li.md-search-result__item").first
    first.wait_for(state="attached", timeout=15_000)
    return first.evaluate("""item => [...item.querySelectorAll('a.md-search-result__link')].map(a => ({
        href: a.getAttribute('href'),
        score: parseFloat(a.querySelector('article').dataset.mdScore),
    }))""")


def split_href(href: str) -> tuple[str, str]:
    parts = urlsplit(href)
    return parts.path, parts.fragment


@pytest.mark.parametrize("query", list(QUERIES))
def test_query_finds_its_clause(page, base_url, query):
    policy, anchors = QUERIES[query]
    links = search(page, base_url, query)
    assert links, f"{query}: no results"

    # The group's first link is its page; the page must be the right notice.
    page_path, _ = split_href(links[0]["href"])
    assert page_path.endswith(f"/policies/{policy}/"), f"{query}: first result is {links[0]['href']}"

    # The best-scored entry of the group (the first with the top score) is the clause.
    top = max(link["score"] for link in links)
    best = next(link for link in links if link["score"] == top)
    path, anchor = split_href(best["href"])
    assert path.endswith(f"/policies/{policy}/")
    assert anchor in anchors, (f"{query}: best hit is #{anchor or '(page)'}, expected one of "
                               f"{sorted(anchors)}; group: {[l['href'] for l in links]}")


def test_result_opens_the_clause(page, base_url):
    """Following a result lands on the clause, with the query highlighted."""
    links = search(page, base_url, "病假")
    top = max(link["score"] for link in links)
    page.locator("a.md-search-result__link", has=page.locator(f"[data-md-score='{top:.2f}']")).first.click()
    page.wait_for_url("**/policies/henan-luoyang-2023/**#s2-3-pro-rating-2")
    assert page.locator("#s2-3-pro-rating-2").is_visible()
    assert page.locator("mark", has_text="病假").count() >= 1


@pytest.mark.parametrize("path", ["calculator/", "forms/"])
def test_search_works_on_the_pages_that_boot_python(page, base_url, path):
    """There Material (and its search) starts once the calculator is up."""
    links = search(page, base_url + path, "病假")
    assert split_href(links[0]["href"])[0].endswith(f"/policies/{HENAN}/")
    assert page.evaluate("window.calculator.ready") is True


def test_search_works_when_the_calculator_cannot_start(page, base_url):
    page.route("**/worker.js", lambda route: route.fulfill(status=404, body=""))
    links = search(page, base_url + "calculator/", "专利证书")
    assert split_href(links[0]["href"])[0].endswith(f"/policies/{HUNAN}/")
    failed = page.evaluate("window.calculator.ready.then(() => 'ready', (error) => error.message)")
    assert failed != "ready"
