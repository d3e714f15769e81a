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

let worker;
const ready = new Promise((resolve, reject) => {
  // A browser without what Pyodide needs is told which versions work (browser-check.js).
  const unsupported = window.browserCheck?.message();
  if (unsupported) return reject(new Error(unsupported));
  const workerURL = new URL("worker.js", runtimeURL);
  const onError = async (event) => {
    event.preventDefault?.();
    reject(new Error(await diagnoseWorker(workerURL)));
  };
  const onMessage = ({ data }) => {
    if (data.type === "progress") emit(data);
    else if (data.type === "ready") resolve({ ms: data.ms, mode: data.mode, reason: data.reason });
    else if (data.type === "failed") reject(Object.assign(new Error(data.message), { file: data.file }));
    else if (pending.has(data.id)) {
      const { resolve: done, reject: fail } = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok) done(data.result);
      else fail(data.error.field !== undefined ? new InputError(data.error) : new Error(data.error.message));
    }
  };
  // The inline script in <head> (web/overrides/main.html) usually started
  // the worker already; adopt it and replay what it said before we listened.
  const early = window.__calculatorWorker;
  try {
    worker = early?.worker ?? new Worker(workerURL, { type: "module" });
  } catch (error) {
    reject(new Error(`浏览器无法启动计算器：${error.message}`));
    return;
  }
  worker.addEventListener("error", onError);
  worker.addEventListener("message", onMessage);
  // The worker holds its CPU-heavy steps until the page has started up.
  const pageReady = () => worker.postMessage({ type: "page-ready" });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageReady, { once: true });
  else pageReady();
  if (early?.worker === worker) {
    const missed = early.events;
    early.events = null;
    for (const event of missed) (event.type === "error" ? onError : onMessage)(event);
  }
});
ready.then(
  (info) => {
    // How it booted ("snapshot", or "plain" with the reason), for tests and the benchmark.
    performance.mark("calculator:ready", { detail: { mode: info.mode, reason: info.reason } });
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
  return ready.then(() => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, input });
  }));
}

export const calculator = {
  ready: ready.then(() => true),
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
