// The calculator's Python runtime: a module worker that boots Pyodide from the
// files staged next to it (same versioned folder) and answers requests.
//
// Every file is a `.js`, never `.mjs`: stock nginx maps no `.mjs` type and
// browsers refuse module scripts sent as application/octet-stream.
//
// Boot order, chosen by measurement (scripts/bench_boot.py): every download
// starts the moment this worker starts; once the page has started up, the
// wasm compiles while pyodide.asm.js (1.2 MB of JavaScript) is parsed, and
// the memory snapshot is inflated in a worker of its own (snapshot-worker.js)
// while this one creates the module.
//
// A snapshot boot downloads no standard library: every module the calculator
// uses is in the snapshot. The stdlib zip is fetched when something needs it:
// XLSX on /forms/ (before openpyxl loads), or an import of a module the
// snapshot lacks (boot.js LATE_STDLIB). A plain boot (the fallback) needs it
// at once and fetches it itself.

const BASE = new URL("./", import.meta.url).href;
const WASM = "pyodide.asm.wasm";
const APP_PACKAGE = "calculator";
const APP_MODULE = "calculator.api";
const MANIFEST = "snapshot.json";
const PREFETCH = ["pyodide-lock.json"];
// What a snapshot boot mounts as the stdlib until the real one is needed: an
// empty zip, answered here, never requested.
const LATER_STDLIB = BASE + "python_stdlib.later.zip";
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

const progress = (stage, detail = "") => postMessage({ type: "progress", stage, detail });

class BootError extends Error {
  constructor(message, file) {
    super(message);
    this.file = file;
  }
}

// ---- downloads, started at once -------------------------------------------

let handle;          // calculator.api.handle, once Python is up
let loadOptional;    // pyodide.loadPackage for on-demand packages
let stdlib;          // { mounted, mount() } from boot.js
let failBoot;
const bootFailure = new Promise((_, reject) => { failBoot = reject; });
let wasmResponse;
const networkFetch = globalThis.fetch;
const started = performance.now();

// Downloads start now; the CPU-heavy steps (parsing pyodide.asm.js, compiling
// the wasm, inflating the snapshot) wait until the page says its own start-up
// is over (runtime.js posts "page-ready"): on two cores they would otherwise
// hold the form back by 100 ms and finish no sooner (scripts/bench_boot.py).
let pageSettled;
const pageReady = new Promise((resolve) => { pageSettled = resolve; });
const wasmModule = compileWasm(BASE + WASM);
wasmModule.catch(() => {});   // reported through bootFailure
let snapshot = startSnapshot();   // released once Python is up
const prefetched = new Map(PREFETCH.map((name) => [BASE + name, fetch(BASE + name)]));
// Pyodide and the snapshot loader fetch these files themselves; hand each
// prefetched response over once, then behave like plain fetch again.
globalThis.fetch = (resource, init) => {
  const url = typeof resource === "string" || resource instanceof URL ? new URL(resource, BASE).href : null;
  if (url === BASE + WASM) return wasmResponse;
  if (url === LATER_STDLIB) return Promise.resolve(new Response(EMPTY_ZIP));
  if (url && prefetched.has(url)) {
    const response = prefetched.get(url);
    prefetched.delete(url);
    return response;
  }
  return networkFetch(resource, init);
};

// Pyodide swallows a failed wasm compile (it only logs a warning) and then
// waits forever, so the compile is ours: a wrong Content-Type, an HTTP error
// or a truncated file becomes a message that names the file and the fix.
function compileWasm(url) {
  wasmResponse = networkFetch(url);
  const file = new URL(url).pathname;
  return wasmResponse.then(async (response) => {
    if (!response.ok) {
      throw new BootError(`无法下载 ${file}（HTTP ${response.status}）。请确认站点文件完整上传。`, file);
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    if (type !== "application/wasm") {
      throw new BootError(
        `服务器以“${type || "（无类型）"}”发送 ${file}，浏览器只接受 application/wasm。` +
        `请在服务器的 MIME 类型中加入 .wasm → application/wasm（nginx：在 mime.types 中加入 “application/wasm wasm;”）。`,
        file);
    }
    await pageReady;
    return WebAssembly.compileStreaming(response).catch((error) => {
      throw new BootError(`无法编译 ${file}：${error.message}`, file);
    });
  }).catch((error) => {
    failBoot(error instanceof BootError ? error : new BootError(`无法下载 ${file}：${error.message}`, file));
    throw error;
  });
}

// Pyodide instantiates through instantiateStreaming(fetch(wasm)); give it the
// module compiled above (also on a fallback boot, which needs it again).
WebAssembly.instantiateStreaming = async (_source, imports) => {
  const module = await wasmModule;
  progress("runtime", "正在启动 Python");
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

// ---- requests ---------------------------------------------------------------

// Requests arriving while Python boots wait for it.
const OPTIONAL = new Set(["openpyxl"]);   // loaded only on demand (XLSX on /forms/)
const ready = Promise.race([boot(), bootFailure]);

onmessage = async ({ data }) => {
  if (data?.type === "page-ready") return pageSettled();
  const { id, op, input } = data;
  try {
    await ready;
    if (op === "load") {
      if (!OPTIONAL.has(input?.package)) throw new Error(`未知的可选组件：${input?.package}`);
      await stdlib.mount();   // openpyxl imports much of it
      await loadOptional(input.package);
      postMessage({ id, ok: true, result: { loaded: input.package } });
      return;
    }
    postMessage({ id, ...JSON.parse(handle({ op, input })) });
  } catch (error) {
    postMessage({ id, ok: false, error: { message: String(error.message || error) } });
  }
};

ready.then(
  (mode) => postMessage({ type: "ready", ms: Math.round(performance.now() - started), ...mode }),
  (error) => postMessage({
    type: "failed",
    message: error instanceof BootError ? error.message : `Python 运行环境加载失败：${error.message || error}`,
    file: error.file || null,
  }),
);

// ---- snapshot ----------------------------------------------------------------

// { manifest, pages }: promises of the manifest's bytes and of the checked,
// inflated pages. From snapshot-worker.js, or done here where a worker
// cannot start one (or it fails to load).
function startSnapshot() {
  let helper;
  try {
    helper = new Worker(new URL("./snapshot-worker.js", import.meta.url), { type: "module" });
  } catch {
    return snapshotHere();
  }
  let settle;
  const manifest = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  let pages;
  const done = new Promise((resolve, reject) => { pages = { resolve, reject }; });
  let heard = false;
  helper.onmessage = ({ data }) => {
    heard = true;
    if (data.manifest) settle.resolve(data.manifest);
    else if (data.pages) pages.resolve(data.pages);
    else {
      const error = new Error(data.error);
      settle.reject(error);
      pages.reject(error);
    }
  };
  helper.onerror = (event) => {
    event.preventDefault();
    if (heard) return pages.reject(new Error(`snapshot-worker.js: ${event.message}`));
    const here = snapshotHere();
    here.manifest.then(settle.resolve, settle.reject);
    here.pages.then(pages.resolve, pages.reject);
  };
  pageReady.then(() => helper.postMessage("go"));
  done.catch(() => {});
  manifest.catch(() => {});
  return { manifest, pages: done };
}

function snapshotHere() {
  const prepared = import("./boot.js").then(({ prepareSnapshot }) =>
    prepareSnapshot({ manifestURL: BASE + MANIFEST, fetchBytes: fetchBody, gate: pageReady }));
  const snapshot = { manifest: prepared.then((p) => p.manifest), pages: prepared.then((p) => p.pages) };
  snapshot.manifest.catch(() => {});
  snapshot.pages.catch(() => {});
  return snapshot;
}

// `integrity` makes the browser check the download's sha256, on plain http too
// (crypto.subtle exists only in secure contexts).
function fetchBody(url, { integrity } = {}) {
  return import("./boot.js").then(({ readChecked }) =>
    readChecked(networkFetch(url, integrity ? { integrity } : undefined), url, integrity));
}

// ---- boot ---------------------------------------------------------------------

async function boot() {
  progress("runtime", "正在下载 Python 运行环境");
  const manifestURL = BASE + MANIFEST;
  await pageReady;
  const [{ loadPyodide, version }, { default: createPyodideModule }, { bootPyodide }] = await Promise.all([
    import("./pyodide.esm.js"), import("./pyodide.asm.js"), import("./boot.js"),
  ]);
  // The memory snapshot (made at build time with the calculator imported) is
  // checked against its manifest before use; anything wrong with it, even a
  // missing file, falls back to a plain boot with the same options.
  const booted = await bootPyodide({
    loadPyodide,
    version,
    manifestURL,
    snapshotPages: snapshot.pages,
    fetchBytes: (url, options) => (url === manifestURL ? snapshot.manifest : fetchBody(url, options)),
    options: {
      indexURL: BASE,
      lockFileURL: BASE + "pyodide-lock.json",
      stdLibURL: BASE + "python_stdlib.zip",
      packageBaseUrl: BASE,
      createPyodideModule,
      packages: [APP_PACKAGE],
      // Nothing of ours prints, but Pyodide would otherwise log package loading.
      stdout: () => {},
      stderr: (line) => console.warn(line),
    },
    // The snapshot was taken after calculator.api.preload(): every module is
    // imported and every policy loaded, so a snapshot boot skips installing
    // the wheel (70 ms) and the stdlib; a plain boot installs both.
    restoreOptions: { packages: [], stdLibURL: LATER_STDLIB },
    importCode: `import ${APP_MODULE}`,
    log: (note) => console.info(`[calculator] ${note}`),
  });
  const { pyodide, mode, reason } = booted;
  stdlib = booted.stdlib;
  snapshot = null;   // 12 MB that Python's memory now holds
  progress("import", "正在加载计算器");
  const api = pyodide.pyimport(APP_MODULE);
  // By name through the site's lockfile, so the browser checks the sha256.
  loadOptional = (name) => pyodide.loadPackage(name, { messageCallback: () => {}, checkIntegrity: true });
  handle = (request) => api.handle(JSON.stringify(request));
  return { mode, reason };
}
