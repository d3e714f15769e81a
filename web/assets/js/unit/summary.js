// Above the table: the unit's totals, the rows that could not be checked, and below it
// the rulings of the notice the verdicts rely on.
import { clauseLink } from "../shared/clauses.js";
import { esc, hours } from "../shared/dom.js";

export function basis(result) {
  const p = result.policy;
  return `依据：${esc(p.issuer)}《${esc(p.title)}》${p.document_number ? `（${esc(p.document_number)}）` : ""}；核查年度：${result.year}年度；要求见${clauseLink(result.clauses.requirements)}。`;
}

export function summary(result) {
  const t = result.totals;
  const cats = result.categories;
  const checks = Object.fromEntries(result.checks.map((c) => [c.id, c]));
  const card = (label, value, cls = "") => `<div class="unit-card ${cls}"><span class="unit-card-value">${value}</span><span class="unit-card-label">${label}</span></div>`;
  const failing = Object.entries(t.failing).map(([id, n]) => {
    const label = id.endsWith("-hours") ? cats[id.slice(0, -6)] : checks[id]?.label || id;
    return `${clauseLink(checks[id]?.clause, label)} ${n} 人`;
  });
  const advice = Object.entries(t.advice).map(([id, n]) => `${clauseLink(checks[id]?.clause, checks[id]?.label || id)} ${n} 人`);
  const extra = [];
  if (t.prorated) extra.push(`按在岗时间折算 ${t.prorated} 人${result.clauses.pro_rating ? `（${clauseLink(result.clauses.pro_rating)}）` : ""}`);
  if (t.deemed) extra.push(`视为完成 ${t.deemed} 人${result.clauses.posting ? `（${clauseLink(result.clauses.posting)}）` : ""}`);
  return `<div class="unit-cards">${card("核查人数", t.people)}${card("达到要求", t.passed, "unit-card--pass")}${card("未达到要求", t.failed, t.failed ? "unit-card--fail" : "")}${card("还需学时合计", hours(t.missing))}</div>
<ul class="unit-breakdown">
${failing.length ? `<li>未达到：${failing.join("；")}（一人可能未达到多项）</li>` : "<li>全部人员达到要求。</li>"}
<li>尚差学时合计：${esc(cats.public)} ${hours(t.shortfall.public)}，${esc(cats.professional)} ${hours(t.shortfall.professional)}，${esc(cats.total)} ${hours(t.shortfall.total)}</li>
${extra.length ? `<li>${extra.join("；")}</li>` : ""}
${advice.length ? `<li>提示（不影响结论）：${advice.join("；")}</li>` : ""}
</ul>`;
}

export function problems(result) {
  if (!result.problems.length) return "";
  const items = result.problems.map((p) => {
    const column = p.column && !p.reason.startsWith(p.column) ? `${esc(p.column)}：` : "";
    return `<li><span class="unit-line">第 ${p.line} 行</span>${column}${esc(p.reason)}</li>`;
  }).join("");
  return `<details class="unit-problem-list" open><summary><strong class="unit-bad">${result.counts.rejected}</strong> 行有问题，未参加核查（共读取 ${result.counts.rows} 行）。请在名单中改正后重新导入。</summary><ul>${items}</ul></details>`;
}

export function notes(result) {
  if (!result.interpretations.length) return "";
  const items = result.interpretations.map((i) => `<li><strong>${esc(i.title)}</strong>（${clauseLink(i.clause)}）：${esc(i.text)}</li>`).join("");
  return `<h3>核查所依据的本站解释</h3><p>通知没有写明、需要理解的地方，本站的处理如下；以主管部门的解释为准。</p><ul>${items}</ul>`;
}
