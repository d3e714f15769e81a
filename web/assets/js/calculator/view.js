// Showing an answer on the page: the summary beside the form, the working
// below it, the number each entry earned, the one-line answer for screen
// readers and phones, and the report's header for printing.
import { spec } from "./clauses.js";
import { $, esc, hours } from "../shared/dom.js";
import { describeLocation, showError } from "./errors.js";
import * as F from "./form.js";
import { yearReport } from "./results.js";
import { spanReport } from "./span.js";
import { markTabs } from "./tabs.js";

const app = document.getElementById("calc");
const output = $(".calc-output", app);
const details = $(".calc-details", app);
const live = $(".calc-live", app);
const peek = $(".calc-peek", app);

// ---- names shown in the results ------------------------------------------------

/** index -> what to call an entry: its own name if given, else its kind. */
function namesOf(list) {
  return Object.fromEntries([...list.children].map((item, index) => {
    const own = $('[data-field="label"]', item)?.value.trim();
    return [index, own || $(".calc-activity-title", item).textContent];
  }));
}

// ---- the report header (printed at the top of the report) -----------------------

export function fillReportHead() {
  const p = spec(F.activePolicy()).policy;
  $(".calc-report-notice", app).textContent = `${p.issuer}《${p.title}》${p.document_number ? `（${p.document_number}）` : ""}`;
  const today = new Date();
  const scope = F.mode() === "span"
    ? `核认年度：${spec(F.activePolicy()).span.from}~${spec(F.activePolicy()).span.to} 年（逐年）`
    : `评估年度：${$('[data-role="year"]', F.section()).value} 年`;
  $(".calc-report-date", app).textContent = `${scope} · 自查日期：${today.getFullYear()} 年 ${today.getMonth() + 1} 月 ${today.getDate()} 日`;
}

// ---- assessing -------------------------------------------------------------------

function showHours(list, trace) {
  for (const item of list.children) {
    const index = Number(item.dataset.index);
    const entries = trace.filter((t) => t.activity === index);
    const badge = $(".calc-activity-hours", item);
    if (badge) badge.textContent = entries.length ? `${hours(entries.reduce((sum, t) => sum + t.hours, 0))} 学时` : "";
  }
}

function show({ summary, details: more }) {
  output.innerHTML = `<div class="calc-report">${summary}</div>`;
  details.innerHTML = `<div class="calc-report">${more}</div>`;
  output.classList.remove("is-stale");
  details.classList.remove("is-stale");
}

/** The one-line answer: announced politely, and pinned to the bottom of a phone
 *  screen while the results are scrolled out of view. */
function say(passed, text) {
  live.textContent = text;
  peek.hidden = false;
  peek.className = `calc-peek ${passed ? "is-pass" : "is-fail"}${peek.classList.contains("is-offscreen") ? " is-offscreen" : ""}`;
  peek.textContent = `${passed ? "✓" : "!"} ${text}　查看结果 ↓`;
}

export function renderYear(result) {
  const list = $(".calc-activities", F.sheet("year"));
  show(yearReport(result, namesOf(list)));
  showHours(list, result.trace);
  if (!result.trace.length && !result.deemed_complete) {
    live.textContent = "";
    peek.hidden = true;
    return;
  }
  const short = ["total", "professional", "public"].find((c) => result.shortfall[c] > 0);
  say(result.passed, result.passed ? `${result.year} 年度已达到要求`
    : `${result.year} 年度尚未达到要求：${spec(result.policy).categories[short] || "总学时"}还差 ${hours(result.shortfall[short] || 0)} 学时`);
}

export function renderSpan(result) {
  const names = {};
  for (const year of result.years) {
    const list = $(".calc-activities", F.sheet(String(year.year)));
    if (!list) continue;
    names[year.year] = namesOf(list);
    showHours(list, year.prior_certificate ? [] : year.trace);
  }
  show(spanReport(result, names));
  markTabs(F.section(), Object.fromEntries(result.years.map((y) => [y.year,
    y.prior_certificate ? "prior" : result.years_without_input.includes(y.year) ? "" : y.passed ? "pass" : "fail"])));
  say(result.passed, result.passed ? "每一年度都已达到要求" : `${result.failed_years.join("、")} 年未达到要求`);
}

export function renderProblem(error, input) {
  const at = showError(error, { years: input.years || [] });
  const where = describeLocation(at);
  const text = at ? error.problem : error.message;
  const previous = $(".calc-report", output);
  const banner = `<div class="calc-stale ${at?.hint ? "is-hint" : ""}">
    <p>${at?.hint ? "请先完成填写" : "有一处填写需要更正"}${where ? `：<strong>${esc(where)}</strong>` : ""}——${esc(text)}</p>
    ${at ? `<button type="button" class="calc-button" data-goto>转到该处</button>` : ""}
    <p class="calc-muted">${previous ? "下面是上一次的结果，" : ""}更正后自动更新。</p></div>`;
  output.innerHTML = banner + (previous ? previous.outerHTML : "");
  output.classList.add("is-stale");
  details.classList.add("is-stale");
  if (F.mode() === "span") {
    const tab = at?.container?.closest('[role="tabpanel"]');
    if (tab) markTabs(F.section(), { [tab.dataset.sheet]: "error" });
  }
  live.textContent = `${where ? `${where}：` : ""}${text}`;
  return at;
}

export function renderFailure(error) {
  output.innerHTML = `<p class="calc-failure" role="alert">计算出错：${esc(error.message)}</p>`;
}

/** Pin the one-line answer to the bottom of a phone screen while the results
 *  are below the part of the page in view. */
export function wirePeek() {
  new IntersectionObserver(([entry]) => {
    peek.classList.toggle("is-offscreen", !entry.isIntersecting && entry.boundingClientRect.top > 0);
  }).observe($(".calc-result", app));
}
