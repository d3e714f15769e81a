"""A request that does not answer in time does not block the ones after it: the page
gives up on it, replaces the worker (loading again what the old one had loaded), sends
the waiting requests to the new one, and says so at the top of the page.

Python bounds every request to a second, so nothing hangs on purpose any more: the test
makes the worker's next answer never reach the page (an init script wraps the worker's
message listeners), which is to the page exactly a worker that does not answer, and
lowers the page's time limit (calculator.timeoutMs) so the wait is short. (A time limit
below what a request takes raced the answer on a loaded machine.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# window.__mute(data) -> true drops that message of the worker before the page sees it.
MUTE = """(() => {
  const add = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, ...rest) {
    if (type !== "message") return add.call(this, type, listener, ...rest);
    return add.call(this, type, function (event) {
      if (window.__mute && event.data && event.data.id !== undefined && window.__mute(event.data)) return;
      return listener.call(this, event);
    }, ...rest);
  };
})();"""


@pytest.fixture(autouse=True)
def mutable_worker(page):
    page.add_init_script(MUTE)

GRADE_SHEET = {"policy": "henan-luoyang-2023", "form": "grade_sheet", "format": "xlsx",
               "values": {"rows": [{"name": f"人员{i}", "grade": "合格"} for i in range(1, 41)]}}
# A few hundred milliseconds of work for the worker: longer than any timer's slack.
LONG_SHEET = {**GRADE_SHEET, "format": "document",
              "values": {"rows": [{"name": f"人员{i}", "grade": "合格"} for i in range(1, 401)]}}
# The one that times out does real work too, so that on a loaded machine its answer
# cannot come back before a 1 ms timer fires.
LONG_XLSX = {**GRADE_SHEET, "values": LONG_SHEET["values"]}
YEAR = {"policy": "hunan-2023", "year": 2023,
        "activities": [{"kind": "certified_hours", "category": "professional", "hours": 90}]}


def test_a_stuck_request_fails_alone_and_a_new_worker_answers_the_rest(page, base_url):
    page.goto(base_url + "forms/")
    page.evaluate("window.calculator.ready")
    # Off-screen previews render one at a time when the page is idle (forms/render.js):
    # all of them done first, so the stuck request is the oldest one the worker has.
    page.evaluate("window.formsPage.refresh().then(() => true)")
    outcome = page.evaluate("""async ([sheet, long, year]) => {
        const c = window.calculator;
        await c.call("load", {package: "openpyxl"});
        const events = [];
        c.onStatus((event) => {
            events.push(event.type);
            if (event.type === "restarting") { c.timeoutMs = 10000; window.__mute = null; }   // the new worker is heard
        });
        c.timeoutMs = 1000;
        window.__mute = () => true;   // the worker says nothing more: as if it hung
        const stuck = c.call("form", long).then(() => "answered", (e) => `${e.name}: ${e.message}`);
        const later = c.assess(year).then((r) => r.earned.total, (e) => `failed: ${e.message}`);
        const results = [await stuck, await later];
        const xlsx = await c.call("form", sheet).then((r) => r.base64.length > 1000, (e) => e.message);
        return {results, events, xlsx};
    }""", [GRADE_SHEET, LONG_XLSX, YEAR])
    stuck, later = outcome["results"]
    assert stuck.startswith("TimeoutError: 这项计算超过") and "已停止并重新启动计算器" in stuck, stuck
    assert later == 90                          # sent before the restart, answered after it
    assert outcome["xlsx"] is True              # openpyxl loaded again in the new worker
    assert outcome["events"][:2] == ["restarting", "restarted"]
    notice = page.locator(".runtime-notice")
    # A new worker boots as the first did: on a busy machine that takes a while.
    expect(notice).to_contain_text("计算器已重新启动，可以继续使用", timeout=60_000)
    notice.get_by_role("button", name="知道了").click()
    expect(notice).to_have_count(0)


def test_the_self_check_keeps_working_after_a_restart(page, base_url):
    """The page does not send the input that timed out again by itself (no loop), and the
    next edit is answered by the new worker."""
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    page.wait_for_timeout(1500)     # the page's own first answers are in: ours is the oldest request
    first = page.evaluate("""async (sheet) => {
        const c = window.calculator;
        c.onStatus((event) => { if (event.type === "restarting") { c.timeoutMs = 10000; window.__mute = null; } });
        c.timeoutMs = 1000;
        window.__mute = () => true;   // the worker says nothing more: as if it hung
        return c.call("form", sheet).then(() => "answered", (e) => e.name);
    }""", LONG_SHEET)
    assert first == "TimeoutError"
    expect(page.locator(".runtime-notice")).to_contain_text("计算器已重新启动", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator(".runtime-notice").count() == 1
    assert page.evaluate("(year) => window.calculator.assess(year).then((r) => r.earned.total)", YEAR) == 90
