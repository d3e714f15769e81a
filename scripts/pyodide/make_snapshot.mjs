#!/usr/bin/env node
// Build a Pyodide memory snapshot with the app already imported.
//
//   node scripts/pyodide/make_snapshot.mjs --pyodide node_modules/pyodide \
//        --stdlib site/pyodide/python_stdlib.zip --lockfile site/pyodide/pyodide-lock.json \
//        --packages calculator --import "import calculator" --out site/pyodide/snapshot.bin [--gzip]
//
// Writes
//   FILE.bin        raw snapshot (header + the complete wasm linear memory)
//   FILE.pages.gz   (with --gzip) the header and the 64 KiB pages of memory that
//                   differ from what the module holds when Pyodide restores a
//                   snapshot (zero pages and the wasm's own data segments are
//                   there already), gzip -9. The manifest's `runs` say where
//                   each page goes, and `baseline` checks the memory the other
//                   pages are taken from.
//   FILE.bin.json   manifest: sizes + sha256 (hex and SRI) of the snapshot and
//                   its pages, the exact stdlib/lockfile/packages it was made
//                   with, the Pyodide version and BUILD_ID. The runtime loader
//                   (web/runtime/boot.js) checks it and boots plain if anything
//                   does not match.
//
// What a snapshot does and does not contain (measured with pyodide 314.0.7,
// see README.md): it contains the wasm heap (interpreter state, sys.modules,
// imported module objects). It does NOT contain the Emscripten file system
// (MEMFS lives in JS): site-packages is re-created on every boot, and so is
// the stdlib zip. With --late-stdlib the snapshot drops its zipimport caches
// and holds a finder that mounts the zip when an import first needs it
// (boot.js lateStdlibCode), so a snapshot boot needs no stdlib download at all.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import nodeCrypto from "node:crypto";
import { FORMAT, bootPyodide, inflatePages, lateStdlibCode, pagesChecksum } from "../../web/runtime/boot.js";
const HERE = path.dirname(fileURLToPath(import.meta.url));
import {
  putFile,
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
         [--gzip]                 also write FILE.pages.gz (pages that differ from the restore-time memory, gzip -9)
         [--late-stdlib]          mount the stdlib zip only when an import needs it (boot.js lateStdlibCode)
         [--trimmed-stdlib ZIP]   also write the stdlib with only the files the snapshot's modules came from
         [--env KEY=VAL,...]      environment baked into the snapshot (restore-time env is ignored!)
         [--check 'PYTHON']       code run after booting from the new snapshot (verification)
         [--no-verify]            skip the restore test
`;

const b64 = (hex) => Buffer.from(hex, "hex").toString("base64");
// A wasm page. Finer pages save little: 13.96 MB of 64 KiB pages are
// non-zero against 13.50 MB of 4 KiB pages, for 16 times the runs.
export const PAGE_SIZE = 65536;

/**
 * The snapshot's header and the pages of its memory that differ from
 * `baseline` (the memory as the module holds it when Pyodide restores a
 * snapshot), as [start, count] runs, plus the runs and checksum of the
 * baseline's non-zero pages that are not shipped (the restore checks them).
 */
export function diffPages(snapshot, baseline, pageSize = PAGE_SIZE) {
  const headerBytes = snapshot.readUInt32LE(4);
  const memory = snapshot.subarray(headerBytes);
  const zero = Buffer.alloc(pageSize);
  const runs = [];
  const kept = [];
  const parts = [snapshot.subarray(0, headerBytes)];
  const add = (list, page) => {
    const last = list[list.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else list.push([page, 1]);
  };
  if (memory.length % pageSize) throw new Error(`snapshot memory is not a whole number of ${pageSize} B pages`);
  for (let page = 0; page * pageSize < memory.length; page++) {
    const mine = memory.subarray(page * pageSize, (page + 1) * pageSize);
    const before = baseline.subarray(page * pageSize, (page + 1) * pageSize);
    if (before.length === pageSize && mine.equals(before)) {
      if (!before.equals(zero)) add(kept, page);
      continue;
    }
    add(runs, page);
    parts.push(mine);
  }
  const data = Buffer.concat(parts);
  return { headerBytes, pageSize, runs, data, dataBytes: data.length,
    baseline: { runs: kept, checksum: pagesChecksum(baseline, kept, pageSize) } };
}

/** The module's memory at the moment Pyodide would restore `snapshot` into it. */
export async function restoreTimeMemory({ pyodideDir, stdlib, lockfile, snapshot }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const { default: createPyodideModule } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.asm.mjs")).href);
  let memory = null;
  const stop = new Error("memory taken");
  await loadPyodide(localOptions({ pyodideDir, stdlib, lockfile, extra: {
    _loadSnapshot: new Uint8Array(snapshot.length),
    createPyodideModule: async (settings) => {
      const module = await createPyodideModule(settings);
      module.API.restoreSnapshot = () => { memory = Buffer.from(module.HEAPU8); throw stop; };
      return module;
    },
  } })).catch((e) => { if (e !== stop) throw e; });
  if (!memory) throw new Error("Pyodide never called restoreSnapshot");
  return memory;
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

export async function makeSnapshot({ pyodideDir, stdlib, lockfile, packages, importCode, env, lateStdlib = false, trim = false }) {
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
    return { ...(await snapshotOf(await loadPyodide(opts), { packages, importCode, lateStdlib, trim })), buildMs: clock() - t0 };
  } finally {
    restoreClockAndEntropy();
  }
}

async function snapshotOf(py, { packages, importCode, lateStdlib, trim }) {
  const loaded = { ...py.loadedPackages };
  const missing = packages.filter((p) => !Object.keys(loaded).some((k) => norm(k) === norm(p)));
  if (missing.length) throw new Error(`packages not loaded: ${missing.join(", ")} (check the lockfile)`);
  if (importCode) py.runPython(importCode);
  const imported = JSON.parse(py.runPython("import sys, json; json.dumps(sorted(sys.modules))"));
  if (lateStdlib) py.runPython(lateStdlibCode());
  // Garbage and caches left by the imports would only be shipped.
  py.runPython(RELEASE_GARBAGE);
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
  const trimmed = trim ? trimmedStdlib(py) : null;
  const image = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
  const heap = { base: py._module.___heap_base?.value ?? py._module.___heap_base, sbrkPtr: py._module._emscripten_get_sbrk_ptr() };
  return { snapshot: image, loaded, imported, heapBytes: py._module.HEAP8.length, trimmed, heap };
}

// Python's caches of compiled regular expressions and typing's generic aliases
// are rebuilt on use; cleared, they are not shipped to every visitor.
const RELEASE_GARBAGE = `
import gc, re, sys, typing
re.purge()
for clear in typing._cleanups:
    clear()
sys._clear_internal_caches()
gc.collect()
`;

/**
 * The malloc chunks that are free in the snapshot's memory, as [start, end)
 * byte ranges of dead contents. Pyodide 314 allocates everything, Python's
 * objects too (it has no pymalloc), with Emscripten's dlmalloc from one
 * contiguous sbrk segment: chunks follow each other from the heap base to the
 * break, each with a head word of its size and flags, and a chunk is free when
 * the next one's PINUSE bit is clear. What a free chunk held is garbage that
 * would only be shipped; its first 24 bytes after the head (free-list and tree
 * links) and the next chunk's prev_foot (its size) are live and kept.
 * A walk that does not end exactly at the break means the allocator is not
 * what this expects: the build stops rather than guess.
 */
export function freeChunks(memory, { base, sbrkPtr }) {
  const u32 = (at) => memory.readUInt32LE(at);
  const brk = u32(sbrkPtr);
  const ranges = [];
  let chunk = base;
  while (chunk < brk) {
    const size = u32(chunk + 4) & ~7;
    if (size < 16 || size % 8 || chunk + size > brk) break;
    const next = chunk + size;
    const inUse = next < brk ? u32(next + 4) & 1 : u32(chunk + 4) & 2;
    if (!inUse && size > 32) ranges.push([chunk + 32, next]);
    chunk = next;
  }
  if (chunk !== brk) {
    throw new Error(`the malloc heap does not walk from ${base} to the break at ${brk} (stopped at ${chunk}): ` +
      "Pyodide's allocator is not the dlmalloc this build expects; see scripts/pyodide/README.md");
  }
  ranges.push([brk, memory.length]);   // never allocated since the last trim
  return ranges;
}

// Every stdlib file the snapshot's modules came from: what a plain boot of the
// same app needs. Read after the snapshot is taken, so it leaves nothing in it.
const STDLIB_USED = `
import json, sys, zipfile
archive = next(p for p in sys.path if p.endswith(".zip"))
prefix = archive + "/"
origins = (getattr(getattr(m, "__spec__", None), "origin", None) or "" for m in list(sys.modules.values()))
with zipfile.ZipFile(archive) as z:
    top_level = sorted({n.split("/")[0].split(".")[0] for n in z.namelist()})
json.dumps({"archive": archive, "members": sorted({o[len(prefix):] for o in origins if o.startswith(prefix)}),
            "topLevel": top_level})
`;

function trimmedStdlib(py) {
  const used = JSON.parse(py.runPython(STDLIB_USED));
  putFile(py, "/tmp/build/_pyc.py", readFileSync(path.join(HERE, "_pyc.py")));
  const ns = py.toPy({ archive: used.archive, members: used.members });
  py.runPython(`import sys; sys.path.insert(0, "/tmp/build"); import _pyc; sys.path.pop(0)
_pyc.trim_stdlib(archive, "/tmp/build/trimmed.zip", members)`, { globals: ns });
  ns.destroy();
  return { zip: Buffer.from(py.FS.readFile("/tmp/build/trimmed.zip")), members: used.members.length, topLevel: used.topLevel };
}

export const pagesPath = (out) => out.replace(/\.bin$/, "") + ".pages.gz";
const rel = (from, to) => path.relative(path.dirname(from), to).split(path.sep).join("/");
const norm = (n) => n.toLowerCase().replace(/[-_.]+/g, "-");

const sri = (...buffers) => buffers.map((b) => `sha256-${b64(sha256(b))}`).join(" ");

export function buildManifest({ pyodideDir, out, manifestPath, snapshot, pages, stdlib, lockfile, packages, importCode, loaded, env, heapBytes, lateStdlib, trimmed }) {
  const lock = JSON.parse(readFileSync(lockfile, "utf8"));
  const stdlibBuf = readFileSync(stdlib);
  const lockBuf = readFileSync(lockfile);
  const manifest = {
    format: FORMAT,
    pyodide: pyodideBuildInfo(pyodideDir),
    // file / url: relative to the manifest's own location (posix separators)
    snapshot: { file: rel(manifestPath, out), bytes: snapshot.length, headerBytes: snapshot.readUInt32LE(4),
      sha256: sha256(snapshot), integrity: sri(snapshot), heapBytes },
    stdlib: { file: path.basename(stdlib), url: rel(manifestPath, stdlib), bytes: stdlibBuf.length,
      sha256: sha256(stdlibBuf), integrity: sri(stdlibBuf), mount: lateStdlib ? "later" : "at boot" },
    lockfile: { file: path.basename(lockfile), sha256: sha256(lockBuf) },
    packages,
    loadedPackages: Object.keys(loaded).sort().map((name) => {
      const e = lock.packages[norm(name)] ?? lock.packages[name] ?? {};
      return { name, file_name: e.file_name ?? null, sha256: e.sha256 ?? null };
    }),
    import: importCode ?? null,
    env: env ?? {},
  };
  if (trimmed) {
    // A plain boot of the same app mounts this one, then the full zip if an
    // import needs a module it lacks (any of `topLevel`).
    manifest.stdlib.trimmed = { url: rel(manifestPath, trimmed.path), bytes: trimmed.zip.length, integrity: sri(trimmed.zip),
      members: trimmed.members };
    manifest.stdlib.topLevel = trimmed.topLevel;
  }
  if (pages) {
    manifest.snapshot.pages = {
      file: rel(manifestPath, pagesPath(out)), bytes: pages.gz.length,
      // Either the gzip file, or its content when a host inflated it on the way
      // (Content-Encoding: gzip for .gz files): fetch's `integrity` takes both.
      integrity: sri(pages.gz, pages.data),
      pageSize: pages.pageSize, dataBytes: pages.dataBytes, runs: pages.runs, baseline: pages.baseline,
    };
  }
  return manifest;
}

// Python run after booting from the new snapshot: a module it does not hold
// must still import (with --late-stdlib: the finder mounts the zip first).
const LATE_IMPORT = `
import sys
assert "xml.dom.minidom" not in sys.modules
import xml.dom.minidom
xml.dom.minidom.parseString("<a/>").documentElement.tagName
`;

/** Boot from the manifest exactly as the site's worker does (web/runtime/boot.js). */
async function verifyPages({ pyodideDir, manifestPath, lockfile, packages, check, lateStdlib }) {
  const { loadPyodide, version } = await importPyodide(pyodideDir);
  const { default: createPyodideModule } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.asm.mjs")).href);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const empty = path.join(path.dirname(manifestPath), ".empty-stdlib.zip");
  writeFileSync(empty, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]));
  let lateFetches = 0;
  try {
    const t0 = performance.now();
    const res = await bootPyodide({
      loadPyodide, version, manifestURL: manifestPath,
      options: localOptions({ pyodideDir, lockfile, extra: { packages, createPyodideModule } }),
      restoreOptions: lateStdlib ? { packages: [], stdLibURL: empty } : {},
      fetchSync: (file) => { lateFetches++; return new Uint8Array(readFileSync(file)); },
      importCode: manifest.import ?? "", log: (m) => console.log(m),
    });
    const bootMs = performance.now() - t0;
    if (res.mode !== "snapshot") throw new Error(`the new snapshot does not boot: ${res.reason}`);
    if (check) res.pyodide.runPython(check);
    const tag = res.pyodide.runPython(LATE_IMPORT);
    if (tag !== "a") throw new Error(`a late import gave ${tag}`);
    if (lateStdlib && lateFetches !== 1) throw new Error(`the stdlib was fetched ${lateFetches} times for a late import, not once`);
    return { bootMs, lateFetches };
  } finally {
    (await import("node:fs")).rmSync(empty, { force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    required: ["pyodide", "stdlib", "lockfile", "out"],
    flags: ["gzip", "no-verify", "late-stdlib"],
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
    res = await makeSnapshot({ pyodideDir, stdlib, lockfile, packages, importCode, env, lateStdlib: args["late-stdlib"],
      trim: Boolean(args["trimmed-stdlib"]) });
  } catch (e) {
    die(String(e?.message ?? e));
  }
  const { snapshot, loaded, imported, buildMs, heapBytes, trimmed, heap } = res;
  const trimmedPath = args["trimmed-stdlib"] ? path.resolve(args["trimmed-stdlib"]) : null;
  if (trimmed) writeFileSync(trimmedPath, trimmed.zip);
  mkdirSync(path.dirname(out), { recursive: true });
  let pages = null;
  if (args.gzip) {
    const baseline = await restoreTimeMemory({ pyodideDir, stdlib, lockfile, snapshot });
    // Dead memory takes the baseline's bytes, so a page that holds nothing
    // live is not shipped, and the rest compresses better.
    const memory = snapshot.subarray(snapshot.readUInt32LE(4));
    const dead = freeChunks(memory, heap);
    for (const [start, end] of dead) baseline.copy(memory, start, start, end);
    pages = diffPages(snapshot, baseline);
    pages.deadBytes = dead.reduce((n, [start, end]) => n + end - start, 0);
    pages.gz = gzipSync(pages.data, { level: 9 });
    writeFileSync(pagesPath(out), pages.gz);
    const again = await inflatePages(pages.gz, pages);
    if (!pages.data.equals(again)) die("the pages inflated by boot.js differ from the ones written");
  }
  writeFileSync(out, snapshot);
  const manifest = buildManifest({ pyodideDir, out, manifestPath, snapshot, pages, stdlib, lockfile, packages, importCode,
    loaded, env, heapBytes, lateStdlib: args["late-stdlib"], trimmed: trimmed && { ...trimmed, path: trimmedPath } });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");

  console.log(`snapshot made in ${(buildMs / 1000).toFixed(1)} s: packages [${Object.keys(loaded).join(", ")}], ` +
    `${imported.length} modules in sys.modules after ${JSON.stringify(importCode ?? "")}`);
  console.log(`output  : ${out}\n          ${describeSize(snapshot)}\n          sha256 ${manifest.snapshot.sha256}`);
  if (pages) {
    const count = (runs) => runs.reduce((n, [, c]) => n + c, 0);
    console.log(`pages   : ${pagesPath(out)}  ${pages.gz.length} B gzip of ${pages.data.length} B ` +
      `(${count(pages.runs)} pages that differ from the restore-time memory, in ${pages.runs.length} runs; ` +
      `${count(pages.baseline.runs)} non-zero pages taken as they are; ${pages.deadBytes} B of free malloc chunks ` +
      "set to the baseline's bytes)");
  }
  if (trimmed) console.log(`trimmed : ${trimmedPath}  ${trimmed.zip.length} B, ${trimmed.members} files of the stdlib zip`);
  console.log(`manifest: ${manifestPath}`);
  console.log(`stdlib  : ${stdlib} (sha256 ${manifest.stdlib.sha256.slice(0, 16)}..., mounted ${manifest.stdlib.mount})`);

  if (!args["no-verify"]) {
    if (pages) {
      const v = await verifyPages({ pyodideDir, manifestPath, lockfile, packages, check: args.check, lateStdlib: args["late-stdlib"] });
      console.log(`verify  : booted from the pages through boot.js in ${v.bootMs.toFixed(0)} ms; a late import worked` +
        (args["late-stdlib"] ? " after mounting the stdlib once" : ""));
    } else {
      const { verifySnapshot } = await import("./verify_snapshot.mjs");
      const v = await verifySnapshot({ pyodideDir, stdlib, lockfile, packages, snapshot, importCode, check: args.check });
      console.log(`verify  : restored in ${v.bootMs.toFixed(0)} ms; ${v.summary}`);
    }
  }
  const attempts = getNetworkAttempts();
  if (attempts.length) die(`network access attempted: ${attempts.join(", ")}`);
  console.log("network attempts: 0");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch(fail);
}
