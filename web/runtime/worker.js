// The calculator's Python runtime: a module worker that boots Pyodide from the
// files staged next to it (same versioned folder) and answers requests.
//
// Every file is a `.js`, never `.mjs`: stock nginx maps no `.mjs` type and
// browsers refuse module scripts sent as application/octet-stream.
import { loadPyodide, version } from "./pyodide.esm.js";
import createPyodideModule from "./pyodide.asm.js";
import { bootPyodide } from "./boot.js";

const BASE = new URL("./", import.meta.url).href;
const WASM = "pyodide.asm.wasm";
const APP_PACKAGE = "calculator";
const APP_MODULE = "calculator.api";
let bootMode = null;

const progress = (stage, detail = "") => postMessage({ type: "progress", stage, detail });

class BootError extends Error {
  constructor(message, file) {
    super(message);
    this.file = file;
  }
}

// Pyodide swallows a failed wasm compile (it only logs a warning) and then
// waits forever. Wrap the streaming compile so a wrong Content-Type, an HTTP
// error or a truncated file becomes a message that names the file and the fix.
let failBoot;
const bootFailure = new Promise((_, reject) => { failBoot = reject; });
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const response = await source;
  const file = new URL(response.url || WASM, BASE).pathname;
  if (!response.ok) {
    failBoot(new BootError(`无法下载 ${file}（HTTP ${response.status}）。请确认站点文件完整上传。`, file));
  }
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
  if (type !== "application/wasm") {
    failBoot(new BootError(
      `服务器以“${type || "（无类型）"}”发送 ${file}，浏览器只接受 application/wasm。` +
      `请在服务器的 MIME 类型中加入 .wasm → application/wasm（nginx：在 mime.types 中加入 “application/wasm wasm;”）。`,
      file));
  }
  progress("runtime", "已下载 Python 运行环境，正在编译");
  try {
    return await instantiateStreaming(response, imports);
  } catch (error) {
    failBoot(new BootError(`无法编译 ${file}：${error.message}`, file));
    throw error;
  }
};

async function boot() {
  progress("runtime", "正在下载 Python 运行环境");
  // The memory snapshot (made at build time with the calculator imported) is
  // checked against its manifest before use; anything wrong with it, even a
  // missing file, falls back to a plain boot with the same options.
  const { pyodide, mode, reason } = await bootPyodide({
    loadPyodide,
    version,
    manifestURL: BASE + "snapshot.json",
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
    importCode: `import ${APP_MODULE}`,
    log: (note) => console.info(`[calculator] ${note}`),
  });
  progress("import", "正在加载计算器");
  const api = pyodide.pyimport(APP_MODULE);
  optional = (name) => pyodide.loadPackage(name, { messageCallback: () => {}, checkIntegrity: true });
  bootMode = { mode, reason };
  return (request) => api.handle(JSON.stringify(request));
}

// Packages loaded only when a page asks (openpyxl for XLSX on /forms/), by name through
// the site's lockfile, so the browser checks their sha256 as it does the calculator's.
const OPTIONAL = new Set(["openpyxl"]);
let optional;

const started = performance.now();
const ready = Promise.race([boot(), bootFailure]);

ready.then(
  () => postMessage({ type: "ready", ms: Math.round(performance.now() - started), ...bootMode }),
  (error) => postMessage({
    type: "failed",
    message: error instanceof BootError ? error.message : `Python 运行环境加载失败：${error.message || error}`,
    file: error.file || null,
  }),
);

onmessage = async ({ data }) => {
  const { id, op, input } = data;
  try {
    const handle = await ready;
    if (op === "load") {
      if (!OPTIONAL.has(input?.package)) throw new Error(`未知的可选组件：${input?.package}`);
      await optional(input.package);
      postMessage({ id, ok: true, result: { loaded: input.package } });
      return;
    }
    const response = JSON.parse(handle({ op, input }));
    postMessage({ id, ...response });
  } catch (error) {
    postMessage({ id, ok: false, error: { message: String(error.message || error) } });
  }
};
