// Each form on the page, rendered by the worker from its request; a problem is
// shown on the form and, for a person's details, next to the field it names.
import { calculator } from "../runtime.js";
import { $, $$ } from "../shared/dom.js";
import { personEditor } from "./editors.js";
import { requestFor } from "./requests.js";

const sequence = new WeakMap();     // block -> number of its latest request

export async function refresh(block) {
  const request = requestFor(block) || { policy: block.dataset.policy, form: block.dataset.form };
  const paper = $("[data-role=paper]", block);
  const error = $("[data-role=error]", block);
  const state = $("[data-role=state]", block);
  const mine = (sequence.get(block) || 0) + 1;
  sequence.set(block, mine);
  try {
    const result = await calculator.call("form", { ...request, format: "html" });
    if (sequence.get(block) !== mine) return;
    paper.innerHTML = result.text;
    paper.dataset.orientation = result.orientation;
    state.textContent = result.blank ? "空白表" : "已填写";
    block.classList.toggle("is-filled", !result.blank);
    error.hidden = true;
    error.textContent = "";
    markFieldError(block, null);
  } catch (problem) {
    if (sequence.get(block) !== mine) return;
    error.textContent = `无法生成此表：${problem.message}`;
    error.hidden = false;
    markFieldError(block, problem);
  }
}

function markFieldError(block, problem) {
  const editor = personEditor(block.dataset.policy, block.dataset.form);
  if (!editor) return;
  for (const slot of $$("[data-error-for]", editor)) slot.textContent = "";
  for (const input of $$("[aria-invalid]", editor)) input.removeAttribute("aria-invalid");
  const match = /fields\.(\w+)/.exec(problem?.field || "");
  if (!match) return;
  $(`[data-field="${match[1]}"]`, editor)?.setAttribute("aria-invalid", "true");
  const slot = $(`[data-error-for="${match[1]}"]`, editor);
  if (slot) slot.textContent = problem.problem;
}
