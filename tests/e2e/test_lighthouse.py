"""Lighthouse (npm `lighthouse`, pinned in package.json) scores 100 in accessibility, best
practices and SEO on every page of the built site, in Debian's Chromium. Performance is
measured by `make bench` (scripts/bench_boot.py), not here. The pages run one after the
other in one Chromium (tests/e2e/lighthouse.mjs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from .conftest import CHROMIUM, SITE
from .servers import ROOT

RUNNER = ROOT / "tests" / "e2e" / "lighthouse.mjs"
CATEGORIES = ("accessibility", "best-practices", "seo")


def site_pages() -> list[str]:
    """Every page of site/, as the path a browser asks for."""
    pages = [p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html")]
    pages = sorted(p[: -len("index.html")] for p in pages)
    return pages + ["404.html"] if pages else ["(site/ is not built)"]


PAGES = site_pages()


@pytest.fixture(scope="module")
def lighthouse(base_url):
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "lighthouse").is_dir():
        pytest.fail("node_modules/lighthouse is missing: run `npm ci` (make test does)")
    run = subprocess.run([node, str(RUNNER), base_url, *PAGES], cwd=ROOT, capture_output=True, text=True,
                         timeout=3000, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if run.returncode:
        pytest.fail(f"lighthouse.mjs failed ({run.returncode}):\n{run.stderr[-4000:]}")
    return json.loads(run.stdout)


def test_the_site_has_its_pages():
    assert {"", "calculator/", "forms/", "policies/hunan-2023/", "policies/henan-luoyang-2023/"} <= set(PAGES)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_scores_100(lighthouse, path):
    page = lighthouse[path]
    problems = "\n".join(f"{f['id']}: {f['title']} ({len(f['items'])}) {f['items'][:5]}" for f in page["failed"])
    assert page["scores"] == dict.fromkeys(CATEGORIES, 1), f"{path or '/'}: {page['scores']}\n{problems}"
