"""Browser tests: the built site/ served on port 0; Debian's Chromium through pytest-playwright
for the full suite, Firefox and WebKit (engines.py) for the cross-engine leg."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .engines import engine  # noqa: F401  (Firefox and WebKit, for test_engines.py)
from .servers import ROOT, nginx_server, python_server

SITE = ROOT / "site"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "calculator" / "index.html").is_file():
        pytest.fail("site/ is not built: run `make site` (make test does it first)")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir):
    """Overrides pytest-base-url: every test gets the site served by Python."""
    with python_server(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def nginx_url(site_dir):
    with nginx_server(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def wrong_wasm_url(site_dir):
    """A server that sends .wasm as application/octet-stream, as a misconfigured host would."""
    with python_server(site_dir, types={".wasm": "application/octet-stream"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "service_workers": "block"}


@pytest.fixture
def requests_log(page):
    """Every URL the page requests, for tests that check where requests go."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


@pytest.fixture
def calculator_page(page, base_url):
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    return page
