// Does this browser have what the calculator's Python (Pyodide 314) needs? Loaded as a
// classic script in <head> of the pages that run Python, before any module and before the
// worker starts (web/overrides/main.html). A browser that lacks something gets a clear
// Chinese message naming the versions that work, never a syntax error from
// pyodide.asm.js ("Unexpected token '{'") or a page that waits forever.
//
// ES5 on purpose: this file has to parse in the browsers it turns away. The one syntax
// check, class static blocks, lives in browser-check-syntax.js, loaded right after.
//
//   window.browserCheck.missing()   the missing features ([] when all is well)
//   window.browserCheck.message()   the Chinese message ("" when all is well)
(function () {
  "use strict";

  // The first versions with every feature below: class static blocks (Chrome 94,
  // Firefox 93, Safari 16.4), WebAssembly exception handling (Chrome 95, Firefox 100,
  // Safari 15.2), module workers (Chrome 80, Firefox 114, Safari 15) and
  // DecompressionStream (Chrome 80, Firefox 113, Safari 16.4).
  var VERSIONS = "Chrome/Edge 95、Firefox 114、Safari 16.4";
  var PROBE = "browser-check-syntax.js";
  var probeRejected = false;
  var found = null;

  // A SyntaxError reported for the probe means this engine cannot parse static blocks. A
  // probe that could not be downloaded says nothing about the browser.
  window.addEventListener("error", function (event) {
    if (event && typeof event.filename === "string" && event.filename.indexOf(PROBE) !== -1) {
      probeRejected = true;
      if (event.preventDefault) event.preventDefault();
    }
  });

  function moduleWorkers() {
    if (typeof Worker !== "function") return false;
    // Browsers that know module workers read the `type` option; older ones ignore it and
    // would run worker.js as a classic script. The URL is invalid on purpose: the options
    // are read before it is, and no worker starts.
    var read = false;
    try {
      new Worker("http://[", { get type() { read = true; return "module"; } });
    } catch (error) { /* expected: the URL */ }
    return read;
  }

  function webAssembly() {
    // A function with try/catch_all: Pyodide's wasm uses exception handling.
    var module = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11];
    try {
      return typeof WebAssembly === "object" && WebAssembly.validate(new Uint8Array(module));
    } catch (error) {
      return false;
    }
  }

  function missing() {
    if (found) return found.slice();
    var out = [];
    if (probeRejected) out.push("类的静态初始化块（class static blocks）");
    if (!moduleWorkers()) out.push("模块 Worker（module workers）");
    if (!webAssembly()) out.push("WebAssembly 异常处理");
    if (typeof DecompressionStream !== "function") out.push("DecompressionStream");
    // Settled once the probe has run (or failed to); asked earlier, ask again later.
    if (check.staticBlocks || probeRejected || document.readyState !== "loading") found = out;
    return out.slice();
  }

  function message() {
    var gaps = missing();
    if (!gaps.length) return "";
    return "您的浏览器版本较旧，缺少运行本页计算程序所需的功能（" + gaps.join("、") + "）。请使用 " +
      VERSIONS + " 或更新版本的浏览器打开本页。";
  }

  // Where the page's own modules run, they show message() as the calculator's failure
  // (runtime.js rejects `ready` with it). Where they cannot run at all, say it here.
  function banner() {
    var text = message();
    if (!text || typeof window.calculator !== "undefined") return;
    var root = document.querySelector("[data-runtime]");
    if (!root) return;
    var note = document.createElement("p");
    note.className = "browser-unsupported";
    note.setAttribute("role", "alert");
    note.appendChild(document.createTextNode(text + "政策原文仍可照常阅读，空白表格仍可打印。"));
    var status = root.querySelector("[role=status]");
    if (status) status.hidden = true;
    root.insertBefore(note, root.firstChild);
  }

  var check = { missing: missing, message: message, versions: VERSIONS, staticBlocks: false };
  window.browserCheck = check;
  document.addEventListener("DOMContentLoaded", banner);
})();
