// Shared helpers for the build-time Pyodide tools in this directory.
//
// Everything here runs under Node (>= 18) and only uses Node built-ins plus
// the `pyodide` npm package that is passed with --pyodide DIR. Nothing is
// fetched from the network: Pyodide is always given absolute file paths for
// indexURL / stdLibURL / lockFileURL / packageBaseUrl, and `guardNetwork()`
// makes any attempt to use fetch() with a real URL fail loudly.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** Parse `--key value`, `--key=value` and bare `--flag` arguments. */
export function parseArgs(argv, { required = [], flags = [], usage = "" } = {}) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      console.log(usage.trim());
      process.exit(0);
    }
    if (!a.startsWith("--")) die(`unexpected argument ${JSON.stringify(a)}\n\n${usage.trim()}`);
    let key = a.slice(2);
    let val;
    const eq = key.indexOf("=");
    if (eq >= 0) {
      val = key.slice(eq + 1);
      key = key.slice(0, eq);
    } else if (flags.includes(key)) {
      val = true;
    } else {
      if (i + 1 >= argv.length) die(`missing value for --${key}`);
      val = argv[++i];
    }
    out[key] = val;
  }
  for (const r of required) {
    if (out[r] === undefined) die(`missing required --${r}\n\n${usage.trim()}`);
  }
  return out;
}

/** Report an error without Node's dump of the (minified, 1 MB) source line. */
export function fail(e) {
  console.error(`error: ${String(e?.message ?? e)}`);
  process.exit(1);
}

export function die(msg) {
  console.error(`error: ${msg}`);
  process.exit(2);
}

export const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
export const gzipSize = (buf) => gzipSync(buf, { level: 9 }).length;

export function fmtBytes(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

export function describeSize(buf) {
  const gz = gzipSize(buf);
  return `${buf.length} B (${fmtBytes(buf.length)}), gzip level 9 (node zlib): ${gz} B (${fmtBytes(gz)})`;
}

/** Absolute directory path with a trailing separator (what Pyodide expects). */
export const asDir = (p) => {
  const abs = path.resolve(p);
  return abs.endsWith(path.sep) ? abs : abs + path.sep;
};

const networkAttempts = [];

/**
 * Replace globalThis.fetch so that only local paths / file: URLs are allowed.
 * Under Node, Pyodide only calls fetch() for strings containing "://" that are
 * not file:// URLs, i.e. exactly the network case (e.g. the jsdelivr CDN).
 */
export function guardNetwork() {
  if (globalThis.__pyodideNetGuard) return networkAttempts;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async function guardedFetch(input, init) {
    const url = typeof input === "string" ? input : input?.url ?? String(input);
    if (!url.startsWith("file:")) {
      networkAttempts.push(url);
      throw new Error(`network access blocked by scripts/pyodide guard: ${url}`);
    }
    return realFetch(input, init);
  };
  globalThis.__pyodideNetGuard = true;
  return networkAttempts;
}

export const getNetworkAttempts = () => networkAttempts.slice();

/** Import `loadPyodide` from the given node_modules/pyodide directory. */
export async function importPyodide(pyodideDir) {
  const mod = await import(pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href);
  return mod;
}

/**
 * Build the loadPyodide() options for a purely local boot under Node.
 *   pyodideDir   node_modules/pyodide
 *   stdlib       optional path to a (compiled) stdlib zip
 *   lockfile     optional path to a pyodide-lock.json (default: the one in pyodideDir)
 */
export function localOptions({ pyodideDir, stdlib, lockfile, extra = {} }) {
  const indexURL = asDir(pyodideDir);
  const lockFileURL = path.resolve(lockfile ?? path.join(pyodideDir, "pyodide-lock.json"));
  const opts = {
    indexURL,
    lockFileURL,
    // Relative file_name entries of the lockfile resolve against its directory.
    // Setting packageBaseUrl also sets the Node "cdnUrl" fallback to the same
    // local directory, so nothing can resolve to Pyodide's default CDN.
    packageBaseUrl: asDir(path.dirname(lockFileURL)),
    stdout: () => {},
    stderr: (s) => process.stderr.write(`[pyodide] ${s}\n`),
  };
  // Object.assign in loadPyodide would let an explicit `undefined` override a
  // default (e.g. env: undefined -> crash on env.HOME), so drop those.
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) opts[k] = v;
  if (stdlib) opts.stdLibURL = path.resolve(stdlib);
  return opts;
}

/** Read the pyodide version / BUILD_ID baked into pyodide.mjs (for manifests). */
export function pyodideBuildInfo(pyodideDir) {
  const src = readFileSync(path.join(pyodideDir, "pyodide.mjs"), "utf8");
  const buildId = /BUILD_ID:"([0-9a-f]{64})"/.exec(src)?.[1] ?? null;
  const pkg = JSON.parse(readFileSync(path.join(pyodideDir, "package.json"), "utf8"));
  const wasm = readFileSync(path.join(pyodideDir, "pyodide.asm.wasm"));
  return { version: pkg.version, buildId, wasmSha256: sha256(wasm) };
}

/** Run Python that returns a JSON string and parse it. */
export function pyJSON(py, code) {
  return JSON.parse(py.runPython(code));
}

/** Copy a Node buffer into the Pyodide MEMFS. */
export function putFile(py, dest, buf) {
  const dir = dest.slice(0, dest.lastIndexOf("/"));
  if (dir) py.FS.mkdirTree(dir);
  py.FS.writeFile(dest, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
