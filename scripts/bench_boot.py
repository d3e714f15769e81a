#!/usr/bin/env python3
"""Time the calculator page's boot against a bare Pyodide boot of the same files.

One headless Chromium run. For each pair, the calculator page and a bare page
(a module worker that only calls loadPyodide: the same staged wasm and
loader, with the stock standard library of the npm package) are
timed from navigation to ready:
  cold = a fresh browser context (empty cache), warm = a second visit in it.
Prints medians and the ratio calculator / bare.

    make bench            # or: .venv/bin/python scripts/bench_boot.py --pairs 9
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from contextlib import contextmanager
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from serve import make_server, nginx_server, serve_in_thread  # noqa: E402

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide boot</title>
<script type="module">
const worker = new Worker("./bare-worker.js?runtime={runtime}", {{ type: "module" }});
window.bareReady = new Promise((resolve, reject) => {{
  worker.onmessage = ({{ data }}) => data.ok ? resolve(performance.now()) : reject(new Error(data.error));
}});
</script>"""

BARE_WORKER = """const runtime = new URL(location).searchParams.get("runtime");
const {{ loadPyodide }} = await import(runtime + "pyodide.esm.js");
const {{ default: createPyodideModule }} = await import(runtime + "pyodide.asm.js");
try {{
  await loadPyodide({{ indexURL: runtime, lockFileURL: runtime + "pyodide-lock.json",
    stdLibURL: "./python_stdlib.zip", packageBaseUrl: runtime, createPyodideModule }});
  postMessage({{ ok: true }});
}} catch (error) {{ postMessage({{ ok: false, error: String(error) }}); }}
"""

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


def runtime_path(site: Path) -> str:
    html = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-runtime="(?:\.\./)*(assets/runtime/[0-9a-f]+/)"', html)
    if not match:
        sys.exit("site/calculator/index.html has no data-runtime: run `make site`")
    return "/" + match.group(1)


@contextmanager
def serve(site: Path, server: str):
    """The site plus a bare boot page under /__bench__/, on stock nginx (a real
    static server, like a host's) or on Python's."""
    runtime = runtime_path(site)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        Path(tmp).chmod(0o755)   # nginx's workers run unprivileged
        root = Path(tmp) / "site"
        shutil.copytree(site, root)
        bench = root / "__bench__"
        bench.mkdir()
        (bench / "bare.html").write_text(BARE_PAGE.format(runtime=runtime), encoding="utf-8")
        (bench / "bare-worker.js").write_text(BARE_WORKER.format(), encoding="utf-8")
        # The bare boot is Pyodide as distributed: the site's staged wasm and
        # loader, but the stock (uncompiled) standard library of the npm package.
        shutil.copy2(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", bench / "python_stdlib.zip")
        if server == "nginx":
            with nginx_server(root) as url:
                yield url.rstrip("/")
        else:
            httpd = make_server(root)
            serve_in_thread(httpd)
            try:
                yield f"http://127.0.0.1:{httpd.server_port}"
            finally:
                httpd.shutdown()


def time_calculator(page, base: str) -> float:
    page.goto(base + "/calculator/")
    return page.evaluate("window.calculator.ready.then(() => performance.now())")


def time_bare(page, base: str) -> float:
    page.goto(base + "/__bench__/bare.html")
    return page.evaluate("window.bareReady")


def measure_boot(browser, base: str, pairs: int) -> dict[str, list[float]]:
    samples = {key: [] for key in ("calc_cold", "bare_cold", "calc_warm", "bare_warm")}
    for index in range(pairs):
        # Alternate which goes first so neither always gets the quieter moment.
        order = [("calc", time_calculator), ("bare", time_bare)]
        if index % 2:
            order.reverse()
        for name, timer in order:
            context = browser.new_context()
            page = context.new_page()
            samples[f"{name}_cold"].append(timer(page, base))
            samples[f"{name}_warm"].append(timer(page, base))
            context.close()
    return samples


# When the page first shows a verdict, stamped by an observer installed before the
# page's own scripts. (Material's set-up is the page's `page-chrome:ready` mark.)
PAGE_STAMPS = """window.__stamps = {};
new MutationObserver(() => {
  if (!window.__stamps.verdict && document.querySelector(".calc-verdict")) window.__stamps.verdict = performance.now();
}).observe(document, { subtree: true, childList: true });"""


def measure_form(browser, base: str, runs: int) -> dict[str, list[float]]:
    """Navigation to a usable form (the page script has wired the inputs and put back
    the saved answers: its `calculator:form-ready` mark), to DOMContentLoaded end, to the
    first verdict on screen and to Material's bundle having run (held back on this page
    until the calculator has settled: web/overrides/main.html)."""
    times = {"form": [], "dcl": [], "verdict": [], "chrome": []}
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(PAGE_STAMPS)
        page.goto(base + "/calculator/")
        page.wait_for_function("window.__stamps.verdict && performance.getEntriesByName('page-chrome:ready').length")
        stamps = page.evaluate("""() => ({...window.__stamps,
            chrome: performance.getEntriesByName("page-chrome:ready")[0].startTime,
            form: performance.getEntriesByName("calculator:form-ready")[0].startTime,
            dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd})""")
        for key in times:
            times[key].append(stamps[key])
        context.close()
    return times


RECALC = """async (n) => {
  await window.calculator.ready;
  const input = {policy: "hunan-2023", year: 2023, activities: [
    {kind: "training", category: "professional", days: 3, half_days: 1, evenings: 2},
    {kind: "certified_hours", category: "public", hours: 24.5},
    {kind: "paper", role: "first_author", count: 2},
    {kind: "award_prefecture", rank: 6, count: 1},
    {kind: "computer_exam", modules: 2}]};
  const times = [];
  for (let i = 0; i < n; i++) {
    input.activities[0].days = i % 7;           // an edit, as the person types
    const t = performance.now();
    await window.calculator.assess(input);
    times.push(performance.now() - t);
  }
  return times;
}"""


def measure_recalc(browser, base: str, n: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/calculator/")
    times = page.evaluate(RECALC, n)
    context.close()
    return times


def measure_bytes(browser, base: str, attempts: int = 3) -> dict[str, int]:
    """Bytes over the wire (headers + bodies) per visit; the Python server does not compress.

    The first calculator visit follows a reading page in the same browser context. Once
    in a while the network does not go quiet for Playwright's "networkidle" (the offline
    copy is being fetched); the measurement is then taken again in a fresh context.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts - 1):
        try:
            return _visit_bytes(browser, base)
        except PlaywrightTimeout:
            pass
    return _visit_bytes(browser, base)


def _visit_bytes(browser, base: str) -> dict[str, int]:
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def finished(request):
        try:
            info = request.sizes()
        except Exception:  # noqa: BLE001 - a request torn down with its page
            return
        sizes.append(info["responseBodySize"] + info["responseHeadersSize"])

    page.on("requestfinished", finished)
    result = {}
    try:
        for label, path, ready in (("reading page (cold)", "/policies/hunan-2023/", False),
                                   ("calculator, first visit (after a reading page)", "/calculator/", True),
                                   ("calculator, warm visit", "/calculator/", True)):
            sizes.clear()
            page.goto(base + path, wait_until="load")
            if ready:
                page.evaluate("window.calculator.ready")
            page.wait_for_load_state("networkidle", timeout=20_000)
            result[label] = sum(sizes)
    finally:
        context.close()
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="cold/warm pairs per page (>= 3)")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--build", action="store_true", help="build site/ first and report the build time")
    parser.add_argument("--server", choices=("nginx", "python"), default="nginx",
                        help="stock nginx (default, as a host would serve it) or Python's http.server")
    args = parser.parse_args()
    if args.pairs < 3:
        parser.error("--pairs must be at least 3")

    build_seconds = None
    if args.build:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py")], check=True, stdout=subprocess.DEVNULL)
        build_seconds = time.perf_counter() - started

    from playwright.sync_api import sync_playwright

    with serve(args.site, args.server) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        boot = measure_boot(browser, base, args.pairs)
        form = measure_form(browser, base, args.pairs)
        recalc = measure_recalc(browser, base, 200)
        transferred = measure_bytes(browser, base)
        browser.close()

    median = {key: statistics.median(values) for key, values in boot.items()}
    print(f"Headless Chromium, {args.server} on 127.0.0.1, one run; medians of {args.pairs} (boot, form) "
          f"and 200 (recalculation)\n")
    print("| measure | calculator | bare Pyodide | ratio |")
    print("|---|---:|---:|---:|")
    for mode in ("cold", "warm"):
        calc, bare = median[f"calc_{mode}"], median[f"bare_{mode}"]
        print(f"| ready, {mode} (ms from navigation) | {calc:.0f} | {bare:.0f} | {calc / bare:.2f} |")
    print(f"| form usable: inputs wired, answers restored (ms from navigation) | {statistics.median(form['form']):.0f} | | |")
    print(f"| DOMContentLoaded end (ms from navigation) | {statistics.median(form['dcl']):.0f} | | |")
    print(f"| first verdict shown (ms from navigation) | {statistics.median(form['verdict']):.0f} | | |")
    print(f"| Material's header, navigation and search set up (ms from navigation) | {statistics.median(form['chrome']):.0f} | | |")
    print(f"| recalculation round trip, median (ms) | {statistics.median(recalc):.2f} | | |")
    print(f"| recalculation round trip, p95 (ms) | {percentile(recalc, 0.95):.2f} | | |")
    for label, size in transferred.items():
        print(f"| bytes transferred: {label} | {size / 1e6:.2f} MB | | |")
    if build_seconds is not None:
        print(f"| build time (scripts/build.py) | {build_seconds:.1f} s | | |")
    print("\nsamples (ms):", {key: [round(v) for v in values] for key, values in boot.items()})


if __name__ == "__main__":
    main()
