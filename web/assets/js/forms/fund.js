// The education-fund estimate (calculator.employer.fund): every figure with its
// working and the clause it comes from.
import { calculator } from "../runtime.js";
import { clauseLink, clauseName } from "../shared/clauses.js";
import { $, esc } from "../shared/dom.js";
import { fields } from "./editors.js";

export async function refreshFund(editor) {
  const out = $("[data-role=fund]", editor);
  const input = { policy: editor.dataset.policy, ...fields(editor) };
  if (!input.payroll) {
    out.innerHTML = "<p>填写职工工资总额后显示测算结果。</p>";
    return;
  }
  try {
    const result = await calculator.call("fund", input);
    const rows = result.figures.map((f) => `<tr><th scope="row">${esc(f.label)}</th><td class="forms-money">${esc(f.amount)} 元</td>
      <td>${esc(f.working)}</td><td>${clauseLink(f.clause, `通知${clauseName(f.clause)}`)}${f.document ? `，${esc(f.document)}` : ""}</td></tr>`).join("");
    const checks = result.checks.map((c) => `<li class="${c.passed ? "is-pass" : c.severity === "advice" ? "is-advice" : "is-fail"}">${esc(c.message)}</li>`).join("");
    out.innerHTML = `<table class="forms-fund-table"><thead><tr><th scope="col">项目</th><th scope="col">金额</th><th scope="col">计算</th><th scope="col">依据</th></tr></thead>
      <tbody>${rows}</tbody></table>${checks ? `<ul class="forms-checks">${checks}</ul>` : ""}<p class="forms-help">${esc(result.note)}</p>`;
  } catch (problem) {
    out.innerHTML = `<p class="forms-error" role="alert">${esc(problem.message)}</p>`;
  }
}
