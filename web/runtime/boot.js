// Boot Pyodide from the memory snapshot made at build time when it checks out,
// and fall back to a plain boot otherwise. Runs in a browser module worker
// (worker.js, snapshot-worker.js) and under Node (scripts/pyodide/: the build
// makes and verifies the snapshot with this very code), so it has no Node-only
// import at top level.
//
//   import { loadPyodide, version } from "./pyodide.esm.js";
//   import createPyodideModule from "./pyodide.asm.js";
//   const { pyodide, mode, reason, stdlib } = await bootPyodide({
//     loadPyodide, version, manifestURL: BASE + "snapshot.json",
//     options: { indexURL, lockFileURL, packageBaseUrl, stdLibURL, packages, createPyodideModule },
//     importCode: "import calculator.api",   // run on a plain boot; a no-op after a snapshot boot
//   });
//
// What the snapshot ships (scripts/pyodide/make_snapshot.mjs): only the 64 KiB
// pages of wasm memory that differ from what the module holds when Pyodide
// restores a snapshot (the wasm's own data segments are already there), gzip'd,
// plus a manifest. The stdlib zip is not needed to restore it: the snapshot
// boot mounts it later, when an import first needs it (see lateStdlibCode).
//
// Checks before the snapshot is used (Pyodide itself only checks the magic and
// BUILD_ID in the header; a damaged body is a wasm trap or silently wrong state):
//   1. the manifest's format and Pyodide version match the runtime
//   2. the pages download matches the manifest's SHA-256 (fetch's `integrity`:
//      the browser checks it, in secure contexts and on plain http alike)
//   3. byte counts, gzip's or xz's CRC, the header's magic
//   4. the memory the unshipped pages come from matches the build's checksum
// Any failure => plain loadPyodide(options) + importCode.

export const FORMAT = "pyodide-memory-snapshot/2";
const MAGIC = 0x706e7300;

const isURL = (s) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

export function resolveRel(file, base) {
  if (isURL(base)) return new URL(file, base).href;
  if (file.startsWith("/")) return file;
  return base.slice(0, base.lastIndexOf("/") + 1) + file;
}

// ---- integrity -----------------------------------------------------------------

// SHA-256 in plain JavaScript: crypto.subtle exists only in secure contexts,
// and the one place that needs a hash without fetch's `integrity` (the
// synchronous stdlib fetch in lateStdlibCode) cannot await it anyway.
// About 150 MB/s in V8 (scripts/bench_boot.py prints it), 30 ms for the stdlib zip.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256(bytes) {
  const h = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Int32Array(64);
  const tail = new Uint8Array(((bytes.length + 9 + 63) & ~63) - (bytes.length & ~63));
  tail.set(bytes.subarray(bytes.length & ~63));
  tail[bytes.length & 63] = 0x80;
  const bits = bytes.length * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(tail.length - 4, bits >>> 0);
  const block = (src, at) => {
    for (let i = 0; i < 16; i++, at += 4) w[i] = (src[at] << 24) | (src[at + 1] << 16) | (src[at + 2] << 8) | src[at + 3];
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15], b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7)))
        + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10)))
        + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  };
  const whole = bytes.length & ~63;
  for (let at = 0; at < whole; at += 64) block(bytes, at);
  for (let at = 0; at < tail.length; at += 64) block(tail, at);
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setInt32(i * 4, h[i]);
  return out;
}

const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));

/** Does `bytes` match one of the hashes of an SRI string ("sha256-… sha256-…")? */
export function matchesIntegrity(bytes, integrity) {
  const mine = `sha256-${toBase64(sha256(bytes))}`;
  return integrity.split(/\s+/).includes(mine);
}

async function defaultFetchBytes(url, { signal, integrity } = {}) {
  if (!isURL(url) || url.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    const b = await readFile(url.startsWith("file:") ? new URL(url) : url);
    const bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (integrity && !matchesIntegrity(bytes, integrity)) throw new Error(`${url}: does not match ${integrity}`);
    return bytes;
  }
  return readChecked(fetch(url, { signal, integrity }), url, integrity);
}

/** The body of a fetch() made with `integrity`, with an error that says so. */
export async function readChecked(response, url, integrity) {
  let r;
  try {
    r = await response;
  } catch (error) {
    // A body that does not match is a network error, like an unreachable server.
    throw integrity ? new Error(`GET ${url}: failed, or does not match the build's sha256 (${error.message})`) : error;
  }
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

function defaultFetchSync(url) {
  if (typeof XMLHttpRequest !== "function") throw new Error(`no synchronous fetch for ${url} here`);
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.responseType = "arraybuffer";   // allowed for synchronous requests in workers only
  xhr.send();
  if (xhr.status !== 200) throw new Error(`GET ${url}: HTTP ${xhr.status}`);
  return new Uint8Array(xhr.response);
}

// ---- the snapshot's pages ----------------------------------------------------------

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

/** The pages download inflated as a stream of chunks: gzip through the
 *  browser's DecompressionStream, xz through the staged wasm decoder. */
async function inflated(payload) {
  const stream = new Blob([payload]).stream();
  if (XZ_MAGIC.every((byte, i) => payload[i] === byte)) {
    const { XzReadableStream } = await import("./xz-decompress.js");
    return new XzReadableStream(stream);
  }
  return stream.pipeThrough(new DecompressionStream("gzip"));
}

/** Inflate the pages download (gzip or xz; or take it as it is, when the host
 *  already inflated it through Content-Encoding) into one buffer of `dataBytes`. */
export async function inflatePages(payload, pages) {
  const data = new Uint8Array(pages.dataBytes);
  let written = 0;
  const put = (chunk) => {
    if (written + chunk.length > data.length) throw new Error(`snapshot pages: more than the manifest's ${pages.dataBytes} bytes`);
    data.set(chunk, written);
    written += chunk.length;
  };
  if ((payload[0] === 0x1f && payload[1] === 0x8b) || payload[0] === XZ_MAGIC[0]) {
    const reader = (await inflated(payload)).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) put(next.value);
  } else {
    put(payload);
  }
  if (written !== pages.dataBytes) throw new Error(`snapshot pages: ${written} bytes, manifest says ${pages.dataBytes}`);
  return data;
}

/** FNV-1a over the 32-bit words of the given page runs of `memory`. */
export function pagesChecksum(memory, runs, pageSize) {
  let hash = 0x811c9dc5;
  for (const [page, count] of runs) {
    const words = new Uint32Array(memory.buffer, memory.byteOffset + page * pageSize, (count * pageSize) / 4);
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193);
  }
  return hash >>> 0;
}

/** Write the shipped pages into wasm memory (the rest is already right, checked first). */
export function writePages(memory, { data }, pages) {
  const { pageSize, runs, baseline } = pages;
  const got = pagesChecksum(memory, baseline.runs, pageSize);
  if (got !== baseline.checksum) {
    throw new Error(`memory before restore differs from the build's (checksum ${got} != ${baseline.checksum})`);
  }
  let at = 0;
  for (const [page, count] of runs) {
    const n = count * pageSize;
    memory.set(data.subarray(at, at + n), page * pageSize);
    at += n;
  }
}

/** Fetch the manifest and check it against the runtime. */
export async function fetchManifest({ manifestURL, version, fetchBytes = defaultFetchBytes, signal }) {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(manifestURL, { signal })));
  if (manifest.format !== FORMAT) throw new Error(`unknown manifest format ${manifest.format}`);
  if (version && manifest.pyodide?.version !== version) {
    throw new Error(`snapshot is for pyodide ${manifest.pyodide?.version}, runtime is ${version}`);
  }
  return manifest;
}

/** Fetch the pages (`format` "xz": the smaller download, where the manifest
 *  lists one), check them, split off the header: { header, data }. */
export async function fetchSnapshotPages({ manifest, manifestURL, fetchBytes = defaultFetchBytes, signal, format = "gz" }) {
  const pages = manifest.snapshot.pages;
  const file = (format === "xz" && pages.xz) || pages;
  const payload = await fetchBytes(resolveRel(file.file, manifestURL), { signal, integrity: file.integrity });
  const all = await inflatePages(payload, pages);
  // The download is the snapshot's header, then the pages that differ.
  const headerBytes = manifest.snapshot.headerBytes;
  const magic = new DataView(all.buffer, all.byteOffset, 16).getUint32(0, true);
  if (magic !== MAGIC) throw new Error(`bad snapshot magic 0x${magic.toString(16)}`);
  return { header: all.slice(0, headerBytes), data: all.subarray(headerBytes) };
}

/**
 * Start fetching the manifest, and the pages once `want` resolves to their
 * format ("gz" or "xz"; false: not wanted); check and inflate them only once
 * `gate` resolves (the site's worker holds CPU-heavy work until the page has
 * started up). Returns promises { manifest: Uint8Array, pages: { header, data } }.
 */
export function prepareSnapshot({ manifestURL, fetchBytes = defaultFetchBytes, gate = null, want = "gz" }) {
  const manifest = fetchBytes(manifestURL);
  const pages = (async () => {
    const checked = await fetchManifest({ manifestURL, fetchBytes: () => manifest });
    const format = await want;
    if (!format) throw Object.assign(new Error("snapshot not wanted"), { notWanted: true });
    const gated = async (url, options) => {
      const body = await fetchBytes(url, options);
      await gate;
      return body;
    };
    return fetchSnapshotPages({ manifest: checked, manifestURL, fetchBytes: gated, format });
  })();
  manifest.catch(() => {});
  pages.catch(() => {});
  return { manifest, pages };
}

// ---- the standard library, mounted late ------------------------------------------

// Installed by make_snapshot.mjs before the snapshot is taken, so it lives in
// the snapshot (and after a plain boot that mounted the trimmed stdlib): the
// zipimport caches that point into the zip mounted now are dropped, and an
// import that misses and names a stdlib module fetches the full zip first
// (synchronously: an import cannot wait). The site mounts it earlier wherever
// it can tell it will be needed (XLSX on /forms/). `topLevel`: the full zip's
// top-level names (default: read from the zip mounted now).
export const lateStdlibCode = (topLevel = null) => `
def _install_late_stdlib(names):
    import importlib.machinery, sys, zipfile, zipimport
    archive = next(p for p in sys.path if p.endswith(".zip"))
    if names is None:
        with zipfile.ZipFile(archive) as z:
            names = [n.split("/")[0].split(".")[0] for n in z.namelist()]

    class StdlibLater:
        """Until the full stdlib zip is mounted, fetch it for an import of a stdlib module."""
        archive_path = archive
        top_level = frozenset(names)

        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition(".")[0] not in cls.top_level or cls not in sys.meta_path:
                return None
            import _stdlib_later  # registered by boot.js after the boot
            _stdlib_later.mount_now()
            return importlib.machinery.PathFinder.find_spec(name, path, target)

        @classmethod
        def mounted(cls):
            if cls in sys.meta_path:
                sys.meta_path.remove(cls)
            zipimport._zip_directory_cache.clear()
            sys.path_importer_cache.clear()
            importlib.invalidate_caches()

    zipimport._zip_directory_cache.clear()
    sys.path_importer_cache.clear()
    sys.meta_path.append(StdlibLater)

_install_late_stdlib(${topLevel ? JSON.stringify(topLevel) : "None"})
del _install_late_stdlib
`;

const FIND_LATE = `
import sys
next((f for f in sys.meta_path if getattr(f, "__name__", "") == "StdlibLater"), None)
`;

/**
 * After a snapshot boot: the stdlib zip is mounted on demand. Returns
 *   { mounted: boolean, mount(): Promise (fetch with integrity, then mount) }.
 * `given` is a stdlib already written by the boot (a Node caller passing the real zip).
 */
function lateStdlib({ pyodide, manifest, manifestURL, fetchBytes, fetchSync, given }) {
  const finder = pyodide.runPython(FIND_LATE);
  const state = { mounted: !finder, mount: async () => {} };
  if (!finder) return state;
  const url = resolveRel(manifest.stdlib.url, manifestURL);
  const put = (bytes) => {
    if (state.mounted) return;
    pyodide.FS.writeFile(finder.archive_path, bytes, { canOwn: true });
    finder.mounted();
    finder.destroy();
    state.mounted = true;
  };
  if (given) {
    finder.mounted();
    finder.destroy();
    state.mounted = true;
    return state;
  }
  let pending = null;
  state.mount = () => {
    if (state.mounted) return Promise.resolve();
    pending ??= fetchBytes(url, { integrity: manifest.stdlib.integrity }).then(put, (error) => {
      pending = null;   // the next request tries again
      throw error;
    });
    return pending;
  };
  pyodide.registerJsModule("_stdlib_later", {
    mount_now: () => {
      if (state.mounted) return;
      const bytes = fetchSync(url);
      if (!matchesIntegrity(bytes, manifest.stdlib.integrity)) throw new Error(`${url} does not match the build's sha256`);
      put(bytes);
    },
  });
  return state;
}

// ---- boot ------------------------------------------------------------------------------

// Run after a snapshot boot: re-seed `random` (its state was captured in the
// snapshot, so every visitor would otherwise get the same sequence).
const AFTER_RESTORE = `
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
`;

function withTimeout(promise, ms, what) {
  if (!ms) return promise;
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timeout after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(t));
}

/**
 * Pyodide 314's loadPyodide awaits `_loadSnapshot` before it creates the
 * module, only to size the wasm memory; it gets a zero-filled stand-in of the
 * right size at once, so creating and instantiating the module overlaps the
 * download. Once the module exists, its restoreSnapshot (Pyodide's internal
 * Module.API.restoreSnapshot; if it is missing, the boot falls back) gets the
 * header only, and the shipped pages are written into memory beside it.
 */
function restoreWhenReady(createPyodideModule, pagesP, manifest) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    const restore = module.API?.restoreSnapshot;
    if (typeof restore !== "function") throw new Error("this Pyodide has no API.restoreSnapshot to hand the snapshot to");
    const pages = await pagesP;
    module.API.restoreSnapshot = () => {
      writePages(module.HEAPU8, pages, manifest.snapshot.pages);
      return restore.call(module.API, pages.header);
    };
    return module;
  };
}

/**
 * Boot Pyodide, preferring the snapshot. Returns
 *   { pyodide, mode: "snapshot" | "plain", reason, timings, stdlib: { mounted, mount() } }
 * `options` are used by both modes and must include createPyodideModule (the
 * default export of pyodide.asm.js) for a snapshot boot. `restoreOptions` apply
 * to a snapshot boot only: e.g. { packages: [] } when the snapshot needs none of
 * the packages' files, and a stdLibURL of an empty zip when the stdlib is
 * mounted later. `useSnapshot` (a promise) resolves to true, or to the reason
 * not to (the site's worker weighs the link). A plain boot mounts the
 * manifest's trimmed stdlib when there is one, and the full zip when needed.
 */
export async function bootPyodide({
  loadPyodide,
  version,
  options,
  manifestURL,
  importCode = "",
  smokeTest = "",
  fetchBytes = defaultFetchBytes,
  fetchSync = defaultFetchSync,
  snapshotPages = null,
  restoreOptions = {},
  useSnapshot = true,
  timeoutMs = 20000,
  log = () => {},
}) {
  const t0 = performance.now();
  const timings = {};
  let reason = null;
  let manifest = null;
  if (!manifestURL) reason = "no manifestURL";
  else {
    try {
      manifest = await fetchManifest({ manifestURL, version, fetchBytes });
    } catch (e) {
      reason = String(e?.message ?? e).split("\n")[0];
      log(`pyodide snapshot manifest unusable, booting plain: ${reason}`);
    }
  }
  const wanted = manifest ? await useSnapshot : false;
  if (manifest && wanted !== true) reason = typeof wanted === "string" ? wanted : "snapshot not wanted";
  if (manifest && wanted === true && !options.createPyodideModule) reason = "no createPyodideModule to restore into";
  else if (manifest && wanted === true) {
    try {
      // A caller may have started fetching and checking the pages already
      // (the site's worker does, in a worker of its own).
      const pagesP = snapshotPages ?? fetchSnapshotPages({ manifest, manifestURL, fetchBytes });
      pagesP.then(() => { timings.fetchValidate = performance.now() - t0; }, () => {});
      const t1 = performance.now();
      const stdLibURL = restoreOptions.stdLibURL ?? resolveRel(manifest.stdlib.url, manifestURL);
      const booting = loadPyodide({
        ...options, ...restoreOptions, stdLibURL,
        _loadSnapshot: new Uint8Array(manifest.snapshot.bytes),
        createPyodideModule: restoreWhenReady(options.createPyodideModule, pagesP, manifest),
      });
      booting.catch(() => {});
      // No clock on downloads: on a slow link they take long, and a plain boot
      // would need more of them. The watchdog guards the restore itself.
      await Promise.race([pagesP, booting]);
      const pyodide = await withTimeout(booting, timeoutMs, "snapshot boot");
      timings.loadPyodide = performance.now() - t1;
      pyodide.runPython(AFTER_RESTORE);
      const stdlib = lateStdlib({ pyodide, manifest, manifestURL, fetchBytes, fetchSync, given: !restoreOptions.stdLibURL });
      if (importCode) pyodide.runPython(importCode);
      if (smokeTest && pyodide.runPython(smokeTest) === false) throw new Error("smoke test returned False");
      timings.total = performance.now() - t0;
      return { pyodide, mode: "snapshot", reason: null, timings, stdlib };
    } catch (e) {
      reason = String(e?.message ?? e).split("\n")[0];
      log(`pyodide snapshot boot failed, booting plain: ${reason}`);
    }
  }
  const t2 = performance.now();
  const trimmed = manifest?.stdlib?.trimmed;
  const pyodide = await loadPyodide({
    ...options, ...(trimmed ? { stdLibURL: plainStdlibURL(manifest, manifestURL) } : {}),
  });
  timings.loadPyodide = performance.now() - t2;
  let stdlib = { mounted: true, mount: async () => {} };
  if (trimmed) {
    pyodide.runPython(lateStdlibCode(manifest.stdlib.topLevel));
    stdlib = lateStdlib({ pyodide, manifest, manifestURL, fetchBytes, fetchSync });
  }
  if (importCode) pyodide.runPython(importCode);
  if (smokeTest) pyodide.runPython(smokeTest);
  timings.total = performance.now() - t0;
  return { pyodide, mode: "plain", reason, timings, stdlib };
}

/** The stdlib a plain boot mounts: the manifest's trimmed one (all the app imports). */
export const plainStdlibURL = (manifest, manifestURL) => resolveRel(manifest.stdlib.trimmed.url, manifestURL);
