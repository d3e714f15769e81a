#!/usr/bin/env node
// Compile Pyodide's python_stdlib.zip to a deterministic zip of .pyc files.
//
//   node scripts/pyodide/compile_stdlib.mjs --pyodide node_modules/pyodide --out build/python_stdlib.pyc.zip
//
// The .pyc files are produced by the Pyodide interpreter itself (booted under
// Node from --pyodide), so magic number and bytecode match the runtime exactly.
// Afterwards the result is verified by booting a second Pyodide with
// `stdLibURL` pointing at the new zip and importing a broad set of modules.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
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
usage: node scripts/pyodide/compile_stdlib.mjs --pyodide DIR --out FILE.zip
         [--stdlib IN.zip]       input stdlib zip (default DIR/python_stdlib.zip)
         [--optimize N]          0/1/2; default = sys.flags.optimize of Pyodide (0)
         [--compresslevel N]     deflate level 1-9 (default 9), 0 = store
         [--no-verify]           skip the import test with the new zip
`;

// Modules imported (and lightly exercised) by the verification boot.
export const VERIFY_MODULES = [
  "json", "tomllib", "decimal", "dataclasses", "datetime", "re", "csv", "io",
  "zipfile", "importlib.resources", "importlib.metadata", "argparse", "math",
  "fractions", "typing", "html", "string", "collections", "functools",
  "itertools", "enum", "pathlib", "textwrap", "statistics", "uuid", "base64",
  "hashlib", "random", "urllib.parse", "email.message", "xml.etree.ElementTree",
  "logging", "unicodedata", "zoneinfo", "asyncio", "sqlite3", "traceback",
  "inspect", "tempfile", "shutil", "locale", "gettext", "pprint", "difflib",
];

export const VERIFY_CODE = `
import sys, json, importlib, importlib.machinery
mods = ${JSON.stringify(VERIFY_MODULES)}
loaded = {}
for m in mods:
    mod = importlib.import_module(m)
    loaded[m] = getattr(mod, "__file__", None)
# exercise a few of them
import decimal, fractions, tomllib, datetime, re, csv, io, zipfile, html, string, argparse, dataclasses, typing
import importlib.resources as ir
assert decimal.Decimal("0.1") + decimal.Decimal("0.2") == decimal.Decimal("0.3")
assert fractions.Fraction(1, 3) * 3 == 1
assert tomllib.loads('a = 1\\n[b]\\nc = "x"')["b"]["c"] == "x"
assert datetime.date(2024, 2, 29).isoformat() == "2024-02-29"
assert re.sub(r"(\\d+)", r"<\\1>", "a12b") == "a<12>b"
buf = io.StringIO(); csv.writer(buf).writerow(["a", "b,c"]); assert buf.getvalue().strip() == 'a,"b,c"'
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w") as z: z.writestr("x.txt", "hi")
assert zipfile.ZipFile(zb).read("x.txt") == b"hi"
assert html.escape("<&>") == "&lt;&amp;&gt;"
assert string.Template("$x").substitute(x=1) == "1"
p = argparse.ArgumentParser(prog="t"); p.add_argument("--n", type=int); assert p.parse_args(["--n", "3"]).n == 3
@dataclasses.dataclass
class P:
    x: int
    y: typing.Optional[str] = None
assert P(1).y is None
assert "mypy" in (ir.files("tomllib") / "mypy.ini").read_text()  # data file kept in the zip
json.dumps({"ok": True})
def kind(mod):
    spec = getattr(mod, "__spec__", None)
    origin = getattr(spec, "origin", None) or ""
    if origin in ("built-in", "frozen") or not getattr(spec, "has_location", False):
        return "builtin/frozen"
    return "pyc" if origin.endswith(".pyc") else "py" if origin.endswith(".py") else "extension/other"
kinds = {m: kind(sys.modules[m]) for m in mods}
from_source = sorted(k for k, v in list(sys.modules.items()) if kind(v) == "py")
json.dumps({"pyc": sorted(m for m, k in kinds.items() if k == "pyc"),
            "py": sorted(m for m, k in kinds.items() if k == "py"),
            "other": sorted(m for m, k in kinds.items() if k not in ("py", "pyc")),
            "stdlib_modules_from_source": [m for m in from_source if sys.modules[m].__spec__.origin.startswith("/lib/python314.zip")],
            "n_modules": len(sys.modules), "path": sys.path})
`;

export async function compileStdlib({ pyodideDir, stdlibIn, optimize, compresslevel }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const py = await loadPyodide(
    localOptions({
      pyodideDir,
      // Fixed hash seed so marshal writes frozenset constants in a stable order.
      extra: { env: { PYTHONHASHSEED: "0" } },
    }),
  );
  const input = readFileSync(stdlibIn);
  putFile(py, "/tmp/build/in.zip", input);
  putFile(py, "/tmp/build/_pyc.py", readFileSync(path.join(HERE, "_pyc.py")));
  const ns = py.toPy({});
  py.runPython(
    `import sys; sys.path.insert(0, "/tmp/build"); import _pyc; sys.path.pop(0)
assert sys.flags.hash_randomization == 0, sys.flags`,
    { globals: ns },
  );
  const prefix = py.runPython(
    `import sys; f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"`,
  );
  const stats = JSON.parse(
    py.runPython(
      `_pyc.compile_stdlib("/tmp/build/in.zip", "/tmp/build/out.zip", ${JSON.stringify(prefix)}, ` +
        `optimize=${optimize ?? "None"}, compresslevel=${compresslevel})`,
      { globals: ns },
    ),
  );
  const out = Buffer.from(py.FS.readFile("/tmp/build/out.zip"));
  ns.destroy();
  return { out, stats, prefix, input };
}

export async function verifyStdlib({ pyodideDir, stdlib }) {
  const { loadPyodide } = await importPyodide(pyodideDir);
  const t0 = performance.now();
  const py = await loadPyodide(localOptions({ pyodideDir, stdlib }));
  const bootMs = performance.now() - t0;
  const res = pyJSON(py, VERIFY_CODE);
  return { ...res, bootMs };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    required: ["pyodide", "out"],
    flags: ["no-verify"],
    usage: USAGE,
  });
  const pyodideDir = path.resolve(args.pyodide);
  const stdlibIn = path.resolve(args.stdlib ?? path.join(pyodideDir, "python_stdlib.zip"));
  const outPath = path.resolve(args.out);
  const optimize = args.optimize === undefined ? undefined : Number(args.optimize);
  const compresslevel = args.compresslevel === undefined ? 9 : Number(args.compresslevel);
  if (!(compresslevel >= 0 && compresslevel <= 9)) die("--compresslevel must be 0..9");

  guardNetwork();
  process.on("unhandledRejection", fail);
  const t0 = performance.now();
  const { out, stats, prefix, input } = await compileStdlib({ pyodideDir, stdlibIn, optimize, compresslevel });
  mkdirSync(path.dirname(outPath), { recursive: true });
  writeFileSync(outPath, out);
  console.log(`compiled ${stats.pyc_written}/${stats.py_files} modules (optimize=${stats.optimize}, ` +
    `magic ${stats.magic}, unchecked-hash pycs, runtime prefix ${prefix}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (stats.kept_as_source.length) {
    console.log(`kept as source (did not compile):\n  ${stats.kept_as_source.join("\n  ")}`);
  }
  console.log(`data files kept: ${stats.data_files.join(", ")}`);
  console.log(`input : ${stdlibIn}\n        ${describeSize(input)}`);
  console.log(`output: ${outPath}\n        ${describeSize(out)}\n        sha256 ${sha256(out)}`);

  if (!args["no-verify"]) {
    const v = await verifyStdlib({ pyodideDir, stdlib: outPath });
    const bad = v.py.length || v.stdlib_modules_from_source.length;
    console.log(`verify: booted with stdLibURL=${outPath} in ${v.bootMs.toFixed(0)} ms; ` +
      `imported ${v.pyc.length + v.py.length + v.other.length} test modules ` +
      `(${v.pyc.length} from .pyc, ${v.py.length} from .py, ${v.other.length} builtin/frozen/extension), ` +
      `${v.n_modules} modules in sys.modules`);
    if (v.py.length) console.log(`  loaded from source: ${v.py.join(", ")}`);
    if (v.stdlib_modules_from_source.length) console.log(`  stdlib modules from source: ${v.stdlib_modules_from_source.join(", ")}`);
    if (bad && !stats.kept_as_source.length) die("verification failed: some stdlib modules were imported from .py");
  }
  const attempts = getNetworkAttempts();
  if (attempts.length) die(`network access attempted: ${attempts.join(", ")}`);
  console.log("network attempts: 0");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch(fail);
}
