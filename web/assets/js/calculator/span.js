// Rendering the multi-year check (calculator.span): every year side by side
// with its activities and verdict, then each year's working.
import { clauseLink, spec } from "./clauses.js";
import { esc, hours } from "../shared/dom.js";
import { activityName, checks, evidence, interpretations, notModelled, suggestions, trace, verdict as yearVerdict, bars } from "./results.js";

function state(year, result) {
  if (result.prior_certificate) return { key: "prior", text: "已开具认定单" };
  if (result.passed) return { key: "pass", text: "达到要求" };
  return { key: "fail", text: "未达到" };
}

function yearCard(result, names, withoutInput) {
  const s = state(result.year, result);
  const categories = spec(result.policy).categories;
  const figures = result.prior_certificate
    ? `<p class="calc-year-note">提供原《学时认定单》即可（${clauseLink(result.checks[0]?.clause)}）</p>`
    : `<dl class="calc-year-figures">${["total", "professional", "public"].map((c) => `
        <div class="${result.shortfall[c] > 0 ? "is-short" : ""}"><dt>${esc(categories[c])}</dt>
        <dd><strong>${hours(result.earned[c])}</strong>${result.required[c] === null ? "" : ` / ${hours(result.required[c])}`}</dd></div>`).join("")}</dl>`;
  const items = result.trace.map((t) => {
    const name = t.activity === null || t.activity === undefined ? t.label : activityName(result, t.activity, names);
    return `<li><span>${esc(name)}</span> <span class="calc-year-hours">${clauseLink(t.clause, hours(t.hours), "calc-figure")}</span></li>`;
  }).join("");
  const activities = result.prior_certificate ? "" : items ? `<ul class="calc-year-activities">${items}</ul>`
    : `<p class="calc-year-note">${withoutInput ? "尚未填写本年度的活动" : "没有可计入的学时"}</p>`;
  return `<article class="calc-year is-${s.key}" aria-labelledby="calc-year-${result.year}">
    <h4 id="calc-year-${result.year}" class="calc-year-title">${result.year} 年</h4>
    <p class="calc-year-state"><span aria-hidden="true">${s.key === "fail" ? "✗" : "✓"}</span> ${s.text}</p>
    ${figures}${activities}</article>`;
}

function yearDetails(result, names) {
  if (result.prior_certificate) return "";
  return `<details class="calc-plain calc-year-details"${result.passed ? "" : " open"}>
    <summary>${result.year} 年度的检查与计算明细</summary>
    ${yearVerdict(result, `${result.year} 年度`)}${bars(result)}
    <section class="calc-block"><h4>逐项检查</h4>${checks(result)}</section>
    ${suggestions(result)}
    <section class="calc-block"><h4>学时计算明细</h4>${trace(result, names)}</section>
    ${evidence(result, names)}</details>`;
}

/** `namesByYear[year]` maps activity index -> display name. */
export function spanReport(result, namesByYear) {
  const { from, to } = result.span;
  const without = new Set(result.years_without_input);
  const failed = result.failed_years;
  const title = `${from}~${to} 年逐年核认`;
  const headline = result.passed ? "每一年度都已达到要求" : `${failed.join("、")} 年未达到要求`;
  const seen = new Set();
  const allInterpretations = [...result.interpretations, ...result.years.flatMap((y) => y.interpretations || [])]
    .filter((i) => !seen.has(i.id) && seen.add(i.id));
  return {
    summary: `<div class="calc-verdict ${result.passed ? "is-pass" : "is-fail"}">
      <span class="calc-verdict-icon" aria-hidden="true">${result.passed ? "✓" : "!"}</span>
      <div><p class="calc-verdict-title">${esc(title)}：${esc(headline)}</p>
      <p class="calc-verdict-detail">${esc(result.span.label)}，每一年度分别计算，不能以其他年度多出的学时补足（${clauseLink(result.span.clause)}）。</p>
      ${without.size ? `<p class="calc-verdict-detail">尚未填写：${[...without].join("、")} 年。</p>` : ""}</div></div>
      <div class="calc-years">${result.years.map((y) => yearCard(y, namesByYear[y.year] || {}, without.has(y.year))).join("")}</div>`,
    details: `${result.years.map((y) => yearDetails(y, namesByYear[y.year] || {})).join("")}
      ${interpretations(allInterpretations)}
      ${notModelled(result.policy)}`,
  };
}
