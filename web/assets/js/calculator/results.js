// Rendering one year's assessment (the result of calculator.assess) as HTML.
// Every figure that comes from the notice links to its clause.
import { cited, clauseFull, clauseLink, clauseName, clauseURL, spec } from "./clauses.js";
import { esc, hours } from "../shared/dom.js";

const ORDER = ["total", "public", "professional"];

/** Names of the entered activities, by index, for tables and lists. */
export function activityName(result, index, names) {
  return names[index] || result.trace.find((t) => t.activity === index)?.label || `第 ${index + 1} 项`;
}

export function verdict(result, heading) {
  if (!result.trace.length && !result.deemed_complete) {
    const categories = spec(result.policy).categories;
    const need = ORDER.filter((c) => result.required[c] !== null)
      .map((c) => `${categories[c]} ${hours(result.required[c])} 学时`).join("，");
    return `<div class="calc-verdict is-empty">
      <span class="calc-verdict-icon" aria-hidden="true">…</span>
      <div><p class="calc-verdict-title">${esc(heading)}：尚未填写活动</p>
      <p class="calc-verdict-detail">应完成：${esc(need)}（${clauseLink(result.prorated?.clause || spec(result.policy).requirements.clause)}）。</p></div></div>`;
  }
  const pass = result.passed;
  const failing = ORDER.filter((c) => result.shortfall[c] > 0)
    .map((c) => `${spec(result.policy).categories[c]}还差 ${hours(result.shortfall[c])} 学时`);
  return `<div class="calc-verdict ${pass ? "is-pass" : "is-fail"}">
    <span class="calc-verdict-icon" aria-hidden="true">${pass ? "✓" : "!"}</span>
    <div><p class="calc-verdict-title">${esc(heading)}：${pass ? "已达到要求" : "尚未达到要求"}</p>
    ${failing.length ? `<p class="calc-verdict-detail">${esc(failing.join("，"))}。</p>` : ""}
    ${result.deemed_complete ? `<p class="calc-verdict-detail">${esc(result.deemed_complete.text)}（${clauseLink(result.deemed_complete.clause)}）。</p>` : ""}
    </div></div>`;
}

/** Earned against required for each category, as labelled bars. */
export function bars(result) {
  const categories = spec(result.policy).categories;
  const requirementClause = result.prorated?.clause || spec(result.policy).requirements.clause;
  return `<ul class="calc-bars">${ORDER.map((c) => {
    const earned = result.earned[c] ?? 0;
    const required = result.required[c];
    const short = result.shortfall[c] || 0;
    // With no minimum of its own, a category is drawn against the total required.
    const scale = required ?? result.required.total;
    const ratio = scale ? Math.min(1, earned / scale) : 0;
    const state = required === null ? "is-open" : short > 0 ? "is-short" : "is-met";
    const need = required === null
      ? `<span class="calc-bar-need">不设最低要求</span>`
      : `<span class="calc-bar-need">应完成 ${clauseLink(requirementClause, hours(required), "calc-figure")} 学时</span>`;
    const note = required === null ? (earned > 0 ? "已计入总学时" : "—")
      : short > 0 ? `还差 ${hours(short)} 学时` : "已达到";
    return `<li class="calc-bar ${state}" data-category="${c}">
      <div class="calc-bar-head"><span class="calc-bar-name">${esc(categories[c])}</span>
        <span class="calc-bar-figures"><strong class="calc-bar-earned">${hours(earned)}</strong> 学时 · ${need}</span></div>
      <div class="calc-bar-track" aria-hidden="true"><span class="calc-bar-fill" style="width:${(ratio * 100).toFixed(1)}%"></span></div>
      <div class="calc-bar-note">${esc(note)}</div></li>`;
  }).join("")}</ul>`;
}

export function prorating(result) {
  const p = result.prorated;
  if (!p) return "";
  return `<div class="calc-prorated"><p><strong>应完成学时已按在岗时间折算</strong>：${esc(p.reason_label)}，本年度实际在岗 ${p.on_post_months} 个月（${clauseLink(p.clause)}）。</p>
    <ul>${p.working.map((line) => `<li>${esc(line)}</li>`).join("")}</ul></div>`;
}

export function checks(result) {
  return `<ul class="calc-checks">${result.checks.map((check) => {
    const state = check.passed ? "is-pass" : check.severity === "advice" ? "is-advice" : "is-fail";
    const mark = check.passed ? "✓" : check.severity === "advice" ? "!" : "✗";
    const word = check.passed ? "通过" : check.severity === "advice" ? "提示" : "未通过";
    return `<li class="calc-check ${state}" data-check="${esc(check.id)}"><span class="calc-check-mark" aria-hidden="true">${mark}</span>
      <span class="calc-visually-hidden">${word}：</span><span class="calc-check-text">${esc(check.message)}
      <span class="calc-cite">依据 ${clauseLink(check.clause)}</span></span></li>`;
  }).join("")}</ul>`;
}

export function suggestions(result) {
  if (!result.suggestions?.length) return "";
  return `<section class="calc-block calc-suggestions"><h3>怎样补足</h3><ul>${result.suggestions
    .map((s) => `<li>${cited(s.parts)}</li>`).join("")}</ul></section>`;
}

export function trace(result, names) {
  const categories = spec(result.policy).categories;
  if (!result.trace.length) return `<p class="calc-muted">尚未填写任何活动。</p>`;
  const rows = result.trace.map((t) => {
    const who = t.activity === null || t.activity === undefined
      ? `跨年度外派 ${t.posting + 1}` : `${t.activity + 1}`;
    const name = t.activity === null || t.activity === undefined ? t.label : activityName(result, t.activity, names);
    return `<tr><td data-label="序号">${esc(who)}</td>
      <td data-label="活动"><span class="calc-trace-name">${esc(name)}</span><span class="calc-trace-working">${esc(t.working || "")}</span></td>
      <td data-label="类别">${esc(t.category ? categories[t.category] : "视为完成当年")}</td>
      <td data-label="学时" class="calc-num">${clauseLink(t.clause, hours(t.hours), "calc-figure")}</td>
      <td data-label="依据">${clauseLink(t.clause, clauseFull(t.clause))}</td></tr>`;
  }).join("");
  const total = ORDER.map((c) => `${esc(categories[c])} ${hours(result.earned[c])}`).join(" · ");
  return `<div class="calc-table-wrap"><table class="calc-trace">
    <caption class="calc-visually-hidden">学时计算明细：每项活动折算的学时及其依据条款</caption>
    <thead><tr><th scope="col">序号</th><th scope="col">活动与计算过程</th><th scope="col">类别</th><th scope="col" class="calc-num">学时</th><th scope="col">依据条款</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><th scope="row" colspan="3">已取得</th><td colspan="2">${total}</td></tr></tfoot></table></div>`;
}

/** What the activity was (its kind's evidence field), as said or not yet said. */
function activityType(type, several) {
  if (!type) return several ? `<p class="calc-muted">按活动的实际形式，准备其中相应一类的材料。</p>` : "";
  if (!type.value) {
    return several ? `<p class="calc-muted">按活动的实际形式，准备其中相应一类的材料；在该项活动中选择“${esc(type.label)}”后，只列出适用的材料。</p>` : "";
  }
  const said = `<p class="calc-muted">${esc(type.label)}：${esc(type.value_label)}</p>`;
  return type.help ? `${said}<p class="calc-muted">${esc(type.help)}</p>` : said;
}

/** Materials to keep, grouped by activity kind (annex 一 of the Hunan notice), only
 *  those for what each activity was when the person said it. */
export function evidence(result, names) {
  if (!result.evidence?.length) return "";
  const groups = new Map();
  for (const entry of result.evidence) {
    const key = entry.kind + JSON.stringify(entry.items.map((i) => i.materials)) + (entry.activity_type?.value ?? "");
    if (!groups.has(key)) groups.set(key, { entry, activities: [] });
    groups.get(key).activities.push(entry.activity);
  }
  const blocks = [...groups.values()].map(({ entry, activities }) => {
    const who = activities.map((a) => `第 ${a + 1} 项（${esc(activityName(result, a, names))}）`).join("、");
    const items = entry.items.map((item) => `<li><p class="calc-evidence-title">${clauseLink(item.clause, `${clauseName(item.clause)} ${item.title}`)}
        ${item.choose === "one" && item.materials.length > 1 ? `<span class="calc-tag">以下材料之一</span>` : ""}</p>
        <ul class="calc-materials">${item.materials.map((m) => `<li>${esc(m)}</li>`).join("")}</ul></li>`).join("");
    const list = items ? `<ol class="calc-evidence-items">${items}</ol>` : "";
    return `<li class="calc-evidence-group"><p class="calc-evidence-who">${who}</p>${activityType(entry.activity_type, entry.items.length > 1)}${list}</li>`;
  }).join("");
  return `<section class="calc-block calc-evidence"><h3>需留存的证明材料</h3><ul class="calc-evidence-list">${blocks}</ul></section>`;
}

/** Where the notice page shows an interpretation: its box under the clause. */
function interpretationLink(i) {
  const policy = i.clause.split("#")[0];
  return `<a class="calc-clause" href="${esc(clauseURL(`${policy}#interpretation-${i.id}`))}">${esc(clauseName(i.clause))}</a>`;
}

export function interpretations(list) {
  if (!list?.length) return "";
  return `<section class="calc-block calc-interpretations"><h3>适用的本站解释</h3>
    <p class="calc-muted">以下是通知未写明或有歧义之处，本站采用的理解（非通知原文），结果按此计算。</p>
    <ul>${list.map((i) => `<li><span class="calc-tag calc-tag--site">本站解释</span> <strong>${esc(i.title)}</strong>：${esc(i.text)}
      <span class="calc-cite">见通知 ${interpretationLink(i)}</span></li>`).join("")}</ul></section>`;
}

export function notModelled(policy) {
  const list = spec(policy).not_modelled || [];
  if (!list.length) return "";
  return `<details class="calc-plain calc-block calc-not-modelled"><summary>本计算器不判断的情形</summary><ul>${list
    .map((n) => `<li><strong>${esc(n.title)}</strong>：${esc(n.text)} <span class="calc-cite">${clauseLink(n.clause)}</span></li>`).join("")}</ul></details>`;
}

/** The single-year report: `summary` (verdict, bars, checks, what to do) sits
 *  beside the form; `details` (working, evidence, rulings) runs full width. */
export function yearReport(result, names) {
  return {
    summary: `${verdict(result, `${result.year} 年度`)}
      ${bars(result)}
      ${prorating(result)}
      <section class="calc-block"><h3>逐项检查</h3>${checks(result)}</section>
      ${suggestions(result)}`,
    details: `<section class="calc-block"><h3>学时计算明细</h3>${trace(result, names)}</section>
      ${evidence(result, names)}
      ${interpretations(result.interpretations)}
      ${notModelled(result.policy)}`,
  };
}

