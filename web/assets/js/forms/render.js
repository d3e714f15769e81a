// Each form on the page, rendered by the worker from its request; a problem is
// shown on the form and, for a person's details, next to the field it names.
//
// A preview near the screen is rendered at once; the others one at a time when
// the browser is idle, so a phone never parses and styles every form in one task
// (seconds of blocked main thread). refresh() resolves once the block shows its
// latest request, wherever it is on the page.
import { calculator } from "../runtime.js";
import { $, $$ } from "../shared/dom.js";
import { blocks, personEditor } from "./editors.js";
import { requestFor } from "./requests.js";

const sequence = new WeakMap();     // block -> number of its latest request
const owed = new Map();             // block -> resolvers of the refreshes it owes
const near = new WeakSet();         // blocks within a screen of the viewport
const idle = window.requestIdleCallback || ((run) => setTimeout(run, 50));
let idleQueued = false;

const watcher = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
  for (const { target, isIntersecting } of entries) {
    if (!isIntersecting) {
      near.delete(target);
    } else {
      near.add(target);
      if (owed.has(target)) settle(target);
    }
  }
}, { rootMargin: "100% 0px" }) : null;
for (const block of blocks) watcher?.observe(block);

export function refresh(block) {
  return new Promise((resolve) => {
    owed.set(block, [...(owed.get(block) || []), resolve]);
    if (!watcher || near.has(block)) settle(block);
    else renderWhenIdle();
  });
}

async function settle(block) {
  const waiting = owed.get(block) || [];
  owed.delete(block);
  await render(block);
  waiting.forEach((resolve) => resolve());
}

function renderWhenIdle() {
  if (idleQueued) return;
  idleQueued = true;
  idle(async () => {
    idleQueued = false;
    const [next] = owed.keys();
    if (!next) return;
    await settle(next);
    if (owed.size) renderWhenIdle();
  });
}

async function render(block) {
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
