// The result table: one row per person, every figure in the column of its kind, the
// header linking each kind of figure to its clause; a row's own clauses (a pro-rating
// reason, a posting, a failing check) are linked in the row. Built as one string: five
// thousand rows are drawn a chunk at a time (unit-page.js), the first at once.
import { clauseLink } from "../shared/clauses.js";
import { esc, hours } from "../shared/dom.js";

const CATS = ["public", "professional", "total"];

export function head(result, printHeader) {
  const cats = result.categories;
  // The categories' names without 科目 (公需, 专业) keep three figures side by side.
  const labels = CATS.map((c) => `<th scope="col" class="unit-num" title="${esc(cats[c])}">${esc(c === "total" ? "合计" : cats[c].replace(/科目$/, ""))}</th>`).join("");
  const { hours: hoursClause, requirements } = result.clauses;
  return `<tr class="unit-print-header"><th colspan="16">${printHeader}</th></tr>
<tr><th scope="col" rowspan="2" class="unit-num">行</th><th scope="col" rowspan="2">姓名</th><th scope="col" rowspan="2">身份证号</th>
<th scope="colgroup" colspan="3">已取得学时 ${clauseLink(hoursClause, "依据")}</th>
<th scope="colgroup" colspan="3">应完成学时 ${clauseLink(requirements, "依据")}</th>
<th scope="colgroup" colspan="3">尚差学时</th>
<th scope="col" rowspan="2" class="unit-num">还需学时</th><th scope="col" rowspan="2">结论</th>
<th scope="col" rowspan="2">未达到的要求</th><th scope="col" rowspan="2">说明</th></tr>
<tr>${labels}${labels}${labels}</tr>`;
}

function verdict(p) {
  if (p.deemed) return '<span class="unit-verdict unit-verdict--deemed">视为完成</span>';
  return p.passed ? '<span class="unit-verdict unit-verdict--pass">达到要求</span>'
    : '<span class="unit-verdict unit-verdict--fail">未达到</span>';
}

function failing(p, checks, cats) {
  return p.failing.map((id) => {
    const check = checks[id];
    const label = id.endsWith("-hours") ? cats[id.slice(0, -"-hours".length)] : check?.label || id;
    return `<span title="${esc(p.messages[id])}">${clauseLink(check?.clause, label, "unit-clause")}</span>`;
  }).join("、");
}

function notes(p, checks) {
  const out = [];
  if (p.prorated) out.push(`按在岗${p.prorated.on_post_months}个月折算（${clauseLink(p.prorated.clause, p.prorated.reason_label, "unit-clause")}）`);
  if (p.deemed) out.push(clauseLink(p.deemed.clause, p.deemed.text, "unit-clause"));
  for (const id of p.advice) out.push(`提示：${clauseLink(checks[id]?.clause, checks[id]?.label || id, "unit-clause")}`);
  return out.join("；");
}

const cells = (figures) => CATS.map((c) => `<td class="unit-num">${hours(figures[c])}</td>`).join("");

/** The rows of people[from..to). */
export function rows(people, result, from = 0, to = people.length) {
  const checks = Object.fromEntries(result.checks.map((c) => [c.id, c]));
  const cats = result.categories;
  const out = new Array(Math.max(0, to - from));
  for (let i = from; i < to; i++) {
    const p = people[i];
    const required = p.prorated ? CATS.map((c) => `<td class="unit-num unit-prorated" title="按在岗时间折算">${hours(p.required[c])}</td>`).join("") : cells(p.required);
    out[i - from] = `<tr class="${p.passed ? "is-passed" : "is-short"}"><td class="unit-num">${p.line}</td><td>${esc(p.name)}</td><td class="unit-id">${esc(p.id_number)}</td>`
      + `${cells(p.earned)}${required}${cells(p.shortfall)}<td class="unit-num unit-missing">${hours(p.missing)}</td>`
      + `<td>${verdict(p)}</td><td>${failing(p, checks, cats)}</td><td class="unit-notes-cell">${notes(p, checks)}</td></tr>`;
  }
  return out.join("");
}
