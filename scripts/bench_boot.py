#!/usr/bin/env python3
"""Time the calculator page's boot against a bare Pyodide boot of the same files.

One headless Chromium run. For each pair, the calculator page and a bare page
(a module worker that only calls loadPyodide on the same staged runtime) are
timed from navigation to ready:
  cold = a fresh browser context (empty cache), warm = a second visit in it.
Prints medians and the ratio calculator / bare.

    make bench            # or: .venv/bin/python scripts/bench_boot.py --pairs 5
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from serve import make_server, serve_in_thread  # noqa: E402

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
    stdLibURL: runtime + "python_stdlib.zip", packageBaseUrl: runtime, createPyodideModule }});
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


def serve(site: Path):
    runtime = runtime_path(site)
    extra = {
        "/__bench__/bare.html": ("text/html; charset=utf-8", BARE_PAGE.format(runtime=runtime)),
        "/__bench__/bare-worker.js": ("text/javascript", BARE_WORKER.format()),
    }
    server = make_server(site)
    handler = server.RequestHandlerClass

    class BenchHandler(handler.func):  # functools.partial(handler, directory=...)
        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path in extra:
                mime, body = extra[path]
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", mime)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            super().do_GET()

    server.RequestHandlerClass = type(handler)(BenchHandler, *handler.args, **handler.keywords)
    serve_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_port}"


def time_calculator(page, base: str) -> float:
    page.goto(base + "/calculator/")
    return page.evaluate("window.calculator.ready.then(() => performance.now())")


def time_bare(page, base: str) -> float:
    page.goto(base + "/__bench__/bare.html")
    return page.evaluate("window.bareReady")


def measure(browser, base: str, pairs: int) -> dict[str, list[float]]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="cold/warm pairs per page (>= 3)")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    if args.pairs < 3:
        parser.error("--pairs must be at least 3")

    from playwright.sync_api import sync_playwright

    server, base = serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            samples = measure(browser, base, args.pairs)
            browser.close()
    finally:
        server.shutdown()

    median = {key: statistics.median(values) for key, values in samples.items()}
    print(f"Boot to ready, headless Chromium, median of {args.pairs} (ms from navigation start)")
    print(f"{'':8}{'calculator':>12}{'bare Pyodide':>14}{'ratio':>8}")
    for mode in ("cold", "warm"):
        calc, bare = median[f"calc_{mode}"], median[f"bare_{mode}"]
        print(f"{mode:8}{calc:12.0f}{bare:14.0f}{calc / bare:8.2f}")
    print("samples:", {key: [round(v) for v in values] for key, values in samples.items()})


if __name__ == "__main__":
    main()
