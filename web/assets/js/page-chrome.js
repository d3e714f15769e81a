// The page chrome (Material's bundle: header, navigation, search) on the pages that
// boot Python, started by web/overrides/main.html's scripts block, which holds the
// bundle back (`type="text/plain"`, no `src`: nothing is fetched).
//
// Material costs about 180 ms of CPU on a desktop and two seconds on a phone's
// throttled main thread (scripts/bench_boot.py, Lighthouse mobile), where it would
// freeze the page just as the forms come alive. So it starts when the reader
// reaches for something it serves: a pointer, key or focus anywhere outside the
// page's own content (the search box, the header, the navigation, the footer);
// typing in the calculator or a form, or following a clause link, does not.
// On a wide screen, where its navigation and table of contents are on screen, it
// also starts once the calculator has settled (runtime.js fires
// "calculator:settled") or after CHROME_WAIT_MS. On a narrow one (a phone) the
// navigation drawer, tabs and sections still open without it (they are checkboxes
// and links), and the search box shows from the first paint, ready to be touched.
//
// Material listens for DOMContentLoaded, long past by then, so it is handed the
// document through its public `document$` (checked at build time:
// scripts/sitebuild/theme.py).
(function () {
  var CHROME_WAIT_MS = 4000;
  var WIDE = "(min-width: 60em)";   // Material shows the table of contents from here
  var events = ["pointerdown", "keydown", "focusin"];
  var started = false;

  // The article (Material's .md-content): the calculator's form, the forms and their editors.
  function outsideForm(event) {
    if (!(event.target.closest && event.target.closest("[data-runtime], .md-content"))) start();
  }

  function start() {
    if (started) return;
    started = true;
    events.forEach(function (type) { document.removeEventListener(type, outsideForm, true); });
    var held = Array.prototype.slice.call(document.querySelectorAll("script[data-after-calculator]"));
    if (!held.length) return;   // nothing held back: Material set itself up already
    (function next() {
      var placeholder = held.shift();
      if (!placeholder) return chromeReady();
      var script = document.createElement("script");
      script.src = placeholder.dataset.src;
      script.onload = script.onerror = next;
      placeholder.replaceWith(script);
    })();
  }

  function chromeReady() {
    if (window.document$) window.document$.next(document);
    performance.mark("page-chrome:ready");
  }

  events.forEach(function (type) { document.addEventListener(type, outsideForm, true); });
  if (window.matchMedia && !window.matchMedia(WIDE).matches) return;
  document.addEventListener("calculator:settled", start, { once: true });
  setTimeout(start, CHROME_WAIT_MS);
})();
