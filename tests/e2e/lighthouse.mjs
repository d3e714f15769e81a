// Lighthouse's accessibility, best-practices and SEO audits over every page of the built site,
// in one headless Chromium (Debian's, through CHROME_PATH). Performance is judged by
// `make bench`, not here.
//
//   node tests/e2e/lighthouse.mjs BASE_URL PATH... > results.json
//
// Prints {path: {scores: {category: score}, failed: [{id, title, items: [selector...]}]}}.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["accessibility", "best-practices", "seo"];
const [base, ...paths] = process.argv.slice(2);
if (!base || !paths.length) {
  console.error("usage: node lighthouse.mjs BASE_URL PATH...");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  logLevel: "silent",
});
const out = {};
try {
  for (const path of paths) {
    const { lhr } = await lighthouse(new URL(path, base).href, {
      port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES,
      disableFullPageScreenshot: true,
    });
    if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id].score]));
    const failed = [];
    for (const category of CATEGORIES) {
      for (const ref of lhr.categories[category].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = (audit.details?.items ?? []).map((item) =>
            item.node?.selector ?? item.source?.url ?? item.url ?? JSON.stringify(item).slice(0, 200));
          failed.push({ id: ref.id, title: audit.title, items });
        }
      }
    }
    out[path] = { scores, failed, ms: Math.round(lhr.timing.total) };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(out, null, 1));
