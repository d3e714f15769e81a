// Runtime loader: boot Pyodide from a memory snapshot when it is valid, and
// fall back to a plain boot otherwise. Works in a browser module worker and in
// Node (no Node-only imports at top level). Reference implementation for the
// site's worker; also used by verify_snapshot.mjs and bench_node.mjs.
//
//   import { loadPyodide, version } from "./pyodide/pyodide.mjs";
//   import { bootPyodide } from "./snapshot_loader.mjs";
//   const { pyodide, mode, reason } = await bootPyodide({
//     loadPyodide, version,
//     manifestURL: new URL("./pyodide/snapshot.bin.json", import.meta.url).href,
//     options: {                       // used by BOTH modes
//       indexURL, lockFileURL, packageBaseUrl, stdLibURL, packages: ["calculator"],
//     },
//     importCode: "import calculator",  // run on a plain boot; no-op after a snapshot boot
//   });
//
// Validation before the snapshot is handed to loadPyodide (Pyodide itself only
// checks the 4-byte magic and the 32-byte BUILD_ID in the header; a truncated
// or bit-flipped body is either a wasm trap or - worse - silently wrong state):
//   1. manifest is readable and of the known format
//   2. manifest.pyodide.version === the loaded pyodide.mjs version
//   3. the stdlib URL the snapshot needs is the one we are going to pass
//   4. snapshot byte length and SHA-256 match the manifest
//   5. header magic 0x706e7300
// then loadPyodide({... , _loadSnapshot}) inside try/catch (+ timeout), then a
// Python smoke test. Any failure => plain loadPyodide(options) + importCode.

const MAGIC = 0x706e7300;
const FORMAT = "pyodide-memory-snapshot/1";

const isURL = (s) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

function resolveRel(file, base) {
  if (isURL(base)) return new URL(file, base).href;
  if (file.startsWith("/")) return file;
  return base.slice(0, base.lastIndexOf("/") + 1) + file;
}

async function defaultFetchBytes(url, { signal } = {}) {
  if (!isURL(url) || url.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    const p = url.startsWith("file:") ? new URL(url) : url;
    const b = await readFile(p);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const r = await fetch(url, { signal });
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/**
 * The snapshot from its non-zero pages (make_snapshot.mjs --gzip): inflate
 * `payload` (gzip, or already inflated by a host that sent it with
 * Content-Encoding) and put each page back where the manifest's runs say,
 * straight into the zero-filled image; the zero pages cost nothing.
 */
export async function inflatePages(payload, snapshot) {
  const { bytes: total, pages: { pageSize, runs, dataBytes } } = snapshot;
  const image = new Uint8Array(total);
  const spans = runs.map(([page, count]) => [page * pageSize, Math.min((page + count) * pageSize, total)]);
  let span = 0;
  let at = spans.length ? spans[0][0] : 0;
  let written = 0;
  const put = (chunk) => {
    for (let offset = 0; offset < chunk.length;) {
      if (span >= spans.length) throw new Error(`snapshot pages: more than the manifest's ${dataBytes} bytes`);
      const n = Math.min(spans[span][1] - at, chunk.length - offset);
      image.set(chunk.subarray(offset, offset + n), at);
      at += n;
      offset += n;
      written += n;
      if (at === spans[span][1] && ++span < spans.length) at = spans[span][0];
    }
  };
  if (payload[0] === 0x1f && payload[1] === 0x8b) {
    const reader = new Blob([payload]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) put(next.value);
  } else {
    put(payload);
  }
  if (written !== dataBytes) throw new Error(`snapshot pages: ${written} bytes, manifest says ${dataBytes}`);
  return image;
}

async function sha256hex(bytes) {
  const d = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function withTimeout(promise, ms, what) {
  if (!ms) return promise;
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timeout after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(t));
}

/** Fetch the manifest and check it against the runtime. Resolves to { manifest, stdLibURL }. */
export async function fetchManifest({ manifestURL, version, stdLibURL, fetchBytes = defaultFetchBytes, signal }) {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes(manifestURL, { signal })));
  if (manifest.format !== FORMAT) throw new Error(`unknown manifest format ${manifest.format}`);
  if (version && manifest.pyodide?.version !== version) {
    throw new Error(`snapshot is for pyodide ${manifest.pyodide?.version}, runtime is ${version}`);
  }
  const wantStdlib = resolveRel(manifest.stdlib.url ?? manifest.stdlib.file, manifestURL);
  const given = stdLibURL && isURL(manifestURL) && !isURL(stdLibURL) && globalThis.location
    ? new URL(stdLibURL, globalThis.location.href).href
    : stdLibURL;
  if (given && given !== wantStdlib) {
    throw new Error(`stdlib mismatch: snapshot needs ${wantStdlib}, caller passes ${stdLibURL}`);
  }
  return { manifest, stdLibURL: wantStdlib };
}

/** Fetch the snapshot bytes and validate length, SHA-256 and magic. */
export async function fetchSnapshotBytes({ manifest, manifestURL, fetchBytes = defaultFetchBytes, usePages = "auto", signal }) {
  const s = manifest.snapshot;
  let bytes;
  let verified = false;
  if (s.pages && usePages !== false && typeof DecompressionStream === "function") {
    const payload = await fetchBytes(resolveRel(s.pages.file, manifestURL), { signal });
    // Hashing the 5 MB download instead of the 30 MB image saves ~100 ms on
    // a slow machine; gzip's own CRC-32 and the byte counts then guard the
    // inflation. A host that already inflated it (Apache's AddEncoding for
    // .gz) hands over the bare pages, which the full hash below checks.
    if (payload[0] === 0x1f && payload[1] === 0x8b) {
      const hex = await sha256hex(payload);
      if (hex !== s.pages.sha256) throw new Error(`${s.pages.file} sha256 ${hex} != manifest ${s.pages.sha256}`);
      verified = true;
    }
    bytes = await inflatePages(payload, s);
  } else {
    bytes = await fetchBytes(resolveRel(s.file, manifestURL), { signal });
  }
  if (bytes.byteLength !== s.bytes) throw new Error(`snapshot length ${bytes.byteLength} != manifest ${s.bytes}`);
  if (!verified) {
    const hex = await sha256hex(bytes);
    if (hex !== s.sha256) throw new Error(`snapshot sha256 ${hex} != manifest ${s.sha256}`);
  }
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(0, true);
  if (magic !== MAGIC) throw new Error(`bad snapshot magic 0x${magic.toString(16)}`);
  return bytes;
}

/**
 * Start fetching the manifest and the snapshot at once; check and inflate the
 * snapshot only once `gate` resolves (the site's worker holds the CPU-heavy
 * work until the page has started up). Returns promises
 *   { manifest: Uint8Array (the manifest's bytes), bytes: Uint8Array (the image) }.
 */
export function prepareSnapshot({ manifestURL, fetchBytes = defaultFetchBytes, gate = null }) {
  const manifest = fetchBytes(manifestURL);
  const bytes = (async () => {
    const checked = await fetchManifest({ manifestURL, fetchBytes: () => manifest });
    const gated = async (url, options) => {
      const body = await fetchBytes(url, options);
      await gate;
      return body;
    };
    return fetchSnapshotBytes({ manifest: checked.manifest, manifestURL, fetchBytes: gated });
  })();
  manifest.catch(() => {});
  bytes.catch(() => {});
  return { manifest, bytes };
}

// Run after a snapshot boot: re-seed `random` (its state was captured in the
// snapshot, so every visitor would otherwise get the same sequence) and check
// the app imports.
const AFTER_RESTORE = `
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
`;

/**
 * Pyodide 314's loadPyodide awaits `_loadSnapshot` before it creates the
 * module, only to size the wasm memory, so creating and instantiating the
 * module (over 100 ms) would wait for the snapshot's download and inflation.
 * Given a zero-filled stand-in of the right size instead, it starts at once;
 * this wraps the module factory so that, once the module exists, its
 * restoreSnapshot gets the real bytes. Module.API.restoreSnapshot is
 * Pyodide's internal; if it is missing the boot fails and falls back to plain.
 */
function restoreWhenReady(createPyodideModule, bytesP) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    const restore = module.API?.restoreSnapshot;
    if (typeof restore !== "function") throw new Error("this Pyodide has no API.restoreSnapshot to hand the snapshot to");
    const bytes = await bytesP;
    module.API.restoreSnapshot = () => restore.call(module.API, bytes);
    return module;
  };
}

/**
 * Boot Pyodide, preferring the snapshot. Returns
 *   { pyodide, mode: "snapshot" | "plain", reason, timings }
 */
export async function bootPyodide({
  loadPyodide,
  version,
  options,
  manifestURL,
  importCode = "",
  smokeTest = "",
  fetchBytes = defaultFetchBytes,
  usePages = "auto",
  snapshotBytes = null,
  restoreOptions = {},
  timeoutMs = 20000,
  log = () => {},
}) {
  const t0 = performance.now();
  const timings = {};
  let reason = manifestURL ? null : "no manifestURL";
  if (manifestURL) {
    let pyodide;
    const ac = typeof AbortController === "function" ? new AbortController() : null;
    try {
      const { manifest, stdLibURL } = await withTimeout(
        fetchManifest({ manifestURL, version, stdLibURL: options.stdLibURL, fetchBytes, signal: ac?.signal }),
        timeoutMs, "snapshot manifest",
      );
      // Validated bytes as a promise; if validation fails the promise
      // rejects, loadPyodide rejects, and we fall back below. A caller may
      // have started fetching and validating the snapshot already (the site's
      // worker does, in a worker of its own).
      const bytesP = snapshotBytes ?? fetchSnapshotBytes({ manifest, manifestURL, fetchBytes, usePages, signal: ac?.signal });
      bytesP.then(() => { timings.fetchValidate = performance.now() - t0; }, () => {});
      const t1 = performance.now();
      // Same options as the plain boot (indexURL, lockFileURL, packageBaseUrl,
      // packages ...). `packages` MUST be passed again unless the caller knows
      // the app needs none of its files after the snapshot (restoreOptions):
      // the files in site-packages are not part of the snapshot.
      const snapshotOptions = options.createPyodideModule
        ? { _loadSnapshot: new Uint8Array(manifest.snapshot.bytes),
            createPyodideModule: restoreWhenReady(options.createPyodideModule, bytesP) }
        : { _loadSnapshot: bytesP };
      pyodide = await withTimeout(
        loadPyodide({ ...options, ...restoreOptions, stdLibURL, ...snapshotOptions }),
        timeoutMs, "snapshot boot",
      );
      timings.loadPyodide = performance.now() - t1;
      pyodide.runPython(AFTER_RESTORE);
      if (importCode) pyodide.runPython(importCode);
      if (smokeTest) {
        const ok = pyodide.runPython(smokeTest);
        if (ok === false) throw new Error("smoke test returned False");
      }
      timings.total = performance.now() - t0;
      return { pyodide, mode: "snapshot", reason: null, timings };
    } catch (e) {
      ac?.abort();
      reason = String(e?.message ?? e).split("\n")[0];
      log(`pyodide snapshot boot failed, booting plain: ${reason}`);
    }
  }
  const t2 = performance.now();
  const pyodide = await loadPyodide({ ...options });
  timings.loadPyodide = performance.now() - t2;
  if (importCode) pyodide.runPython(importCode);
  if (smokeTest) pyodide.runPython(smokeTest);
  timings.total = performance.now() - t0;
  return { pyodide, mode: "plain", reason, timings };
}
