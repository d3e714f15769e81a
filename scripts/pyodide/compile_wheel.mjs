#!/usr/bin/env node
// Byte-compile a pure-Python wheel for Pyodide: every importable module.py
// becomes module.pyc (unchecked-hash pyc, same directory), data files are
// kept, and the .dist-info/RECORD is rewritten with the new hashes and sizes.
//
//   node scripts/pyodide/compile_wheel.mjs --pyodide node_modules/pyodide \
//        --wheel dist/calculator-0.1.0-py3-none-any.whl --out site/pyodide/calculator-0.1.0-py3-none-any.whl
//
// The output keeps the input *file name* (or whatever --out says), so the
// lockfile entry regenerated afterwards (file_name + sha256) still matches.
// Remember: the lockfile's sha256 must be computed from the OUTPUT wheel;
// browsers enforce it via fetch(..., {integrity}).
//
// Verification (default on): a second Pyodide installs the new wheel with
// pyodide.loadPackage() through a temporary lockfile, imports its top-level
// modules, checks they come from .pyc, and checks every RECORD hash against
// the installed files. --check 'PYTHON' runs extra assertions after that.

import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  parseArgs,
  sha256,
  describeSize,
  guardNetwork,
  getNetworkAttempts,
  importPyodide,
  localOptions,
  putFile,
  pyJSON,
  die,
  fail,
} from "./_common.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const USAGE = `
usage: node scripts/pyodide/compile_wheel.mjs --pyodide DIR --wheel IN.whl --out OUT.whl
         [--optimize N]        0/1/2; default = sys.flags.optimize of Pyodide (0)
         [--compresslevel N]   deflate level 1-9 (default 9), 0 = store
         [--stdlib ZIP]        stdlib zip to boot with (default DIR/python_stdlib.zip)
         [--check 'PYTHON']    extra Python run after loadPackage + import in the verify step
         [--no-verify]         skip the install/import test
`;

export async function compileWheel({ pyodideDir, wheelIn, optimize, compresslevel, stdlib }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const py = await loadPyodide(
    localOptions({ pyodideDir, stdlib, extra: { env: { PYTHONHASHSEED: "0" } } }),
  );
  const input = readFileSync(wheelIn);
  const base = path.basename(wheelIn);
  putFile(py, `/tmp/build/${base}`, input);
  putFile(py, "/tmp/build/_pyc.py", readFileSync(path.join(HERE, "_pyc.py")));
  const ns = py.toPy({});
  py.runPython(`import sys; sys.path.insert(0, "/tmp/build"); import _pyc; sys.path.pop(0)`, { globals: ns });
  const stats = JSON.parse(
    py.runPython(
      `import sysconfig
_pyc.compile_wheel(${JSON.stringify(`/tmp/build/${base}`)}, "/tmp/build/out.whl", sysconfig.get_path("purelib"), ` +
        `optimize=${optimize ?? "None"}, compresslevel=${compresslevel})`,
      { globals: ns },
    ),
  );
  const out = Buffer.from(py.FS.readFile("/tmp/build/out.whl"));
  ns.destroy();
  return { out, stats, input };
}

/** Install `wheelPath` via loadPackage from a throwaway lockfile and test it. */
export async function verifyWheel({ pyodideDir, wheelPath, stdlib, check }) {
  const fileName = path.basename(wheelPath);
  const m = /^(.+?)-([^-]+)-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(fileName);
  if (!m) throw new Error(`not a wheel file name: ${fileName}`);
  const name = m[1].toLowerCase().replace(/[-_.]+/g, "-");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pyodide-wheel-verify-"));
  try {
    copyFileSync(wheelPath, path.join(tmp, fileName));
    const lock = JSON.parse(readFileSync(path.join(pyodideDir, "pyodide-lock.json"), "utf8"));
    const wheelBuf = readFileSync(wheelPath);
    const topLevel = pyTopLevel(wheelBuf);
    lock.packages[name] = {
      name, version: m[2], file_name: fileName, install_dir: "site", sha256: sha256(wheelBuf),
      package_type: "package", imports: topLevel, depends: [], unvendored_tests: false,
    };
    writeFileSync(path.join(tmp, "pyodide-lock.json"), JSON.stringify(lock));
    const { loadPyodide } = await importPyodide(pyodideDir);
    const py = await loadPyodide(localOptions({ pyodideDir, stdlib, lockfile: path.join(tmp, "pyodide-lock.json") }));
    const messages = [];
    await py.loadPackage(name, { messageCallback: (s) => messages.push(s), errorCallback: (s) => messages.push(`ERR ${s}`) });
    const res = pyJSON(py, `
import importlib, importlib.metadata as md, hashlib, base64, json, sys
tops = ${JSON.stringify(topLevel)}
origins = {t: importlib.import_module(t).__spec__.origin for t in tops}
dist = md.distribution(${JSON.stringify(name)})
bad, checked = [], 0
for f in dist.files or []:
    if f.hash is None:
        continue
    data = f.read_binary()
    digest = base64.urlsafe_b64encode(hashlib.new(f.hash.mode, data).digest()).rstrip(b"=").decode()
    checked += 1
    if digest != f.hash.value or len(data) != f.size:
        bad.append(str(f))
json.dumps({"origins": origins, "version": dist.version, "record_checked": checked, "record_bad": bad,
            "installer": dist.read_text("INSTALLER")})`);
    if (check) py.runPython(check);
    return { ...res, messages };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Top-level importable names of a wheel (packages and single-file modules). */
function pyTopLevel(buf) {
  // Minimal zip central-directory reader (no dependencies).
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nlen = buf.readUInt16LE(off + 28), xlen = buf.readUInt16LE(off + 30), clen = buf.readUInt16LE(off + 32);
    names.push(buf.toString("utf8", off + 46, off + 46 + nlen));
    off += 46 + nlen + xlen + clen;
  }
  const tops = new Set();
  for (const n of names) {
    const parts = n.split("/");
    if (parts[0].endsWith(".dist-info") || parts[0].endsWith(".data")) continue;
    if (parts.length === 1 && /\.pyc?$/.test(n)) tops.add(n.replace(/\.pyc?$/, ""));
    else if (parts.length === 2 && /^__init__\.pyc?$/.test(parts[1])) tops.add(parts[0]);
  }
  return [...tops].sort();
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    required: ["pyodide", "wheel", "out"],
    flags: ["no-verify"],
    usage: USAGE,
  });
  const pyodideDir = path.resolve(args.pyodide);
  const wheelIn = path.resolve(args.wheel);
  const outPath = path.resolve(args.out);
  const stdlib = args.stdlib ? path.resolve(args.stdlib) : undefined;
  const optimize = args.optimize === undefined ? undefined : Number(args.optimize);
  const compresslevel = args.compresslevel === undefined ? 9 : Number(args.compresslevel);
  if (!wheelIn.endsWith("-none-any.whl")) die(`${wheelIn}: only pure-Python (*-none-any.whl) wheels are supported`);
  if (path.basename(outPath) !== path.basename(wheelIn)) {
    console.warn(`warning: output file name differs from input (${path.basename(wheelIn)}); the lockfile file_name must match it`);
  }

  guardNetwork();
  process.on("unhandledRejection", fail);
  const { out, stats, input } = await compileWheel({ pyodideDir, wheelIn, optimize, compresslevel, stdlib });
  mkdirSync(path.dirname(outPath), { recursive: true });
  writeFileSync(outPath, out);
  console.log(`compiled ${stats.compiled.length} modules (optimize=${stats.optimize}, magic ${stats.magic}, unchecked-hash pycs):`);
  console.log(`  ${stats.compiled.join("\n  ")}`);
  if (stats.kept_as_source.length) console.log(`kept as source (did not compile):\n  ${stats.kept_as_source.join("\n  ")}`);
  console.log(`kept unchanged: ${stats.data_files.join(", ")}`);
  console.log(`RECORD rewritten: ${stats.dist_info}/RECORD`);
  console.log(`input : ${wheelIn}\n        ${describeSize(input)}`);
  console.log(`output: ${outPath}\n        ${describeSize(out)}\n        sha256 ${sha256(out)}  (use this in the lockfile)`);

  if (!args["no-verify"]) {
    const v = await verifyWheel({ pyodideDir, wheelPath: outPath, stdlib, check: args.check });
    const notPyc = Object.entries(v.origins).filter(([, o]) => !o.endsWith(".pyc"));
    console.log(`verify: loadPackage ok (${v.messages.join(" | ")})`);
    console.log(`  imports: ${Object.entries(v.origins).map(([k, o]) => `${k} <- ${o}`).join(", ")}`);
    console.log(`  RECORD: ${v.record_checked} hashes checked against installed files, ${v.record_bad.length} mismatches; version ${v.version}`);
    if (args.check) console.log("  --check code ran without error");
    if (notPyc.length || v.record_bad.length) die(`verification failed: ${JSON.stringify({ notPyc, bad: v.record_bad })}`);
  }
  const attempts = getNetworkAttempts();
  if (attempts.length) die(`network access attempted: ${attempts.join(", ")}`);
  console.log("network attempts: 0");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch(fail);
}
