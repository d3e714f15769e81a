#!/usr/bin/env python3
"""Build the static site into site/: one command, read top to bottom.

    validate policies -> build the calculator wheel -> vendor openpyxl
    -> stage the Pyodide runtime (compiled stdlib and wheel, memory snapshot)
    -> generate pages -> run MkDocs -> Content-Security-Policy on every page
    -> copy the runtime -> offline service worker

Any problem in the inputs stops the build with a message naming the file.

A test site (never the real one) can add policy folders from elsewhere:
``--extra-policies tests/fixtures/policies --site build/fixture-site --work build/fixture``
puts them in the wheel, the pages and the worked examples beside the real notices. The
compiled standard library and the vendored wheels are shared with the real build's cache.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from calculator.policy.folders import EXTRA_ROOTS  # noqa: E402
from sitebuild import csp, mkdocs_run, offline, pages, policies, runtime, vendor, wheel  # noqa: E402
from sitebuild.errors import BuildError  # noqa: E402

BUILD = ROOT / "build"
SITE = ROOT / "site"
CACHE = BUILD / "cache"        # the compiled standard library, whichever site is built
VENDOR = BUILD / "vendor"      # openpyxl and et-xmlfile wheels


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    extra = [path.resolve() for path in args.extra_policies]
    if extra:
        # The calculator of this process reads them too (validation, pages, examples).
        os.environ[EXTRA_ROOTS] = os.pathsep.join(map(str, extra))
    work, site = args.work.resolve(), args.site.resolve()
    started = time.perf_counter()
    step = _stepper(started)
    try:
        catalogue = policies.load(ROOT / "policies", *extra)
        step(f"validated {len(catalogue)} policies: {', '.join(p.id for p in catalogue)}")

        whl = wheel.build(ROOT, work / "wheel", extra_policies=extra)
        step(f"built {whl.name}")

        extras = vendor.wheels(VENDOR)
        step(f"vendored {', '.join(w.name for w in extras)}")

        staged = runtime.stage(ROOT / "node_modules" / "pyodide", whl, extra_wheels=extras,
                               worker=ROOT / "web" / "runtime" / "worker.js",
                               out=work / "runtime", cache=CACHE)
        step(f"staged Pyodide {staged.version} (compiled stdlib and wheel, snapshot) as {staged.url_path}")

        pages.generate(catalogue, staged, web=ROOT / "web", out=work / "docs", cases=ROOT / "tests" / "cases")
        step("generated pages")

        mkdocs_run.build(ROOT / "mkdocs.yml", site, docs_dir=work / "docs", catalogue=catalogue)
        step("ran MkDocs")

        step(f"added the Content-Security-Policy to {csp.apply(site)} pages")

        runtime.publish(staged, site)
        step(f"published runtime to {site.name}/{staged.url_path}")

        build_id = offline.write_service_worker(ROOT / "web" / "sw.js", site)
        step(f"wrote the offline service worker for build {build_id}")
    except BuildError as error:
        print(f"\nbuild failed: {error}", file=sys.stderr)
        return 1
    print(f"{site.name}/ ready in {time.perf_counter() - started:.1f} s")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Build the static site.")
    ap.add_argument("--extra-policies", metavar="DIR", type=Path, action="append", default=[],
                    help="another folder of policy folders (test fixtures; never for the real site)")
    ap.add_argument("--site", metavar="DIR", type=Path, default=SITE, help="where the site goes (default: site/)")
    ap.add_argument("--work", metavar="DIR", type=Path, default=BUILD,
                    help="where intermediate files go (default: build/)")
    return ap.parse_args(argv)


def _stepper(started: float):
    def step(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f} s] {message}", flush=True)
    return step


if __name__ == "__main__":
    sys.exit(main())
