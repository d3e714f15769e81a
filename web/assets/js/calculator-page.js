// The self-check page: reads the build-time form, asks the Python worker for
// an assessment as the person types, and renders the answer with its clauses.
import { calculator, InputError } from "./runtime.js";

const app = document.getElementById("calc");
const form = document.getElementById("calc-form");
const list = form.querySelector(".calc-activities");
const status = app.querySelector(".calc-status");
const output = app.querySelector(".calc-result");
const STORE = "jxjy.calculator.v1";
const CATEGORY = { public: "公需科目", professional: "专业科目", total: "合计" };

// ---- reading and writing the form ------------------------------------------

const policy = () => form.elements.policy.value;

function fieldValue(input) {
  const raw = input.type === "checkbox" ? input.checked : input.value.trim();
  if (input.type === "checkbox") return raw;
  if (raw === "") return undefined;
  // Numbers the browser can parse go as numbers; anything else is passed on
  // untouched so the engine names the field in its message.
  if (input.dataset.type === "int" && /^-?\d+$/.test(raw)) return Number(raw);
  if (input.dataset.type === "decimal" && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function readFields(container) {
  const values = {};
  for (const input of container.querySelectorAll("[data-field]")) {
    const value = fieldValue(input);
    if (value !== undefined) values[input.dataset.field] = value;
  }
  return values;
}

export function readInput() {
  const input = { policy: policy(), year: fieldValue(form.elements.year) };
  const circumstances = form.querySelector(`.calc-circumstances[data-policy="${policy()}"]`);
  if (circumstances && circumstances.querySelector("[data-apply]")?.checked) {
    input.circumstances = readFields(circumstances);
  }
  input.activities = [...list.children].map((item) => ({ kind: item.dataset.kind, ...readFields(item) }));
  return input;
}

function addActivity(kind, values = {}) {
  const template = form.querySelector(`template[data-policy="${policy()}"][data-kind="${kind}"]`);
  if (!template) return null;
  const item = template.content.firstElementChild.cloneNode(true);
  for (const input of item.querySelectorAll("[data-field]")) {
    const value = values[input.dataset.field];
    if (value === undefined) continue;
    if (input.type === "checkbox") input.checked = Boolean(value);
    else input.value = String(value);
  }
  list.append(item);
  renumber();
  return item;
}

function renumber() {
  [...list.children].forEach((item, index) => {
    item.querySelector(".calc-activity-number").textContent = `${index + 1}`;
    for (const input of item.querySelectorAll("[data-field]")) {
      input.id = `a${index}-${input.dataset.field}`;
      input.closest("label")?.setAttribute("for", input.id);
    }
  });
}

function showPolicy() {
  for (const part of form.querySelectorAll("[data-policy]:not(template)")) {
    part.hidden = part.dataset.policy !== policy();
  }
}

function restore(saved) {
  form.elements.policy.value = saved.policy || form.elements.policy.value;
  if (saved.year !== undefined) form.elements.year.value = saved.year;
  showPolicy();
  list.replaceChildren();
  const circumstances = form.querySelector(`.calc-circumstances[data-policy="${policy()}"]`);
  if (circumstances && saved.circumstances) {
    circumstances.querySelector("[data-apply]").checked = true;
    for (const input of circumstances.querySelectorAll("[data-field]")) {
      const value = saved.circumstances[input.dataset.field];
      if (value !== undefined) input.value = String(value);
    }
  }
  for (const activity of saved.activities || []) addActivity(activity.kind, activity);
}

// ---- results ----------------------------------------------------------------

const esc = (text) => String(text ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const fmt = (n) => (n === null || n === undefined ? "不设下限" : `${n}`);

function clauseLink(clause) {
  const [id, anchor] = clause.split("#");
  return `<a class="calc-clause" href="../policies/${esc(id)}/#${esc(anchor)}">${esc(anchor)}</a>`;
}

function renderResult(result) {
  const rows = ["public", "professional", "total"].map((key) => {
    const required = result.required[key];
    const earned = result.earned[key];
    const ratio = required ? Math.min(1, earned / required) : 1;
    return `<tr><th scope="row">${CATEGORY[key]}</th><td>${earned}</td><td>${fmt(required)}</td>
      <td>${result.shortfall[key] || 0}</td>
      <td><meter min="0" max="1" value="${ratio}" aria-label="${CATEGORY[key]}完成度">${Math.round(ratio * 100)}%</meter></td></tr>`;
  }).join("");
  const checks = result.checks.map((check) => `<li class="calc-check ${check.passed ? "is-pass" : check.severity === "advice" ? "is-advice" : "is-fail"}">
      <span class="calc-check-mark" aria-hidden="true">${check.passed ? "✓" : check.severity === "advice" ? "!" : "✗"}</span>
      ${esc(check.message)} ${clauseLink(check.clause)}</li>`).join("");
  const suggestions = (result.suggestions || []).map((s) => `<li>${esc(typeof s === "string" ? s : s.message || s.text)}</li>`).join("");
  const trace = result.trace.map((t) => `<tr><td>${t.activity + 1}</td><td>${esc(t.label || t.kind)}</td>
      <td>${esc(CATEGORY[t.category] || t.category)}</td><td>${t.hours}</td><td>${esc(t.working || "")}</td><td>${clauseLink(t.clause)}</td></tr>`).join("");
  const interpretations = (result.interpretations || []).map((i) => `<li>${esc(i.text)} ${clauseLink(i.clause)}</li>`).join("");
  output.innerHTML = `
    <p class="calc-verdict ${result.passed ? "is-pass" : "is-fail"}">${result.passed ? "已达到" : "尚未达到"}本年度继续教育学时要求</p>
    <table class="calc-summary"><caption>学时汇总</caption>
      <thead><tr><th scope="col">类别</th><th scope="col">已获得</th><th scope="col">应完成</th><th scope="col">尚差</th><th scope="col">完成度</th></tr></thead>
      <tbody>${rows}</tbody></table>
    <h3>逐项检查</h3><ul class="calc-checks">${checks}</ul>
    ${suggestions ? `<h3>建议</h3><ul class="calc-suggestions">${suggestions}</ul>` : ""}
    <h3>学时计算明细</h3>
    ${trace ? `<table class="calc-trace"><thead><tr><th scope="col">序号</th><th scope="col">活动</th><th scope="col">类别</th><th scope="col">学时</th><th scope="col">计算过程</th><th scope="col">依据条款</th></tr></thead><tbody>${trace}</tbody></table>` : "<p>尚未添加任何活动。</p>"}
    ${interpretations ? `<h3>本站解释（非通知原文）</h3><ul class="calc-interpretations">${interpretations}</ul>` : ""}`;
}

function clearErrors() {
  for (const slot of form.querySelectorAll(".calc-error")) slot.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

function showError(error) {
  const match = /^activities\[(\d+)\]\.(\w+)/.exec(error.field || "");
  let slot = null;
  if (match) {
    const item = list.children[Number(match[1])];
    const input = item?.querySelector(`[data-field="${match[2]}"]`);
    input?.setAttribute("aria-invalid", "true");
    slot = item?.querySelector(`.calc-error[data-for="${match[2]}"]`) || item?.querySelector(".calc-error[data-for='*']");
  } else if (/^circumstances\.(\w+)/.test(error.field || "")) {
    const name = error.field.split(".")[1];
    slot = form.querySelector(`.calc-circumstances[data-policy="${policy()}"] .calc-error[data-for="${name}"]`);
  } else if (error.field === "year") {
    slot = form.querySelector('.calc-error[data-for="year"]');
  }
  (slot || form.querySelector(".calc-error[data-for='form']")).textContent = error.message;
}

// ---- wiring -----------------------------------------------------------------

let timer;
let sequence = 0;
async function recalculate() {
  const input = readInput();
  try { localStorage.setItem(STORE, JSON.stringify(input)); } catch { /* private mode */ }
  const mine = ++sequence;
  try {
    const result = await calculator.assess(input);
    if (mine !== sequence) return;
    clearErrors();
    renderResult(result);
  } catch (error) {
    if (mine !== sequence) return;
    clearErrors();
    if (error instanceof InputError) showError(error);
    else output.innerHTML = `<p class="calc-failure" role="alert">${esc(error.message)}</p>`;
  }
}
const schedule = () => { clearTimeout(timer); timer = setTimeout(recalculate, 150); };

form.addEventListener("input", schedule);
form.addEventListener("change", (event) => {
  if (event.target === form.elements.policy) { showPolicy(); list.replaceChildren(); }
  schedule();
});
form.addEventListener("submit", (event) => { event.preventDefault(); recalculate(); });
form.addEventListener("click", (event) => {
  const add = event.target.closest(".calc-add-button");
  if (add) {
    const select = add.parentElement.querySelector(".calc-kind");
    addActivity(select.value)?.querySelector("[data-field]")?.focus();
    schedule();
  }
  const remove = event.target.closest(".calc-remove");
  if (remove) {
    remove.closest(".calc-activity").remove();
    renumber();
    schedule();
  }
});

calculator.onStatus((event) => {
  if (event.type === "progress") status.textContent = `${event.detail}…`;
  if (event.type === "ready") {
    status.textContent = `计算器已就绪（加载用时 ${(event.ms / 1000).toFixed(1)} 秒）。所有计算都在本机浏览器内完成。`;
    app.classList.add("is-ready");
    recalculate();
  }
  if (event.type === "failed") {
    status.textContent = "";
    const alert = document.createElement("p");
    alert.className = "calc-failure";
    alert.setAttribute("role", "alert");
    alert.textContent = `计算器无法加载：${event.message}`;
    status.replaceWith(alert);
    app.classList.add("is-failed");
  }
});

try {
  const saved = JSON.parse(localStorage.getItem(STORE) || "null");
  if (saved) restore(saved); else showPolicy();
} catch { showPolicy(); }
