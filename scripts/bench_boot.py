#!/usr/bin/env python3
"""Time the calculator page's boot against a stock Pyodide boot, on this machine and over shaped links.

One run, headless Chromium, stock nginx with the README's gzip lines. The stock boot
is the `pyodide` npm package served as shipped (its own stdlib, lockfile and
loader; nginx is told that .mjs is JavaScript, as any host of it must), in a module
worker that only calls loadPyodide. Each sample is a fresh browser context.

  localhost      cold and warm, medians of --pairs; the page's own milestones;
                 recalculation round trips
  shaped links   10 Mbit/s 40 ms and 1.6 Mbit/s 150 ms through scripts/shaping_proxy.py
                 (one token bucket for all connections, one round trip per request);
                 bytes as the proxy sent them, until ready. The worker chooses between
                 the snapshot and a plain boot by the link; a copy of the site with the
                 choice fixed (/__bench__/snapshot-always/, plain-always/) measures the
                 design it did not take
  plain http     http://jxjy.test:PORT/ (not a secure context) against localhost
  bytes          per visit, as sent with gzip: reading page, calculator, /forms/, XLSX
  phone          Lighthouse mobile performance (4x CPU slowdown, slow 4G, simulated) of
                 /forms/ and /calculator/: Total Blocking Time and the longest tasks, of
                 this site and of a copy that starts Material and renders every form
                 preview at once (/__bench__/eager/: the design before), alternately

    make bench            # or: .venv/bin/python scripts/bench_boot.py --pairs 9
"""

from __future__ import annotations

import argparse
import json
import os
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

from serve import nginx_server  # noqa: E402
from shaping_proxy import ShapingProxy  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.e2e.waiting import wait_for  # noqa: E402

STOCK_PAGE = """<!doctype html><meta charset="utf-8"><title>stock Pyodide boot</title>
<script type="module">
const worker = new Worker("./stock-worker.js", { type: "module" });
window.stockReady = new Promise((resolve, reject) => {
  worker.onmessage = ({ data }) => data.ok ? resolve(performance.now()) : reject(new Error(data.error));
});
</script>"""

STOCK_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
try {
  await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  postMessage({ ok: true });
} catch (error) { postMessage({ ok: false, error: String(error) }); }
"""

SHA_PAGE = """<!doctype html><meta charset="utf-8"><title>sha256 speed</title>"""
SHA_SPEED = """async (runtime) => {
  const { sha256 } = await import(runtime + "boot.js");
  const bytes = new Uint8Array(await (await fetch(runtime + "python_stdlib.zip")).arrayBuffer());
  sha256(bytes.subarray(0, 1 << 20));   // warm up
  const times = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); sha256(bytes); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  return { mb: bytes.length / 1e6, ms: times[1] };
}"""

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
INTRANET_HOST = "jxjy.test"
PROFILES = (("10 Mbit/s, 40 ms", 10, 40), ("1.6 Mbit/s, 150 ms", 1.6, 150))
# /__bench__/<variant>/: the site with the worker's link check fixed to one design:
# (FAST_LINK, GZIP_LINK), the speeds from which it takes the snapshot, and its gzip'd pages.
VARIANTS = {"snapshot-always": ("0", None), "snapshot-gzip": ("0", "0"), "plain-always": ("Infinity", None)}
# /__bench__/eager/: the pages as they were before Material waited for the reader on a
# phone and the form previews for the screen (patterns in the built JavaScript).
EAGER = {
    "assets/js/page-chrome.js": (r"if \(window\.matchMedia && !window\.matchMedia\(WIDE\)\.matches\) return;", ""),
    "assets/js/forms/render.js": (r"if \(!watcher \|\| near\.has\(block\)\)", "if (true)"),
}
PHONE_PAGES = ("forms/", "calculator/")


def runtime_path(site: Path) -> str:
    html = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-runtime="(?:\.\./)*(assets/runtime/[0-9a-f]+/)"', html)
    if not match:
        sys.exit("site/calculator/index.html has no data-runtime: run `make site`")
    return "/" + match.group(1)


@contextmanager
def serve(site: Path):
    """The site plus the stock boot under /__bench__/, on stock nginx with gzip."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        Path(tmp).chmod(0o755)   # nginx's workers run unprivileged
        root = Path(tmp) / "site"
        shutil.copytree(site, root)
        bench = root / "__bench__"
        bench.mkdir()
        (bench / "stock.html").write_text(STOCK_PAGE, encoding="utf-8")
        (bench / "stock-worker.js").write_text(STOCK_WORKER, encoding="utf-8")
        (bench / "sha.html").write_text(SHA_PAGE, encoding="utf-8")
        shutil.copytree(ROOT / "node_modules" / "pyodide", bench / "pyodide")
        # The same site with the worker's choice fixed, to measure the design it did not take.
        for variant, thresholds in VARIANTS.items():
            copy = bench / variant
            shutil.copytree(site, copy)
            worker = copy / runtime_path(site).lstrip("/") / "worker.js"
            for name, value in zip(("FAST_LINK", "GZIP_LINK"), thresholds):
                if value is not None:
                    patch(worker, rf"const {name} = [^;]+;", f"const {name} = {value};")
        eager = bench / "eager"
        shutil.copytree(site, eager)
        for path, (pattern, replacement) in EAGER.items():
            patch(eager / path, pattern, replacement)
        with nginx_server(root, gzip=True, types={".mjs": "text/javascript"}) as url:
            yield url.rstrip("/")


def patch(path: Path, pattern: str, replacement: str) -> None:
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"))
    if count != 1:
        sys.exit(f"{path}: {pattern!r} not found once; update scripts/bench_boot.py")
    path.write_text(text, encoding="utf-8")


def time_calculator(page, base: str) -> float:
    page.goto(base + "/calculator/")
    return page.evaluate("window.calculator.ready.then(() => performance.now())")


def time_stock(page, base: str) -> float:
    page.goto(base + "/__bench__/stock.html")
    return page.evaluate("window.stockReady")


def time_plain(page, base: str) -> float:
    return time_calculator(page, base + "/__bench__/plain-always")


def measure_boot(browser, base: str, pairs: int) -> dict[str, list[float]]:
    samples = {key: [] for key in ("calc_cold", "stock_cold", "calc_warm", "stock_warm", "plain_cold", "plain_warm")}
    for index in range(pairs):
        # Alternate which goes first so neither always gets the quieter moment.
        order = [("calc", time_calculator), ("stock", time_stock), ("plain", time_plain)]
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
        # Not page.wait_for_function: it evaluates a string, which the pages' CSP refuses.
        wait_for(page, "window.__stamps.verdict && performance.getEntriesByName('page-chrome:ready').length", 120_000)
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


def measure_shaped(browser, upstream_port: int, mbit: float, rtt_ms: float, pairs: int) -> dict:
    """Cold boots over a shaped link: ready times, and the bytes the link carried until
    ready, for the calculator as it chooses, the stock boot, and the snapshot forced."""
    runs = (("calc", "", time_calculator), ("stock", "", time_stock),
            ("snapshot", "/__bench__/snapshot-always", time_calculator),
            ("gzip", "/__bench__/snapshot-gzip", time_calculator))
    times = {name: [] for name, _, _ in runs}
    sent = {name: [] for name, _, _ in runs}
    for index in range(pairs):
        for name, prefix, timer in (runs if index % 2 == 0 else runs[::-1]):
            with ShapingProxy(upstream_port, mbit=mbit, rtt_ms=rtt_ms) as proxy:
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                times[name].append(timer(page, f"http://127.0.0.1:{proxy.port}{prefix}"))
                sent[name].append(proxy.sent)
                if name != "stock":
                    mode = page.evaluate("""(({mode, pages}) => pages ? `${mode} ${pages}` : mode)(
                        performance.getEntriesByName('calculator:ready')[0].detail)""")
                    times.setdefault(f"{name} mode", []).append(mode)
                context.close()
    return {"times": times, "sent": sent}


def measure_intranet(playwright, base: str, pairs: int) -> dict[str, list]:
    """The calculator at http://jxjy.test:PORT/ (plain http, not a secure context) and
    at http://127.0.0.1:PORT/, alternately, each in a fresh context."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=[*LAUNCH_ARGS, f"--host-resolver-rules=MAP {INTRANET_HOST} 127.0.0.1"])
    result = {"intranet": [], "localhost": [], "modes": []}
    try:
        for index in range(pairs):
            order = [("intranet", base.replace("127.0.0.1", INTRANET_HOST)), ("localhost", base)]
            if index % 2:
                order.reverse()
            for name, url in order:
                context = browser.new_context()
                page = context.new_page()
                result[name].append(time_calculator(page, url))
                if name == "intranet":
                    secure, mode = page.evaluate("""[window.isSecureContext,
                        performance.getEntriesByName("calculator:ready")[0].detail.mode]""")
                    result["modes"].append((secure, mode))
                context.close()
    finally:
        browser.close()
    return result


def measure_bytes(browser, upstream_port: int) -> dict[str, int]:
    """Bytes the server sent (gzip as nginx applies it; headers included), counted at an
    unshaped proxy: a reading page, then the calculator until ready (the first visit
    follows a reading page, as most do), then everything the offline copy fetches
    after it; /forms/ until ready, and what XLSX loads on demand."""
    result = {}
    with ShapingProxy(upstream_port, mbit=10_000, rtt_ms=0) as proxy:
        base = f"http://127.0.0.1:{proxy.port}"
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/policies/hunan-2023/", wait_until="load")
        page.wait_for_load_state("networkidle")
        result["reading page (cold)"] = proxy.sent
        proxy.reset()
        page.goto(base + "/calculator/")
        page.evaluate("window.calculator.ready")
        result["calculator, first visit until ready (after a reading page)"] = proxy.sent
        proxy.reset()
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        result["the offline copy, fetched after ready (secure contexts only)"] = proxy.sent
        context.close()

        context = browser.new_context(service_workers="block")
        page = context.new_page()
        proxy.reset()
        page.goto(base + "/forms/")
        page.evaluate("window.calculator.ready")
        result["/forms/, first visit until ready (cold)"] = proxy.sent
        proxy.reset()
        page.evaluate("window.calculator.call('load', {package: 'openpyxl'})")
        result["/forms/, XLSX component on demand"] = proxy.sent
        context.close()
    return result


def measure_phone(base: str, runs: int) -> dict:
    """Lighthouse mobile performance of PHONE_PAGES, this site's and the eager copy's,
    alternately in one Chromium (scripts/lighthouse_perf.mjs)."""
    paths = [prefix + path for path in PHONE_PAGES for prefix in ("", "__bench__/eager/")]
    run = subprocess.run(["node", str(ROOT / "scripts" / "lighthouse_perf.mjs"), base + "/", str(runs), *paths],
                         cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    if run.returncode:
        sys.exit(f"lighthouse_perf.mjs failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="cold/warm pairs on localhost (>= 3)")
    parser.add_argument("--shaped-pairs", type=int, default=3, help="samples per design on each shaped link")
    parser.add_argument("--phone-runs", type=int, default=3, help="Lighthouse runs per page and design")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--build", action="store_true", help="build site/ first and report the build time")
    args = parser.parse_args()
    if args.pairs < 3:
        parser.error("--pairs must be at least 3")

    build_seconds = None
    if args.build:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py")], check=True, stdout=subprocess.DEVNULL)
        build_seconds = time.perf_counter() - started

    from playwright.sync_api import sync_playwright

    runtime = runtime_path(args.site)
    with serve(args.site) as base, sync_playwright() as playwright:
        port = int(base.rsplit(":", 1)[1])
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        boot = measure_boot(browser, base, args.pairs)
        shaped = {label: measure_shaped(browser, port, mbit, rtt, args.shaped_pairs) for label, mbit, rtt in PROFILES}
        form = measure_form(browser, base, args.pairs)
        recalc = measure_recalc(browser, base, 200)
        transferred = measure_bytes(browser, port)
        page = browser.new_page()
        page.goto(base + "/__bench__/sha.html")
        sha = page.evaluate(SHA_SPEED, runtime)
        browser.close()
        intranet = measure_intranet(playwright, base, max(3, args.pairs // 2))
        phone = measure_phone(base, args.phone_runs)

    median = {key: statistics.median(values) for key, values in boot.items()}
    mb = lambda size: f"{size / 1e6:.2f} MB"  # noqa: E731
    print(f"Headless Chromium, stock nginx with gzip on 127.0.0.1, one run; medians of {args.pairs} on localhost, "
          f"{args.shaped_pairs} per design on each shaped link, 200 recalculations\n")
    print("| measure | calculator | stock Pyodide boot | ratio |")
    print("|---|---:|---:|---:|")
    for mode in ("cold", "warm"):
        calc, stock = median[f"calc_{mode}"], median[f"stock_{mode}"]
        print(f"| localhost, {mode}: ready (ms from navigation) | {calc:.0f} | {stock:.0f} | **{calc / stock:.2f}** |")
    plain = median["plain_cold"]
    print(f"| localhost, cold, plain boot forced (the design taken on slow links) | {plain:.0f} | "
          f"{median['stock_cold']:.0f} | {plain / median['stock_cold']:.2f} |")
    for label, result in shaped.items():
        times, sent = result["times"], result["sent"]
        stock = statistics.median(times["stock"])
        modes = ", ".join(sorted(set(times["calc mode"])))
        for name, what in (("calc", f"cold ({modes} boot, as chosen)"), ("snapshot", "cold, snapshot forced"),
                           ("gzip", "cold, gzip'd snapshot forced (the design before)")):
            calc = statistics.median(times[name])
            bold = "**" if name == "calc" else ""
            print(f"| {label}, {what}: ready (ms) | {calc:.0f} | {stock:.0f} | {bold}{calc / stock:.2f}{bold} |")
            print(f"| {label}, {what}: bytes until ready, as sent | {mb(statistics.median(sent[name]))} "
                  f"| {mb(statistics.median(sent['stock']))} "
                  f"| {statistics.median(sent[name]) / statistics.median(sent['stock']):.2f} |")
    local, remote = statistics.median(intranet["localhost"]), statistics.median(intranet["intranet"])
    modes = sorted({str(mode) for _, mode in intranet["modes"]})
    secure = sorted({secure for secure, _ in intranet["modes"]})
    print(f"| plain http `http://{INTRANET_HOST}` (secure context: {secure}; boot: {', '.join(modes)}): ready, cold (ms) "
          f"| {remote:.0f} | {local:.0f} (localhost, same run) | {remote / local:.2f}x localhost |")
    print(f"| form usable: inputs wired, answers restored (ms from navigation) | {statistics.median(form['form']):.0f} | | |")
    print(f"| DOMContentLoaded end (ms from navigation) | {statistics.median(form['dcl']):.0f} | | |")
    print(f"| first verdict shown (ms from navigation) | {statistics.median(form['verdict']):.0f} | | |")
    print(f"| Material's header, navigation and search set up (ms from navigation) | {statistics.median(form['chrome']):.0f} | | |")
    print(f"| recalculation round trip, median (ms) | {statistics.median(recalc):.2f} | | |")
    print(f"| recalculation round trip, p95 (ms) | {percentile(recalc, 0.95):.2f} | | |")
    for label, size in transferred.items():
        print(f"| bytes as sent: {label} | {mb(size)} | | |")
    print(f"| SHA-256 in JavaScript (boot.js, for the stdlib fetched synchronously) | {sha['mb'] / sha['ms'] * 1000:.0f} MB/s "
          f"({sha['mb']:.1f} MB in {sha['ms']:.0f} ms) | | |")
    if build_seconds is not None:
        print(f"| build time (scripts/build.py) | {build_seconds:.1f} s | | |")
    for path in PHONE_PAGES:
        for prefix, what in (("", "this site"), ("__bench__/eager/", "Material and every preview at once (before)")):
            runs = phone[prefix + path]
            tbt = statistics.median(r["tbt"] for r in runs)
            lcp = statistics.median(r["lcp"] for r in runs)
            print(f"| phone (Lighthouse mobile) /{path}, {what}: Total Blocking Time, median (ms) | {tbt:.0f} | | "
                  f"LCP {lcp:.0f} ms |")
    print("\nsamples (ms):", {key: [round(v) for v in values] for key, values in boot.items()})
    for label, result in shaped.items():
        print(f"{label} (ms):", {key: [v if isinstance(v, str) else round(v) for v in values]
                                 for key, values in result["times"].items()})
    print("plain http (ms):", {key: [round(v) for v in intranet[key]] for key in ("intranet", "localhost")})
    for path, runs in phone.items():
        print(f"phone /{path}: TBT {[r['tbt'] for r in runs]}, longest tasks of the first run (ms): "
              f"{[(t['url'], t['ms']) for t in runs[0]['longTasks'][:4]]}")


if __name__ == "__main__":
    main()
