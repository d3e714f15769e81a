// Lighthouse's mobile performance audit (its defaults: a mid-range phone, 4x CPU
// slowdown and slow 4G, simulated) of some pages, for scripts/bench_boot.py.
//
//   node scripts/lighthouse_perf.mjs BASE_URL RUNS PATH... > results.json
//
// Prints {path: [{tbt, lcp, fcp, si, tti, score, longTasks: [{url, ms}], work: {group: ms}}, ...]}:
// one entry per run, each in a fresh Chromium profile (Lighthouse clears storage).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [base, runs, ...paths] = process.argv.slice(2);
if (!base || !Number(runs) || !paths.length) {
  console.error("usage: node scripts/lighthouse_perf.mjs BASE_URL RUNS PATH...");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  logLevel: "silent",
});
const ms = (audit) => Math.round(audit?.numericValue ?? NaN);
const out = Object.fromEntries(paths.map((path) => [path, []]));
try {
  // Runs alternate between the pages, so each sees the machine's load alike.
  for (let run = 0; run < Number(runs); run++) {
    for (const path of paths) {
      const { lhr } = await lighthouse(new URL(path, base).href, {
        port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"],
        disableFullPageScreenshot: true,
      });
      if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const a = lhr.audits;
      out[path].push({
        score: lhr.categories.performance.score,
        tbt: ms(a["total-blocking-time"]), lcp: ms(a["largest-contentful-paint"]),
        fcp: ms(a["first-contentful-paint"]), si: ms(a["speed-index"]), tti: ms(a.interactive),
        longTasks: (a["long-tasks"]?.details?.items ?? []).slice(0, 6)
          .map((t) => ({ url: String(t.url).replace(base, "/"), start: Math.round(t.startTime), ms: Math.round(t.duration) })),
        work: Object.fromEntries((a["mainthread-work-breakdown"]?.details?.items ?? [])
          .map((item) => [item.group, Math.round(item.duration)])),
        scripts: (a["bootup-time"]?.details?.items ?? []).slice(0, 5)
          .map((item) => ({ url: String(item.url).replace(base, "/"), total: Math.round(item.total), js: Math.round(item.scripting) })),
      });
    }
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(out, null, 1));
