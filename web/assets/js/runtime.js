// Starts the Python worker and exposes `window.calculator` (ARCHITECTURE.md, "The browser"):
//   calculator.ready          Promise resolved when Python is ready
//   calculator.assess(input)  Promise of the result object, or a rejection
//                             whose message is the CLI's input error
// Only the calculator and forms pages load this module, so reading pages never
// download Pyodide.

const root = document.querySelector("[data-runtime]");
const runtimeURL = new URL(root.dataset.runtime, document.baseURI);
const listeners = new Set();
const pending = new Map();
let nextId = 1;

export class InputError extends Error {
  constructor(error) {
    super(error.message);
    this.name = "InputError";
    this.field = error.field || null;
    this.problem = error.problem || error.message;
  }
}

function emit(event) {
  for (const listener of listeners) listener(event);
}

// When the worker script itself cannot start, the browser says nothing
// useful; look at the response to name the file and the fix.
async function diagnoseWorker(url) {
  try {
    const response = await fetch(url, { cache: "no-store" });
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (!response.ok) return `无法下载 ${url.pathname}（HTTP ${response.status}）。请确认站点文件完整上传。`;
    if (!/javascript/.test(type)) {
      return `服务器以“${type || "（无类型）"}”发送 ${url.pathname}，浏览器只接受 JavaScript 类型的模块脚本。请为 .js 设置 text/javascript。`;
    }
  } catch (error) {
    return `无法连接服务器下载 ${url.pathname}：${error.message}`;
  }
  return `浏览器无法启动计算器的后台线程（${url.pathname}）。请使用较新版本的 Chrome、Edge、Firefox 或 Safari。`;
}

// A request must answer in time. Python bounds the work of any one input to a
// second; a slow device or a busy machine stretches that several times, and
// files (a roster, an XLSX; the first one also imports openpyxl) take longer.
// A worker that says nothing for that long with requests outstanding is stuck:
// the oldest request fails (it is the one being worked on), the worker is
// replaced by a new one, and the other requests go to the new worker, so one
// bad input never blocks everything after it.
const TIMEOUT_MS = 20_000;        // calculator.timeoutMs; a test may lower it
const SLOWER = { form: 3, roster: 3, load: 6 };   // a download comes first for "load"
const timeoutOf = (op) => calculator.timeoutMs * (SLOWER[op] ?? 1);
const loaded = new Set();         // optional packages loaded, loaded again after a restart
let worker;                       // the current worker and its boot
let booted;
let watchdog = null;

// A replacement boots quietly: the pages' loading line is long gone; the notice speaks.
function connect(next, early, quiet) {
  return new Promise((resolve, reject) => {
    const onError = async (event) => {
      event.preventDefault?.();
      reject(new Error(await diagnoseWorker(new URL("worker.js", runtimeURL))));
    };
    const onMessage = ({ data }) => {
      if (next !== worker) return;          // replaced: a late word of a stuck worker
      if (data.type === "progress") { if (!quiet) emit(data); }
      else if (data.type === "ready") resolve({ ms: data.ms, mode: data.mode, reason: data.reason, pages: data.pages });
      else if (data.type === "failed") reject(Object.assign(new Error(data.message), { file: data.file }));
      else answer(data);
    };
    next.addEventListener("error", onError);
    next.addEventListener("message", onMessage);
    // The worker holds its CPU-heavy steps until the page has started up.
    const pageReady = () => next.postMessage({ type: "page-ready" });
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageReady, { once: true });
    else pageReady();
    if (early) {
      const missed = early.events;
      early.events = null;
      for (const event of missed) (event.type === "error" ? onError : onMessage)(event);
    }
  });
}

function answer(data) {
  const request = pending.get(data.id);
  if (!request) return;
  pending.delete(data.id);
  arm();
  if (data.ok) {
    if (request.op === "load") loaded.add(request.input.package);
    request.resolve(data.result);
  } else {
    request.reject(data.error.field !== undefined ? new InputError(data.error) : new Error(data.error.message));
  }
}

function send(request) {
  const mine = worker;
  booted.then(() => {
    if (mine !== worker || !pending.has(request.id)) return;   // restarted meanwhile: sent again there
    request.sent = true;
    worker.postMessage({ id: request.id, op: request.op, input: request.input });
    arm();
  }, (error) => {
    if (mine !== worker || !pending.delete(request.id)) return;
    request.reject(error);
  });
}

// (Re)start the watchdog from now: the oldest request sent has its op's time.
function arm() {
  clearTimeout(watchdog);
  watchdog = null;
  const oldest = [...pending.values()].find((request) => request.sent);
  if (oldest) watchdog = setTimeout(() => stuck(oldest), timeoutOf(oldest.op));
}

function stuck(culprit) {
  const seconds = Math.max(1, Math.round(timeoutOf(culprit.op) / 1000));
  pending.delete(culprit.id);
  culprit.reject(Object.assign(new Error(
    `这项计算超过 ${seconds} 秒没有结果，已停止并重新启动计算器。请检查刚才填写的内容（例如位数过多的数字）。`),
  { name: "TimeoutError" }));
  worker.terminate();
  notice(`计算器有一项计算超过 ${seconds} 秒没有完成，已停止这项计算，正在重新启动计算器……`);
  emit({ type: "restarting" });
  start(null);
  const again = [...pending.values()];
  for (const request of again) request.sent = false;
  // What the old worker had loaded first, then every request still waiting, in order.
  const loads = [...loaded].map((name) => call("load", { package: name }));
  Promise.allSettled(loads).then(() => { for (const request of again) send(request); });
  booted.then(
    (info) => {
      notice("计算器已重新启动，可以继续使用。超时的那项计算没有结果，其余的已重新计算。", true);
      // Not "ready": a page that recalculates on ready would send the same input again.
      emit({ type: "restarted", ...info });
    },
    (error) => {
      notice(`计算器重新启动失败：${error.message} 请刷新页面。`, true);
      emit({ type: "failed", message: error.message, file: error.file });
    });
}

// A line at the top of the page saying what happened; the person closes it.
function notice(text, closable = false) {
  let bar = document.querySelector(".runtime-notice");
  if (!bar) {
    bar = document.createElement("div");
    bar.className = "site-update runtime-notice";
    bar.setAttribute("role", "alert");
    document.body.prepend(bar);
  }
  bar.textContent = text;
  if (closable) {
    const close = Object.assign(document.createElement("button"), { type: "button", className: "md-button", textContent: "知道了" });
    close.addEventListener("click", () => bar.remove());
    bar.append(close);
  }
}

function start(early) {
  // A browser without what Pyodide needs is told which versions work (browser-check.js).
  const unsupported = window.browserCheck?.message();
  if (unsupported) {
    booted = Promise.reject(new Error(unsupported));
    booted.catch(() => {});
    return;
  }
  try {
    worker = early?.worker ?? new Worker(new URL("worker.js", runtimeURL), { type: "module" });
  } catch (error) {
    booted = Promise.reject(new Error(`浏览器无法启动计算器：${error.message}`));
    booted.catch(() => {});
    return;
  }
  booted = connect(worker, early?.worker ? early : null, early === null);
  booted.catch(() => {});
}

// The inline script in <head> (web/overrides/main.html) usually started the
// worker already; adopt it and replay what it said before we listened.
start(window.__calculatorWorker);
const ready = booted;
ready.then(
  (info) => {
    // How it booted ("snapshot", or "plain" with the reason), for tests and the benchmark.
    performance.mark("calculator:ready", { detail: { mode: info.mode, reason: info.reason, pages: info.pages } });
    emit({ type: "ready", ...info });
  },
  (error) => emit({ type: "failed", message: error.message, file: error.file }),
);
// The page chrome (Material's bundle, held back by web/overrides/main.html) starts
// once the boot is over, either way: both want the CPU at once.
ready.finally(() => {
  performance.mark("calculator:settled");
  document.dispatchEvent(new Event("calculator:settled"));
}).catch(() => {});

function call(op, input) {
  return new Promise((resolve, reject) => {
    const request = { id: nextId++, op, input, resolve, reject, sent: false };
    pending.set(request.id, request);
    send(request);
  });
}

export const calculator = {
  ready: ready.then(() => true),
  // How long a request may take before the worker is replaced (ms; files get more).
  timeoutMs: TIMEOUT_MS,
  assess: (input) => call("assess", input),
  span: (input) => call("span", input),
  describe: (policy) => call("describe", { policy }),
  call,
  onStatus(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
// Offline copy of the site, registered only after Python is ready.
ready.then(() => import("./offline.js"))
  .then(({ keepOffline }) => keepOffline(new URL("../../../", runtimeURL)))
  .catch((error) => console.info("[calculator] offline copy unavailable:", error.message));

// A failed boot is shown by the page; do not also report it as unhandled.
calculator.ready.catch(() => {});
window.calculator = calculator;
