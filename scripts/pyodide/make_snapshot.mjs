#!/usr/bin/env node
// Build a Pyodide memory snapshot with the app already imported.
//
//   node scripts/pyodide/make_snapshot.mjs --pyodide node_modules/pyodide \
//        --stdlib site/pyodide/python_stdlib.zip --lockfile site/pyodide/pyodide-lock.json \
//        --packages calculator --import "import calculator" --out site/pyodide/snapshot.bin [--gzip]
//
// Writes
//   FILE.bin        raw snapshot (header + the complete wasm linear memory)
//   FILE.pages.gz   (with --gzip) the snapshot's non-zero 64 KiB pages, gzip -9.
//                   Over half of the image is zero pages; leaving them out
//                   halves the inflate time in the browser, and the manifest's
//                   `runs` say where each page goes back.
//   FILE.bin.json   manifest: byte length + sha256 (hex and SRI) of the snapshot,
//                   the exact stdlib/lockfile/packages it was made with, the
//                   Pyodide version and BUILD_ID. The runtime loader
//                   (snapshot_loader.mjs) validates against it and boots plain
//                   if anything does not match.
//
// What a snapshot does and does not contain (measured with pyodide 314.0.7,
// see README.md): it contains the wasm heap (interpreter state, sys.modules,
// imported module objects). It does NOT contain the Emscripten file system
// (MEMFS lives in JS): the stdlib zip and site-packages are re-created on
// every boot. So the restoring boot must pass the byte-identical stdLibURL and
// must install the same packages again (`packages: [...]`).

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import nodeCrypto from "node:crypto";
import {
  parseArgs,
  sha256,
  describeSize,
  guardNetwork,
  getNetworkAttempts,
  importPyodide,
  localOptions,
  pyodideBuildInfo,
  die,
  fail,
} from "./_common.mjs";

const USAGE = `
usage: node scripts/pyodide/make_snapshot.mjs --pyodide DIR --stdlib ZIP --lockfile LOCK.json
         --packages name1,name2 --import "import calculator" --out FILE.bin
         [--manifest FILE.json]   default FILE.bin.json
         [--gzip]                 also write FILE.pages.gz (non-zero pages, gzip -9) and list it in the manifest
         [--env KEY=VAL,...]      environment baked into the snapshot (restore-time env is ignored!)
         [--check 'PYTHON']       code run after booting from the new snapshot (verification)
         [--no-verify]            skip the restore test
`;

const b64 = (hex) => Buffer.from(hex, "hex").toString("base64");
// A wasm page. Finer pages save little: 13.96 MB of 64 KiB pages are
// non-zero against 13.50 MB of 4 KiB pages, for 16 times the runs.
export const PAGE_SIZE = 65536;

/** The non-zero pages of `snapshot` as [start, count] runs plus their bytes, concatenated. */
export function nonZeroPages(snapshot, pageSize = PAGE_SIZE) {
  const zero = Buffer.alloc(pageSize);
  const runs = [];
  const parts = [];
  for (let page = 0; page * pageSize < snapshot.length; page++) {
    const chunk = snapshot.subarray(page * pageSize, Math.min((page + 1) * pageSize, snapshot.length));
    if (chunk.equals(zero.subarray(0, chunk.length))) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else runs.push([page, 1]);
    parts.push(chunk);
  }
  const data = Buffer.concat(parts);
  return { pageSize, runs, data, dataBytes: data.length };
}

// The site names the runtime's folder by a hash of its contents so that hosts may
// cache it for a year; a rebuild from the same inputs must therefore give the same
// snapshot, byte for byte, or every deploy would send returning visitors 20 MB
// again. What varies from run to run is Python's string hashing (hence
// PYTHONHASHSEED), the clock (file times in the virtual file system, timestamps
// taken at import) and the entropy Emscripten hands the interpreter: while the
// snapshot is made, the clock advances by a millisecond a read from
// SOURCE_DATE_EPOCH and the entropy comes from a fixed seed. None of it is a
// secret: every visitor restores the same snapshot whatever it holds, and the
// loader reseeds `random` after the restore.
const REPRODUCIBLE_ENV = { PYTHONHASHSEED: "0" };

function reproducibly() {
  const saved = { dateNow: Date.now, perfNow: performance.now, fill: nodeCrypto.randomFillSync };
  const epochMs = Number(process.env.SOURCE_DATE_EPOCH ?? 1700000000) * 1000;
  let ticks = 0;
  Date.now = () => epochMs + ++ticks;
  performance.now = () => ++ticks;
  let state = 0x2545f491;
  nodeCrypto.randomFillSync = (buffer, offset = 0, size) => {
    const bytes = ArrayBuffer.isView(buffer)
      ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      : new Uint8Array(buffer);
    const end = size === undefined ? bytes.length : offset + size;
    for (let i = offset; i < end; i++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;   // xorshift32
      bytes[i] = state & 0xff;
    }
    return buffer;
  };
  return () => {
    Date.now = saved.dateNow;
    performance.now = saved.perfNow;
    nodeCrypto.randomFillSync = saved.fill;
  };
}

export async function makeSnapshot({ pyodideDir, stdlib, lockfile, packages, importCode, env }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const opts = localOptions({ pyodideDir, stdlib, lockfile, extra: {
    packages, _makeSnapshot: true, env: { ...REPRODUCIBLE_ENV, ...env },
    // Under Node, Emscripten's thisProgram is process.argv[1], which would be
    // frozen into sys.executable / sys.argv of every restored instance. Use the
    // browser default instead (sys.executable == "/home/pyodide/this.program").
    _sysExecutable: "./this.program",
  } });
  const clock = performance.now.bind(performance);   // the real one, for buildMs
  const t0 = clock();
  const restoreClockAndEntropy = reproducibly();
  try {
    return { ...(await snapshotOf(await loadPyodide(opts), { packages, importCode })), buildMs: clock() - t0 };
  } finally {
    restoreClockAndEntropy();
  }
}

async function snapshotOf(py, { packages, importCode }) {
  const loaded = { ...py.loadedPackages };
  const missing = packages.filter((p) => !Object.keys(loaded).some((k) => norm(k) === norm(p)));
  if (missing.length) throw new Error(`packages not loaded: ${missing.join(", ")} (check the lockfile)`);
  if (importCode) py.runPython(importCode);
  const imported = JSON.parse(py.runPython("import sys, json; json.dumps(sorted(sys.modules))"));
  // pyodide 314.0.7: makeMemorySnapshot() compares hiwire slot 6 (the JS
  // object behind pyodide.loadedPackages, which _package_loader holds a proxy
  // to) with `{}` and throws "Unexpected hiwire entry at index 6" once any
  // package was loaded. The object is JS state that is not part of the
  // snapshot anyway (a restored instance gets a fresh one), so empty it.
  for (const k of Object.keys(py.loadedPackages)) delete py.loadedPackages[k];
  let snapshot;
  try {
    snapshot = py.makeMemorySnapshot();
  } catch (e) {
    throw new Error(
      `makeMemorySnapshot failed: ${e.message}\n` +
        "(the Python heap still references a JS value that is not reachable as a property path from " +
        "globalThis - e.g. `Object.new()`, `JSON.parse(...)`, a `run_js(...)` result; `from js import console` is fine. " +
        "`del` it before the snapshot, or pass a serializer/_snapshotDeserializer pair)",
    );
  }
  return { snapshot: Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), loaded, imported, heapBytes: py._module.HEAP8.length };
}

export const pagesPath = (out) => out.replace(/\.bin$/, "") + ".pages.gz";
const rel = (from, to) => path.relative(path.dirname(from), to).split(path.sep).join("/");
const norm = (n) => n.toLowerCase().replace(/[-_.]+/g, "-");

export function buildManifest({ pyodideDir, out, manifestPath, snapshot, pages, stdlib, lockfile, packages, importCode, loaded, env, heapBytes }) {
  const lock = JSON.parse(readFileSync(lockfile, "utf8"));
  const stdlibBuf = readFileSync(stdlib);
  const lockBuf = readFileSync(lockfile);
  const snapHex = sha256(snapshot);
  const manifest = {
    format: "pyodide-memory-snapshot/1",
    pyodide: pyodideBuildInfo(pyodideDir),
    // file / url: relative to the manifest's own location (posix separators)
    snapshot: { file: rel(manifestPath, out), bytes: snapshot.length, sha256: snapHex, integrity: `sha256-${b64(snapHex)}`, heapBytes },
    stdlib: { file: path.basename(stdlib), url: rel(manifestPath, stdlib), bytes: stdlibBuf.length, sha256: sha256(stdlibBuf) },
    lockfile: { file: path.basename(lockfile), sha256: sha256(lockBuf) },
    packages,
    loadedPackages: Object.keys(loaded).sort().map((name) => {
      const e = lock.packages[norm(name)] ?? lock.packages[name] ?? {};
      return { name, file_name: e.file_name ?? null, sha256: e.sha256 ?? null };
    }),
    import: importCode ?? null,
    env: env ?? {},
  };
  if (pages) {
    const gzHex = sha256(pages.gz);
    manifest.snapshot.pages = {
      file: rel(manifestPath, pagesPath(out)), bytes: pages.gz.length, sha256: gzHex, integrity: `sha256-${b64(gzHex)}`,
      pageSize: pages.pageSize, dataBytes: pages.dataBytes, runs: pages.runs,
    };
  }
  return manifest;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    required: ["pyodide", "stdlib", "lockfile", "out"],
    flags: ["gzip", "no-verify"],
    usage: USAGE,
  });
  const pyodideDir = path.resolve(args.pyodide);
  const stdlib = path.resolve(args.stdlib);
  const lockfile = path.resolve(args.lockfile);
  const out = path.resolve(args.out);
  const manifestPath = path.resolve(args.manifest ?? `${out}.json`);
  const packages = (args.packages ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const importCode = args.import;
  const env = {
    ...REPRODUCIBLE_ENV,
    ...(args.env ? Object.fromEntries(args.env.split(",").map((kv) => { const i = kv.indexOf("="); return [kv.slice(0, i), kv.slice(i + 1)]; })) : {}),
  };

  guardNetwork();
  process.on("unhandledRejection", fail);
  // loadPyodide({packages}) with a name missing from the lockfile rejects an
  // internal promise nobody awaits yet ("No known package with name ...") and
  // Node dies on the unhandled rejection; check up front for a clear message.
  const lockPkgs = JSON.parse(readFileSync(lockfile, "utf8")).packages ?? {};
  const unknown = packages.filter((p) => !(norm(p) in lockPkgs) && !(p in lockPkgs));
  if (unknown.length) die(`not in ${lockfile}: ${unknown.join(", ")}`);
  let res;
  try {
    res = await makeSnapshot({ pyodideDir, stdlib, lockfile, packages, importCode, env });
  } catch (e) {
    die(String(e?.message ?? e));
  }
  const { snapshot, loaded, imported, buildMs, heapBytes } = res;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, snapshot);
  let pages = null;
  if (args.gzip) {
    pages = nonZeroPages(snapshot);
    pages.gz = gzipSync(pages.data, { level: 9 });
    writeFileSync(pagesPath(out), pages.gz);
  }
  if (pages) {
    // The browser rebuilds the image from the pages with this same code.
    const { inflatePages } = await import("./snapshot_loader.mjs");
    const image = await inflatePages(pages.gz, { bytes: snapshot.length, pages });
    if (!snapshot.equals(image)) die("the snapshot rebuilt from its pages differs from the original");
  }
  const manifest = buildManifest({ pyodideDir, out, manifestPath, snapshot, pages, stdlib, lockfile, packages, importCode, loaded, env, heapBytes });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");

  console.log(`snapshot made in ${(buildMs / 1000).toFixed(1)} s: packages [${Object.keys(loaded).join(", ")}], ` +
    `${imported.length} modules in sys.modules after ${JSON.stringify(importCode ?? "")}`);
  console.log(`output  : ${out}\n          ${describeSize(snapshot)}\n          sha256 ${manifest.snapshot.sha256}`);
  if (pages) {
    console.log(`pages   : ${pagesPath(out)}  ${pages.gz.length} B gzip of ${pages.data.length} B ` +
      `(${pages.runs.reduce((n, [, count]) => n + count, 0)} non-zero pages in ${pages.runs.length} runs)`);
  }
  console.log(`manifest: ${manifestPath}`);
  console.log(`stdlib  : ${stdlib} (sha256 ${manifest.stdlib.sha256.slice(0, 16)}..., must be served byte-identical)`);

  if (!args["no-verify"]) {
    const { verifySnapshot } = await import("./verify_snapshot.mjs");
    const v = await verifySnapshot({ pyodideDir, stdlib, lockfile, packages, snapshot, importCode, check: args.check });
    console.log(`verify  : restored in ${v.bootMs.toFixed(0)} ms (loadPyodide with _loadSnapshot, same stdLibURL/lockFileURL, packages re-passed);`);
    console.log(`          ${v.summary}`);
  }
  const attempts = getNetworkAttempts();
  if (attempts.length) die(`network access attempted: ${attempts.join(", ")}`);
  console.log("network attempts: 0");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch(fail);
}
