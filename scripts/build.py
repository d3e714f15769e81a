#!/usr/bin/env python3
"""Build the static site into site/: one command, read top to bottom.

    validate policies -> build the calculator wheel -> vendor openpyxl
    -> stage the Pyodide runtime (compiled stdlib and wheel, memory snapshot)
    -> generate pages -> run MkDocs -> Content-Security-Policy on every page
    -> copy the runtime -> offline service worker

Any problem in the inputs stops the build with a message naming the file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from sitebuild import csp, mkdocs_run, offline, pages, policies, runtime, vendor, wheel  # noqa: E402
from sitebuild.errors import BuildError  # noqa: E402

BUILD = ROOT / "build"
SITE = ROOT / "site"


def main() -> int:
    started = time.perf_counter()
    step = _stepper(started)
    try:
        catalogue = policies.validate(ROOT / "policies")
        step(f"validated {len(catalogue)} policies: {', '.join(p.id for p in catalogue)}")

        whl = wheel.build(ROOT, BUILD / "wheel")
        step(f"built {whl.name}")

        extras = vendor.wheels(BUILD / "vendor")
        step(f"vendored {', '.join(w.name for w in extras)}")

        staged = runtime.stage(ROOT / "node_modules" / "pyodide", whl, extra_wheels=extras,
                               worker=ROOT / "web" / "runtime" / "worker.js",
                               out=BUILD / "runtime", cache=BUILD / "cache")
        step(f"staged Pyodide {staged.version} (compiled stdlib and wheel, snapshot) as {staged.url_path}")

        pages.generate(catalogue, staged, web=ROOT / "web", out=BUILD / "docs")
        step("generated pages")

        mkdocs_run.build(ROOT / "mkdocs.yml", SITE)
        step("ran MkDocs")

        step(f"added the Content-Security-Policy to {csp.apply(SITE)} pages")

        runtime.publish(staged, SITE)
        step(f"published runtime to {SITE.name}/{staged.url_path}")

        build_id = offline.write_service_worker(ROOT / "web" / "sw.js", SITE)
        step(f"wrote the offline service worker for build {build_id}")
    except BuildError as error:
        print(f"\nbuild failed: {error}", file=sys.stderr)
        return 1
    print(f"site/ ready in {time.perf_counter() - started:.1f} s")
    return 0


def _stepper(started: float):
    def step(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f} s] {message}", flush=True)
    return step


if __name__ == "__main__":
    sys.exit(main())
