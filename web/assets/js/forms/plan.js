// The unit's training plan: its rows, checked by the worker against the notice's
// limits (calculator.employer.plan), with each problem on its row and linked to
// its clause; the plan's categories offered on the forms it fills.
import { calculator } from "../runtime.js";
import { clauseLink } from "../shared/clauses.js";
import { $, $$, esc } from "../shared/dom.js";
import { blocks, editors, planInput, planRows } from "./editors.js";
import { planResults } from "./state.js";

export async function refreshPlan(policy) {
  const editor = editors("plan", policy)[0];
  if (!editor) return;
  const list = $("[data-role=problems]", editor);
  for (const row of $$(".forms-session", editor)) row.classList.remove("is-invalid");
  try {
    const result = await calculator.call("plan", planInput(policy));
    planResults[policy] = result;
    const { rows } = planRows(editor);
    const number = (p) => $$(".forms-session", editor).indexOf(rows[p.session]) + 1;
    list.innerHTML = result.problems.map((p) => `<li>第 ${number(p)} 项：${esc(p.message)}${p.clause ? ` ${clauseLink(p.clause, "（依据）")}` : ""}</li>`).join("");
    for (const p of result.problems) rows[p.session]?.classList.add("is-invalid");
    // Offer the categories the plan has; keep the choice when it is still there.
    for (const block of blocks.filter((b) => b.dataset.policy === policy && b.dataset.source === "plan")) {
      const select = $("[data-role=variant]", block);
      const present = Object.keys(result.forms).filter((k) => k.startsWith(`${block.dataset.form}:`)).map((k) => k.split(":")[1]);
      for (const option of select.options) option.disabled = present.length > 0 && !present.includes(option.value);
      if (present.length && !present.includes(select.value)) select.value = present[0];
    }
  } catch (problem) {
    planResults[policy] = null;
    list.innerHTML = `<li>${esc(problem.message)}</li>`;
  }
}

export function addSession(editor, values = {}) {
  const row = $("template[data-role=session]", editor).content.firstElementChild.cloneNode(true);
  for (const input of $$("[data-field]", row)) {
    const value = values[input.dataset.field];
    if (value !== undefined && value !== null) input.value = String(value);
  }
  $("[data-role=sessions]", editor).append(row);
  renumber(editor);
  return row;
}

export function renumber(editor) {
  $$(".forms-session", editor).forEach((row, i) => {
    $(".forms-session-number", row).textContent = String(i + 1);
  });
}
