"""Firefox and WebKit for the browser tests: every line that knows which engine it drives.

Chromium runs the full suite through pytest-playwright (conftest.py). The other two engines
run the cross-engine leg (test_engines.py) through one small interface, `Browser`:

- Firefox: Debian's `firefox-esr`, headless, driven by Mozilla's own client
  (`marionette-driver`, PyPI) over Marionette; no geckodriver.
- WebKit: Debian's WebKitGTK `MiniBrowser --automation` (webkit2gtk-driver) under a private
  Xvfb (MiniBrowser has no headless mode), driven by Selenium's WebKitGTK driver with every
  path given, so Selenium Manager never runs and nothing is downloaded.

Tests write plain JavaScript for the page and CSS selectors for the elements they touch;
the typing and clicking go through WebDriver, as a person's would.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

FIREFOX = shutil.which("firefox-esr") or "/usr/bin/firefox-esr"
WEBKIT_DRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
ENGINES = ("firefox", "webkit")
WINDOW = (1280, 1000)
SCRIPT_TIMEOUT_S = 180      # the first boot in a busy shared machine takes a while

# Runs `body` as an async function of the given arguments and reports its value or its
# error: one path for synchronous and asynchronous page code, in both drivers.
_ASYNC = """
const done = arguments[arguments.length - 1];
const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);
Promise.resolve().then(() => (async function () { %s }).apply(null, args)).then(
  (value) => done({ok: true, value: value === undefined ? null : value}),
  (error) => done({ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}));
"""


class PageError(AssertionError):
    """The page's JavaScript threw (or rejected); the message is the page's."""


class Browser:
    """What a cross-engine test can do with a browser; one subclass per engine."""

    name: str
    version: str

    def __init__(self, downloads: Path):
        self.downloads = downloads

    # -- implemented by each engine ---------------------------------------------------------
    def goto(self, url: str) -> None: raise NotImplementedError
    def _run(self, script: str, args: list): raise NotImplementedError
    def _element(self, css: str): raise NotImplementedError
    def screenshot(self, path: Path) -> None: raise NotImplementedError
    def download(self, css: str, timeout: float = 60) -> tuple[str, bytes]: raise NotImplementedError
    def close(self) -> None: raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------------
    def js(self, body: str, *args):
        """Run `body` (a function body; `await` allowed, `arguments` are `args`) in the page."""
        answer = self._run(_ASYNC % body, list(args))
        if not answer["ok"]:
            raise PageError(answer["error"])
        return answer["value"]

    def wait_for(self, expression: str, timeout: float = 30, *args):
        """Poll a JavaScript expression in the page until it is truthy; its value. An
        expression that throws (an element not there yet) counts as not yet."""
        return self.js(f"""
            const deadline = Date.now() + {int(timeout * 1000)};
            let last = null;
            for (;;) {{
                try {{
                    const value = await ({expression});
                    if (value) return value;
                }} catch (error) {{ last = error; }}
                if (Date.now() > deadline) {{
                    throw new Error("timed out waiting for: " + {json.dumps(expression)} + (last ? " (" + last.message + ")" : ""));
                }}
                await new Promise((resolve) => setTimeout(resolve, 50));
            }}""", *args)

    def ready(self) -> bool:
        """Wait for window.calculator.ready (the page's modules may still be running when a
        driver reports the navigation done)."""
        self.wait_for("document.readyState === 'complete' && window.calculator")
        return self.js("return await window.calculator.ready;")

    def element(self, css: str):
        element = self._element(css)
        # Into the middle of the view, clear of Material's sticky header.
        self._run(_ASYNC % "arguments[0].scrollIntoView({block: 'center'});", [element])
        return element

    def click(self, css: str) -> None:
        self.element(css).click()

    def type(self, css: str, text: str) -> None:
        box = self.element(css)
        box.clear()
        box.send_keys(text)

    def choose(self, select_css: str, value: str) -> None:
        """Pick an option of a <select> by clicking it, as WebDriver defines for options."""
        self.element(select_css)
        self._element(f"{select_css} option[value={json.dumps(value)}]").click()

    def upload(self, css: str, path: Path) -> None:
        self._element(css).send_keys(str(path))

    def text(self, css: str) -> str:
        return self.js("const el = document.querySelector(arguments[0]); return el ? el.textContent : null;", css)


# ---- Firefox ---------------------------------------------------------------------------------


class Firefox(Browser):
    name = "firefox"

    def __init__(self, downloads: Path, log: Path):
        super().__init__(downloads)
        from marionette_driver.marionette import Marionette

        self._client = Marionette(
            bin=FIREFOX, headless=True, port=0, startup_timeout=120, gecko_log=str(log),
            prefs={
                # Downloads land in our folder without a dialog.
                "browser.download.folderList": 2,
                "browser.download.dir": str(downloads),
                "browser.download.useDownloadDir": True,
                "browser.download.always_ask_before_handling_new_types": False,
                "browser.download.alwaysOpenPanel": False,
                # The site is Chinese; so is the person using it.
                "intl.accept_languages": "zh-CN, zh",
            })
        self._client.start_session()
        self._client.timeout.script = SCRIPT_TIMEOUT_S
        self._client.set_window_rect(width=WINDOW[0], height=WINDOW[1])
        self.version = self._client.session_capabilities.get("browserVersion", "?")

    def goto(self, url: str) -> None:
        self._client.navigate(url)

    def _run(self, script: str, args: list):
        # sandbox=None: the page's own globals (window.calculator), not an Xray view of them.
        return self._client.execute_async_script(script, script_args=args, sandbox=None,
                                                 new_sandbox=False)

    def _element(self, css: str):
        return self._client.find_element("css selector", css)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(self._client.screenshot(format="binary", full=False))

    def download(self, css: str, timeout: float = 60) -> tuple[str, bytes]:
        before = set(self.downloads.iterdir())
        self.click(css)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in set(self.downloads.iterdir()) - before
                    if not p.name.endswith(".part") and p.stat().st_size > 0
                    and not p.with_name(p.name + ".part").exists()]
            if done:
                return done[0].name, done[0].read_bytes()
            time.sleep(0.1)
        raise AssertionError(f"no download in {self.downloads} after {timeout} s")

    def close(self) -> None:
        try:
            self._client.delete_session()
        finally:
            self._client.cleanup()


# ---- WebKit ----------------------------------------------------------------------------------


@contextmanager
def private_xvfb():
    """An X server of our own: -displayfd picks a free display and tells us which."""
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-nolisten", "tcp",
                               "-screen", "0", f"{WINDOW[0]}x{WINDOW[1] + 200}x24"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = b""
        deadline = time.monotonic() + 30
        while not number.endswith(b"\n"):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            number += os.read(read, 16)
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


class WebKit(Browser):
    name = "webkit"

    def __init__(self, downloads: Path, log: Path, display: str, home: Path):
        super().__init__(downloads)
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        env = {**os.environ, "DISPLAY": display, "HOME": str(home), "LANG": "zh_CN.UTF-8",
               "GDK_BACKEND": "x11", "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local")}
        service = Service(executable_path=WEBKIT_DRIVER, env=env, log_output=str(log))
        self._driver = webdriver.WebKitGTK(options=options, service=service)
        self._driver.set_script_timeout(SCRIPT_TIMEOUT_S)
        self._driver.set_window_size(*WINDOW)
        self.version = self._driver.capabilities.get("browserVersion", "?")

    def goto(self, url: str) -> None:
        self._driver.get(url)

    def _run(self, script: str, args: list):
        return self._driver.execute_async_script(script, *args)

    def _element(self, css: str):
        from selenium.webdriver.common.by import By

        return self._driver.find_element(By.CSS_SELECTOR, css)

    def screenshot(self, path: Path) -> None:
        self._driver.save_screenshot(str(path))

    def download(self, css: str, timeout: float = 60) -> tuple[str, bytes]:
        """MiniBrowser under automation drops downloads (no file is written), so the file is
        taken where the page hands it to the browser: the blob behind the `download` link,
        read back byte for byte, with the name the browser would save it under. The blob is
        kept as URL.createObjectURL is given it: the page's CSP (connect-src 'self') does not
        let a script fetch a blob: URL, and WebKit enforces that."""
        self.js("""
            window.__downloads = [];
            if (!window.__keepDownloads) {
                window.__keepDownloads = true;
                const blobs = new Map();
                const createObjectURL = URL.createObjectURL;
                URL.createObjectURL = function (blob) {
                    const url = createObjectURL.call(URL, blob);
                    blobs.set(url, blob);
                    return url;
                };
                const click = HTMLAnchorElement.prototype.click;
                HTMLAnchorElement.prototype.click = function () {
                    if (this.download && blobs.has(this.href)) {
                        const name = this.download;
                        window.__downloads.push(blobs.get(this.href).arrayBuffer().then((buffer) => {
                            let text = "";
                            for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
                            return {name, base64: btoa(text)};
                        }));
                    }
                    return click.call(this);
                };
            }""")
        self.click(css)
        self.wait_for("window.__downloads.length > 0", timeout)
        file = self.js("return await window.__downloads[0];")
        return file["name"], base64.b64decode(file["base64"])

    def close(self) -> None:
        self._driver.quit()


# ---- fixtures -------------------------------------------------------------------------------


@contextmanager
def launch(name: str, workdir: Path):
    """One browser of the named engine, with its own profile, downloads folder and logs."""
    downloads = workdir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if name == "firefox":
        browser = Firefox(downloads, log=workdir / "gecko.log")
        try:
            yield browser
        finally:
            browser.close()
    elif name == "webkit":
        with private_xvfb() as display:
            browser = WebKit(downloads, log=workdir / "webkitwebdriver.log", display=display,
                             home=workdir / "home")
            try:
                yield browser
            finally:
                browser.close()
    else:
        raise ValueError(name)


@pytest.fixture(scope="session", params=ENGINES)
def engine(request):
    """A Firefox or a WebKit, one per engine for the whole run (pytest groups the tests
    by engine, so each browser starts once)."""
    for program in (FIREFOX, WEBKIT_DRIVER, MINIBROWSER, XVFB):
        if not Path(program).exists():
            pytest.fail(f"{program} is missing: `make test` installs firefox-esr, webkit2gtk-driver and xvfb")
    workdir = Path(tempfile.mkdtemp(prefix=f"e2e-{request.param}-"))
    started = time.monotonic()
    try:
        with launch(request.param, workdir) as browser:
            browser.started_in = time.monotonic() - started
            yield browser
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
