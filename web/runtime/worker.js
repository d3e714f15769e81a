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
// Two ways to the same Python, weighed per visit on the wasm's own download:
//   snapshot  the memory snapshot: about 0.3 s less CPU than a plain boot;
//             taken when it is cached already or the link is fast enough: as
//             gzip (4.0 MB) when it is cached or the link fast (inflated in
//             100 ms), as xz (2.9 MB, inflated in about 600 ms) on a medium link;
//   plain     the stdlib files the calculator imports (1.4 MB) and its wheel
//             (0.4 MB): on a slow link 1.1 MB less to download is worth more.
// Neither downloads the full stdlib zip: it is fetched when something needs it,
// XLSX on /forms/ (before openpyxl loads) or an import of a module neither has
// (boot.js lateStdlibCode). A failed snapshot boot falls back to the plain one.

const BASE = new URL("./", import.meta.url).href;
const WASM = "pyodide.asm.wasm";          // the name Pyodide asks for
const WASM_GZ = "pyodide.asm.wasm.gz";    // what the site ships (gzip -9 by the build)
const APP_PACKAGE = "calculator";
const APP_MODULE = "calculator.api";
const MANIFEST = "snapshot.json";
const LOCKFILE = "pyodide-lock.json";
// What a snapshot boot mounts as the stdlib until the real one is needed: an
// empty zip, answered here, never requested.
const LATER_STDLIB = BASE + "python_stdlib.later.zip";
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
// The snapshot costs 2.5 MB more than the plain boot's files and saves a second
// of CPU on this machine, several on a busy one or a phone (scripts/bench_boot.py:
// over 10 Mbit/s the snapshot is ready in 0.64 of the plain boot's time, over
// 1.6 Mbit/s in 1.17). Measured on the wasm while it shares the link with the
// other downloads, 10 Mbit/s reads 0.6-0.9 MB/s, 4 Mbit/s 0.3-0.4, 1.6 Mbit/s at most 0.2.
const FAST_LINK = 3e5;           // bytes per second: the snapshot from here on
// Above this the gzip'd pages arrive sooner than the xz'd ones are inflated:
// 1.1 MB less to download against about 0.5 s more CPU.
const GZIP_LINK = 1.5e6;
const SAMPLE = { bytes: 1 << 20, ms: 250 };

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
const networkFetch = globalThis.fetch;
const started = performance.now();

// Downloads start now; the CPU-heavy steps (parsing pyodide.asm.js, inflating
// and compiling the wasm, inflating the snapshot) wait until the page says its
// own start-up is over (runtime.js posts "page-ready"): on two cores they would
// otherwise hold the form back by 100 ms and finish no sooner.
let pageSettled;
const pageReady = new Promise((resolve) => { pageSettled = resolve; });
let measured;
const linkSpeed = new Promise((resolve) => { measured = resolve; });
const wasmModule = compileWasm(BASE + WASM_GZ);
wasmModule.catch(() => {});   // reported through bootFailure
let snapshot = startSnapshot();   // released once Python is up
const lockfile = networkFetch(BASE + LOCKFILE);
lockfile.catch(() => {});
// Responses Pyodide will ask for, fetched early; each is handed over once.
const prefetched = new Map([[BASE + LOCKFILE, lockfile.then((response) => response.clone())]]);
// Files fetched with the sha256 the manifest gives them, whoever asks.
const integrity = new Map();
const manifest = snapshot.manifest.then((raw) => JSON.parse(new TextDecoder().decode(raw)));
// Whoever fetches the plain boot's stdlib (Pyodide, after a failed snapshot boot) checks it.
manifest.then(({ stdlib: { trimmed } = {} }) => trimmed && integrity.set(new URL(trimmed.url, BASE).href, trimmed.integrity))
  .catch(() => {});
const choice = weighTheLink();   // "gz", "xz" (the snapshot's pages) or why not
const useSnapshot = choice.then((format) => (format === "gz" || format === "xz" ? true : format));
choice.then((format) => (format === "gz" || format === "xz" ? snapshot.want(format) : prefetchPlain())).catch(() => {});

// Pyodide and boot.js fetch through here.
globalThis.fetch = (resource, init) => {
  const url = typeof resource === "string" || resource instanceof URL ? new URL(resource, BASE).href : null;
  // Pyodide fetches the wasm to instantiate it; it gets the module compiled below.
  if (url === BASE + WASM) return Promise.resolve(new Response(null));
  if (url === LATER_STDLIB) return Promise.resolve(new Response(EMPTY_ZIP));
  if (url && prefetched.has(url)) {
    const response = prefetched.get(url);
    prefetched.delete(url);
    return response;
  }
  if (url && integrity.has(url)) return networkFetch(resource, { ...init, integrity: integrity.get(url) });
  return networkFetch(resource, init);
};

// Pyodide swallows a failed wasm compile (it only logs a warning) and then
// waits forever, so the compile is ours: an HTTP error or a damaged file
// becomes a message that names the file. The wasm is inflated here, so the
// host's type and compression for it do not matter (a host that inflates it on
// the way, Content-Encoding: gzip for .gz, hands it over as it is). Its first
// quarter second, or first MB, measures the link.
function compileWasm(url) {
  const file = new URL(url).pathname;
  return networkFetch(url).then(async (response) => {
    if (!response.ok) {
      throw new BootError(`无法下载 ${file}（HTTP ${response.status}）。请确认站点文件完整上传。`, file);
    }
    let first = null;
    let bytes = 0;
    let head;
    const opening = new Promise((resolve) => { head = resolve; });
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        const now = performance.now();
        if (first === null) {
          first = now;
          head(chunk);
        }
        bytes += chunk.byteLength;
        if (bytes >= SAMPLE.bytes || now - first >= SAMPLE.ms) measured((bytes / Math.max(now - first, 1)) * 1000);
        controller.enqueue(chunk);
      },
      flush() {
        head(new Uint8Array(0));
        measured(first === null ? Infinity : (bytes / Math.max(performance.now() - first, 1)) * 1000);
      },
    }, undefined, { highWaterMark: 64 << 20, size: (chunk) => chunk.byteLength }));
    const start = await opening;
    await pageReady;
    const gzip = start[0] === 0x1f && start[1] === 0x8b;
    const wasm = new Response(gzip ? counted.pipeThrough(new DecompressionStream("gzip")) : counted,
      { headers: { "Content-Type": "application/wasm" } });
    return WebAssembly.compileStreaming(wasm).catch((error) => {
      throw new BootError(`无法编译 ${file}：${error.message}`, file);
    });
  }).catch((error) => {
    failBoot(error instanceof BootError ? error : new BootError(`无法下载 ${file}：${error.message}`, file));
    throw error;
  });
}

// The snapshot's pages to fetch, "gz" or "xz", or why not: the snapshot when
// it costs no download (cached, or kept offline by the service worker) or the
// link is fast enough.
async function weighTheLink() {
  for (const format of ["gz", "xz"]) {
    try {
      const cached = await networkFetch(BASE + `snapshot.pages.${format}`, { cache: "only-if-cached", mode: "same-origin" });
      if (cached.ok) {
        cached.body?.cancel();
        return format;
      }
    } catch { /* not in the HTTP cache */ }
  }
  const speed = await linkSpeed;
  if (speed >= GZIP_LINK) return "gz";
  if (speed >= FAST_LINK) return "xz";
  return `slow link (${(speed / 1e6).toFixed(1)} MB/s on the wasm): the stdlib the calculator imports costs less than the snapshot`;
}

// The plain boot's files, with the sha256 the manifest and the lockfile give.
async function prefetchPlain() {
  snapshot.skip();
  const [{ stdlib: { trimmed } = {} }, lock] = await Promise.all([
    manifest, lockfile.then((response) => response.clone().json()),
  ]);
  if (trimmed) prefetch(new URL(trimmed.url, BASE).href, trimmed.integrity);
  const wheel = lock.packages?.[APP_PACKAGE];
  if (wheel) prefetch(new URL(wheel.file_name, BASE).href, `sha256-${hexToBase64(wheel.sha256)}`);
}

function prefetch(url, sri) {
  integrity.set(url, sri);
  const response = networkFetch(url, { integrity: sri });
  response.catch(() => {});
  prefetched.set(url, response);
}

const hexToBase64 = (hex) => btoa(String.fromCharCode(...hex.match(/../g).map((byte) => parseInt(byte, 16))));

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
  let wanted;
  const want = new Promise((resolve) => { wanted = resolve; });
  const decide = { want: (format) => wanted(format), skip: () => wanted(false) };
  let helper;
  try {
    helper = new Worker(new URL("./snapshot-worker.js", import.meta.url), { type: "module" });
  } catch {
    return { ...snapshotHere(want), ...decide };
  }
  let settle;
  const manifest = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  let pages;
  const done = new Promise((resolve, reject) => { pages = { resolve, reject }; });
  let heard = false;
  helper.onmessage = ({ data }) => {
    heard = true;
    if (data.manifest) settle.resolve(data.manifest);
    else if (data.skipped) pages.reject(new Error("snapshot not wanted"));
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
    const here = snapshotHere(want);
    here.manifest.then(settle.resolve, settle.reject);
    here.pages.then(pages.resolve, pages.reject);
  };
  pageReady.then(() => helper.postMessage("go"));
  want.then((format) => helper.postMessage({ fetch: format }));
  done.catch(() => {});
  manifest.catch(() => {});
  return { manifest, pages: done, ...decide };
}

function snapshotHere(want) {
  const prepared = import("./boot.js").then(({ prepareSnapshot }) =>
    prepareSnapshot({ manifestURL: BASE + MANIFEST, fetchBytes: fetchBody, gate: pageReady, want }));
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
    useSnapshot,
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
    // the wheel (70 ms) and the stdlib; a plain boot installs both (the
    // trimmed stdlib, from the manifest).
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
  return { mode, reason, pages: mode === "snapshot" ? await choice : null };
}
