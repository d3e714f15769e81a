#!/usr/bin/env node
// Verify a snapshot under Node by booting from it exactly like the browser
// would (through web/runtime/boot.js), then calling into the app.
//
//   node scripts/pyodide/verify_snapshot.mjs --pyodide node_modules/pyodide \
//        --manifest site/pyodide/snapshot.bin.json --lockfile site/pyodide/pyodide-lock.json \
//        [--check 'import calculator; assert calculator.something()'] [--expect-mode snapshot|plain]
//
// Exit status 0 only if the boot mode matches --expect-mode (default snapshot)
// and the checks pass.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, guardNetwork, getNetworkAttempts, importPyodide, localOptions, die, fail } from "./_common.mjs";
import { bootPyodide } from "../../web/runtime/boot.js";

const USAGE = `
usage: node scripts/pyodide/verify_snapshot.mjs --pyodide DIR --manifest FILE.json --lockfile LOCK.json
         [--check 'PYTHON']           extra Python run after the boot
         [--expect-mode snapshot|plain] (default snapshot)
`;

// Python run right after the restore, BEFORE the import statement is re-run:
// proves the modules come from the snapshot (already in sys.modules) and that
// the package files were re-installed into site-packages.
const PROBE = (packages, imported) => `
import sys, json, importlib.metadata as md
mods = ${JSON.stringify(imported)}
present = [m for m in mods if m in sys.modules]
dists = {}
for p in ${JSON.stringify(packages)}:
    try:
        d = md.distribution(p)
        dists[p] = sum(1 for f in (d.files or []) if f.locate().exists())
    except Exception as e:
        dists[p] = repr(e)
json.dumps({"already_imported": present, "installed_files": dists, "n_modules": len(sys.modules)})
`;

/** Boot from in-memory snapshot bytes with the same options the build used. */
export async function verifySnapshot({ pyodideDir, stdlib, lockfile, packages, snapshot, importCode, check }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const t0 = performance.now();
  const py = await loadPyodide(localOptions({ pyodideDir, stdlib, lockfile, extra: { packages, _loadSnapshot: snapshot } }));
  const bootMs = performance.now() - t0;
  const topLevel = importCode ? [...importCode.matchAll(/(?:^|[;\n]\s*)(?:import|from)\s+([\w.]+)/g)].map((m) => m[1]) : [];
  const probe = JSON.parse(py.runPython(PROBE(packages, topLevel)));
  if (importCode) py.runPython(importCode);
  if (check) py.runPython(check);
  const summary = `modules already in sys.modules before re-import: [${probe.already_imported.join(", ")}] of [${topLevel.join(", ")}]; ` +
    `package files re-installed: ${JSON.stringify(probe.installed_files)}; ${probe.n_modules} modules loaded` +
    (check ? "; --check passed" : "");
  if (probe.already_imported.length !== topLevel.length) throw new Error(`snapshot did not contain the imports: ${summary}`);
  return { bootMs, summary, pyodide: py };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { required: ["pyodide", "manifest", "lockfile"], usage: USAGE });
  const pyodideDir = path.resolve(args.pyodide);
  const manifestPath = path.resolve(args.manifest);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const expect = args["expect-mode"] ?? "snapshot";
  guardNetwork();
  process.on("unhandledRejection", fail);
  const { loadPyodide, version } = await importPyodide(pyodideDir);
  const { default: createPyodideModule } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.asm.mjs")).href);
  const stdlib = path.resolve(path.dirname(manifestPath), manifest.stdlib.url ?? manifest.stdlib.file);
  const options = localOptions({ pyodideDir, stdlib, lockfile: path.resolve(args.lockfile),
    extra: { packages: manifest.packages, createPyodideModule } });
  const res = await bootPyodide({
    loadPyodide, version, options, manifestURL: manifestPath,
    importCode: manifest.import ?? "", smokeTest: args.check ?? "",
    log: (m) => console.log(m),
  });
  console.log(`mode=${res.mode}${res.reason ? ` (reason: ${res.reason})` : ""}; timings ms: ` +
    Object.entries(res.timings).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(" "));
  const attempts = getNetworkAttempts();
  if (attempts.length) die(`network access attempted: ${attempts.join(", ")}`);
  if (res.mode !== expect) die(`expected mode ${expect}, got ${res.mode}`);
  console.log("ok; network attempts: 0");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch(fail);
}
