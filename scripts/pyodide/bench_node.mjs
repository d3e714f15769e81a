#!/usr/bin/env node
// Boot-time benchmark under Node: plain boot vs .pyc stdlib vs memory snapshot.
//
//   node scripts/pyodide/bench_node.mjs --pyodide node_modules/pyodide \
//        --stdlib site/pyodide/python_stdlib.zip --manifest site/pyodide/snapshot.bin.json \
//        --lockfile site/pyodide/pyodide-lock.json --packages calculator \
//        --import "import calculator" --call "calculator.__name__" [--runs 5]
//
// Every sample is a fresh `node` child process (cold V8, wasm compiled from
// scratch each time, no JIT warm-up shared between samples); modes are run
// round-robin after one discarded warm-up round (to warm the OS file cache).
// Per sample we measure
//   boot  = from before `import("pyodide.mjs")` until loadPyodide() resolved
//           (packages loaded; for the snapshot mode this includes reading the
//           snapshot's pages and checking them via web/runtime/boot.js)
//   ready = boot + the import statement + one call (what the user waits for)
//
// Modes
//   plain     stock python_stdlib.zip (.py sources), packages, import, call
//   pyc       --stdlib (compiled .pyc zip), packages, import, call
//   snapshot  --manifest snapshot + same stdlib, packages re-passed; import is a no-op

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, median, importPyodide, localOptions, guardNetwork, getNetworkAttempts, describeSize, fail } from "./_common.mjs";

const SELF = fileURLToPath(import.meta.url);
const USAGE = `
usage: node scripts/pyodide/bench_node.mjs --pyodide DIR --stdlib PYC.zip --manifest SNAP.json
         --lockfile LOCK.json --packages a,b --import "import calculator" [--call EXPR] [--runs 5]
`;

async function child(mode, a) {
  guardNetwork();
  process.on("unhandledRejection", fail);
  const t0 = performance.now();
  const { loadPyodide, version } = await importPyodide(a.pyodide);
  const packages = (a.packages ?? "").split(",").filter(Boolean);
  const base = {
    pyodideDir: a.pyodide,
    lockfile: a.lockfile,
    extra: { packages },
  };
  let py;
  if (mode === "plain") {
    py = await loadPyodide(localOptions(base));
  } else if (mode === "pyc") {
    py = await loadPyodide(localOptions({ ...base, stdlib: a.stdlib }));
  } else if (mode === "snapshot") {
    const { bootPyodide } = await import(pathToFileURL(path.join(path.dirname(SELF), "../../web/runtime/boot.js")).href);
    const { default: createPyodideModule } = await import(pathToFileURL(path.join(path.resolve(a.pyodide), "pyodide.asm.mjs")).href);
    const res = await bootPyodide({
      loadPyodide, version,
      options: localOptions({ ...base, stdlib: a.stdlib, extra: { packages, createPyodideModule } }),
      manifestURL: path.resolve(a.manifest),
    });
    if (res.mode !== "snapshot") throw new Error(`snapshot boot fell back to plain: ${res.reason}`);
    py = res.pyodide;
  } else throw new Error(`unknown mode ${mode}`);
  const tBoot = performance.now();
  if (a.import) py.runPython(a.import);
  const result = a.call ? String(py.runPython(a.call)) : "";
  const tReady = performance.now();
  const net = getNetworkAttempts();
  process.stdout.write(JSON.stringify({ mode, boot: tBoot - t0, ready: tReady - t0, result, net }) + "\n");
}

function runChild(mode, argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [SELF, "--child", mode, ...argv], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${mode} child exited ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()));
    });
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const a = parseArgs(argv, { usage: USAGE });
  a.pyodide = path.resolve(a.pyodide ?? "node_modules/pyodide");
  if (a.child) return child(a.child, a);
  for (const r of ["stdlib", "manifest", "lockfile"]) if (!a[r]) { console.error(USAGE); process.exit(2); }
  const runs = Number(a.runs ?? 5);
  const modes = ["plain", "pyc", "snapshot"];
  const passArgs = argv.filter((x, i) => !(x === "--runs" || argv[i - 1] === "--runs"));
  const samples = Object.fromEntries(modes.map((m) => [m, []]));
  console.log(`warm-up round (discarded), then ${runs} rounds x ${modes.length} modes, each in a fresh node process ...`);
  for (const m of modes) await runChild(m, passArgs);
  for (let i = 0; i < runs; i++) {
    for (const m of modes) {
      const s = await runChild(m, passArgs);
      if (s.net.length) throw new Error(`network access in ${m}: ${s.net}`);
      samples[m].push(s);
    }
  }
  const base = median(samples.plain.map((s) => s.ready));
  const manifest = JSON.parse(readFileSync(a.manifest, "utf8"));
  const rows = modes.map((m) => {
    const boot = samples[m].map((s) => s.boot), ready = samples[m].map((s) => s.ready);
    return { m, boot: median(boot), ready: median(ready), min: Math.min(...ready), max: Math.max(...ready), ratio: median(ready) / base, result: samples[m][0].result };
  });
  const pad = (s, n) => String(s).padStart(n);
  console.log(`\nnode ${process.version}, pyodide ${manifest.pyodide.version}, ${runs} runs per mode (median; min-max of ready)`);
  console.log(`${"mode".padEnd(10)}${pad("boot ms", 10)}${pad("ready ms", 10)}${pad("min", 8)}${pad("max", 8)}${pad("vs plain", 10)}  call result`);
  for (const r of rows) {
    console.log(`${r.m.padEnd(10)}${pad(r.boot.toFixed(0), 10)}${pad(r.ready.toFixed(0), 10)}${pad(r.min.toFixed(0), 8)}${pad(r.max.toFixed(0), 8)}${pad(r.ratio.toFixed(2) + "x", 10)}  ${r.result}`);
  }
  console.log("\nall samples (ready ms):");
  for (const m of modes) console.log(`  ${m.padEnd(9)} ${samples[m].map((s) => s.ready.toFixed(0)).join(", ")}`);
  const stock = readFileSync(path.join(a.pyodide, "python_stdlib.zip"));
  console.log("\nsizes:");
  console.log(`  stock stdlib  ${describeSize(stock)}`);
  console.log(`  pyc stdlib    ${describeSize(readFileSync(a.stdlib))}`);
  const snapPath = path.resolve(path.dirname(a.manifest), manifest.snapshot.file);
  console.log(`  snapshot      ${describeSize(readFileSync(snapPath))}`);
  console.log(`  wasm          ${describeSize(readFileSync(path.join(a.pyodide, "pyodide.asm.wasm")))}`);
}

await main().catch(fail);
