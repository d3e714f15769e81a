// The forms page: editors (unit, plan, roster import, person, education fund) feed the
// Python worker, which renders each form; print, XLSX and CSV come from the same
// rendering. The blank forms are in the page from the build, so they print before
// Python has loaded. Nothing leaves the browser: files are read locally and downloads
// are made from in-memory blobs.
import { calculator } from "./runtime.js";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
const esc = (text) => String(text ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

const app = $("#forms-app");
const status = $(".forms-status", app);
const CSS = $("#jx-form-css").textContent;
const STORE = "jxjy.forms.v1";             // editors, without ID numbers
const ROSTER_STORE = "jxjy.forms.roster.v1"; // imported rosters (with ID numbers): only when opted in
const ID_STORE = "jxjy.forms.ids.v1";        // personal ID numbers: only when opted in
const SELFCHECK = "jxjy.selfcheck.v1";       // the self-check page's saved answers (read only)

const blocks = $$(".forms-form");
const editors = (kind, policy) => $$(`.forms-editor[data-editor="${kind}"]${policy ? `[data-policy="${policy}"]` : ""}`);
const rosters = {};                 // policy -> import result
const planResults = {};             // policy -> plan check result
let isReady = false;

// ---- reading editors ------------------------------------------------------------

function fields(editor) {
  const values = {};
  for (const input of $$("[data-field]", editor)) {
    if (input.closest("[data-role=session], .forms-session")) continue;
    const value = input.value.trim();
    if (value !== "") values[input.dataset.field] = value;
  }
  return values;
}

function unitOf(policy) {
  const editor = editors("unit", policy)[0];
  return editor ? fields(editor) : {};
}

function readSession(row) {
  const session = {};
  for (const input of $$("[data-field]", row)) {
    const value = input.value.trim();
    if (value === "") continue;
    session[input.dataset.field] = ["hours", "people"].includes(input.dataset.field) && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return session;
}

// A row is part of the plan once something besides its two selects is filled in; an
// untouched row (the first one, or one just added) is not an error.
const started = (session) => Object.keys(session).some((key) => !["category", "period"].includes(key));

function sessionsOf(editor) {
  return $$(".forms-session", editor).map(readSession);
}

/** The plan's sessions and, for each, the editor row it came from. */
function planRows(editor) {
  const rows = $$(".forms-session", editor).filter((row) => started(readSession(row)));
  return { rows, sessions: rows.map(readSession) };
}

function planInput(policy) {
  const editor = editors("plan", policy)[0];
  const unit = unitOf(policy);
  delete unit.date;
  if (unit.trainees && /^\d+$/.test(unit.trainees)) unit.trainees = Number(unit.trainees);
  return { policy, unit, sessions: editor ? planRows(editor).sessions : [] };
}

function selfcheckDraft(policy) {
  try {
    const saved = JSON.parse(localStorage.getItem(SELFCHECK) || "null");
    return saved?.drafts?.[policy] || null;
  } catch {
    return null;
  }
}

function personEditor(policy, form) {
  return $(`.forms-editor[data-editor="person"][data-policy="${policy}"][data-form="${form}"]`);
}

// ---- what each form is filled with -------------------------------------------------

function variantOf(block) {
  return $("[data-role=variant]", block)?.value;
}

function yearOf(block) {
  const select = $("[data-role=year]", block);
  return select ? Number(select.value) : undefined;
}

/** The `form` request for a block (without format), or null for a blank form. */
function requestFor(block) {
  const { policy, form, source } = block.dataset;
  const base = { policy, form };
  const unit = unitOf(policy);
  const header = {};
  if (unit.unit_name) header.unit = unit.unit_name;
  if (unit.date) header.date = unit.date;
  if (source === "plan") {
    const values = planResults[policy]?.forms?.[`${form}:${variantOf(block)}`];
    if (!values) return null;
    const extra = form === "plan" ? header : {};
    return { ...base, values: { ...values, fields: { ...values.fields, ...extra } } };
  }
  if (source === "roster") {
    const result = rosters[policy];
    const key = block.hasAttribute("data-per-year") ? `${form}:${yearOf(block)}` : form;
    const values = result?.forms?.[key];
    if (!values && block.hasAttribute("data-per-year")) return { ...base, values: { year: yearOf(block) } };
    if (!values) return null;
    const allowed = block.dataset.layout === "table" && !block.hasAttribute("data-per-year") ? header : {};
    return { ...base, values: { ...values, fields: allowed } };
  }
  if (source === "selfcheck") {
    const person = fields(personEditor(policy, form) || document.createElement("form"));
    const draft = selfcheckDraft(policy);
    if (draft) return { ...base, source: { selfcheck: draft, person } };
    return Object.keys(person).length ? { ...base, values: { fields: person } } : null;
  }
  return null;
}

// ---- rendering ---------------------------------------------------------------------

const sequence = new WeakMap();

async function refresh(block) {
  const request = requestFor(block);
  const paper = $("[data-role=paper]", block);
  const error = $("[data-role=error]", block);
  const state = $("[data-role=state]", block);
  const mine = (sequence.get(block) || 0) + 1;
  sequence.set(block, mine);
  try {
    const result = await calculator.call("form", { ...(request || { policy: block.dataset.policy, form: block.dataset.form }), format: "html" });
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
  const input = $(`[data-field="${match[1]}"]`, editor);
  input?.setAttribute("aria-invalid", "true");
  const slot = $(`[data-error-for="${match[1]}"]`, editor);
  if (slot) slot.textContent = problem.problem;
}

async function refreshPlan(policy) {
  const editor = editors("plan", policy)[0];
  if (!editor) return;
  const list = $("[data-role=problems]", editor);
  for (const row of $$(".forms-session", editor)) row.classList.remove("is-invalid");
  try {
    const result = await calculator.call("plan", planInput(policy));
    planResults[policy] = result;
    const rows = planRows(editor).rows;
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

function clauseLink(clause, text) {
  const [id, anchor] = clause.split("#");
  return `<a href="../policies/${esc(id)}/#${esc(anchor)}">${esc(text || anchor)}</a>`;
}

// Refreshes are debounced; the policies touched meanwhile add up (null: all of them).
let timer;
let pendingPolicies = new Set();
function schedule(policies = null) {
  save();
  refreshSoon(policies);
}

function refreshSoon(policies = null) {
  if (!isReady) return;
  if (pendingPolicies !== null) {
    if (policies === null) pendingPolicies = null;
    else policies.forEach((p) => pendingPolicies.add(p));
  }
  clearTimeout(timer);
  timer = setTimeout(() => {
    const wanted = pendingPolicies === null ? null : [...pendingPolicies];
    pendingPolicies = new Set();
    refreshAll(wanted);
  }, 200);
}

async function refreshAll(policies = null) {
  const wanted = (policy) => !policies || policies.includes(policy);
  await Promise.all(editors("plan").filter((e) => wanted(e.dataset.policy)).map((e) => refreshPlan(e.dataset.policy)));
  await Promise.all(blocks.filter((b) => wanted(b.dataset.policy)).map(refresh));
  for (const editor of editors("person")) showSelfcheck(editor);
  for (const editor of editors("fund")) refreshFund(editor);
}

function showSelfcheck(editor) {
  const slot = $("[data-role=selfcheck]", editor);
  const draft = selfcheckDraft(editor.dataset.policy);
  const span = draft?.span && Object.values(draft.span).some((list) => list.length);
  const year = draft?.activities?.length;
  slot.textContent = !draft ? "尚未在“学时自查”中填写此通知：表中的学时栏将留空。"
    : `已读取“学时自查”中保存的${span ? "逐年" : ""}填写内容${year || span ? "" : "（尚无活动）"}。`;
}

// ---- the education fund ------------------------------------------------------------

async function refreshFund(editor) {
  const out = $("[data-role=fund]", editor);
  const input = { policy: editor.dataset.policy, ...fields(editor) };
  if (!input.payroll) {
    out.innerHTML = "<p>填写职工工资总额后显示测算结果。</p>";
    return;
  }
  try {
    const result = await calculator.call("fund", input);
    const rows = result.figures.map((f) => `<tr><th scope="row">${esc(f.label)}</th><td class="forms-money">${esc(f.amount)} 元</td>
      <td>${esc(f.working)}</td><td>${clauseLink(f.clause, "通知四")}${f.document ? `，${esc(f.document)}` : ""}</td></tr>`).join("");
    const checks = result.checks.map((c) => `<li class="${c.passed ? "is-pass" : c.severity === "advice" ? "is-advice" : "is-fail"}">${esc(c.message)}</li>`).join("");
    out.innerHTML = `<table class="forms-fund-table"><thead><tr><th scope="col">项目</th><th scope="col">金额</th><th scope="col">计算</th><th scope="col">依据</th></tr></thead>
      <tbody>${rows}</tbody></table>${checks ? `<ul class="forms-checks">${checks}</ul>` : ""}<p class="forms-help">${esc(result.note)}</p>`;
  } catch (problem) {
    out.innerHTML = `<p class="forms-error" role="alert">${esc(problem.message)}</p>`;
  }
}

// ---- roster import -------------------------------------------------------------------

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

let openpyxl = null;
function loadOpenpyxl() {
  if (!openpyxl) {
    setStatus("正在加载表格组件（openpyxl）…");
    openpyxl = calculator.call("load", { package: "openpyxl" }).then(
      () => setStatus("表格组件已加载。"),
      (error) => { openpyxl = null; throw error; });
  }
  return openpyxl;
}

async function importRoster(editor, file) {
  const policy = editor.dataset.policy;
  const out = $("[data-role=import]", editor);
  const format = /\.xlsx$/i.test(file.name) ? "xlsx" : "csv";
  out.innerHTML = `<p>正在读取“${esc(file.name)}”…</p>`;
  try {
    await calculator.ready;
    if (format === "xlsx") await loadOpenpyxl();
    const base64 = toBase64(await file.arrayBuffer());
    const result = await calculator.call("roster", { policy, form: editor.dataset.importForm, format, base64 });
    result.file = file.name;
    setRoster(editor, result);
  } catch (problem) {
    out.innerHTML = `<p class="forms-error" role="alert">无法导入“${esc(file.name)}”：${esc(problem.message)}</p>`;
  }
}

function setRoster(editor, result) {
  const policy = editor.dataset.policy;
  rosters[policy] = result;
  showRoster(editor);
  saveRoster(editor);
  schedule([policy]);
}

function showRoster(editor) {
  const result = rosters[editor.dataset.policy];
  const out = $("[data-role=import]", editor);
  if (!result) {
    out.innerHTML = "";
    return;
  }
  const label = (p) => (p.column && !p.reason.startsWith(p.column) ? `${esc(p.column)}：` : "");
  const problems = result.problems.map((p) => `<li><span class="forms-line">第 ${p.line} 行</span>${label(p)}${esc(p.reason)}</li>`).join("");
  out.innerHTML = `<p class="forms-import-summary">“${esc(result.file || "名单")}”：导入 <strong>${result.counts.kept}</strong> 人${result.counts.rejected ? `，<strong class="forms-bad">${result.counts.rejected}</strong> 行有问题未导入（见下）` : "，没有问题行"}。</p>
    ${problems ? `<ul class="forms-problems">${problems}</ul>` : ""}`;
}

// ---- print and downloads ---------------------------------------------------------------

/** The form as a standalone document: the same wrapping as calculator.forms.render_html. */
function printable(block) {
  const paper = $("[data-role=paper]", block);
  const title = $(".jx-title", paper)?.textContent || "表格";
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>\n${CSS}body { margin: 0; }\n</style></head><body>\n${paper.innerHTML.trim()}\n</body></html>\n`;
}

function printBlock(block) {
  const frame = document.createElement("iframe");
  frame.className = "forms-print-frame";
  frame.setAttribute("aria-hidden", "true");
  frame.srcdoc = printable(block);
  frame.addEventListener("load", () => {
    const view = frame.contentWindow;
    view.addEventListener("afterprint", () => setTimeout(() => frame.remove(), 0));
    view.focus();
    view.print();
  }, { once: true });
  document.body.append(frame);
}

async function download(block, format) {
  const button = $(`[data-action=${format}]`, block);
  button.disabled = true;
  try {
    if (format === "xlsx") await loadOpenpyxl();
    const request = requestFor(block) || { policy: block.dataset.policy, form: block.dataset.form };
    const result = await calculator.call("form", { ...request, format });
    const blob = result.base64
      ? new Blob([Uint8Array.from(atob(result.base64), (c) => c.charCodeAt(0))], { type: result.mime })
      : new Blob([result.text], { type: `${result.mime};charset=utf-8` });
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: result.filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (problem) {
    const error = $("[data-role=error]", block);
    error.textContent = `无法下载：${problem.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

// ---- plan editor rows ------------------------------------------------------------------

function addSession(editor, values = {}) {
  const row = $("template[data-role=session]", editor).content.firstElementChild.cloneNode(true);
  for (const input of $$("[data-field]", row)) {
    const value = values[input.dataset.field];
    if (value !== undefined && value !== null) input.value = String(value);
  }
  $("[data-role=sessions]", editor).append(row);
  renumber(editor);
  return row;
}

function renumber(editor) {
  $$(".forms-session", editor).forEach((row, i) => {
    $(".forms-session-number", row).textContent = String(i + 1);
  });
}

// ---- keeping what was typed ------------------------------------------------------------

function save() {
  const saved = { v: 1, editors: {} };
  const ids = {};
  for (const editor of $$(".forms-editor")) {
    const key = `${editor.dataset.editor}:${editor.dataset.policy}:${editor.dataset.form || ""}`;
    if (editor.dataset.editor === "roster") continue;
    const values = fields(editor);
    if (values.id_number) {
      // An ID number is kept only when the person asked for it, and never with the rest.
      if ($("[data-role=remember]", editor)?.checked) ids[key] = values.id_number;
      delete values.id_number;
    }
    saved.editors[key] = { fields: values };
    if (editor.dataset.editor === "plan") saved.editors[key].sessions = sessionsOf(editor);
  }
  try {
    localStorage.setItem(STORE, JSON.stringify(saved));
    if (Object.keys(ids).length) localStorage.setItem(ID_STORE, JSON.stringify(ids));
    else localStorage.removeItem(ID_STORE);
  } catch { /* private mode: the page still works */ }
}

function saveRoster(editor) {
  try {
    const all = JSON.parse(localStorage.getItem(ROSTER_STORE) || "{}");
    const remember = $("[data-role=remember]", editor).checked;
    if (remember && rosters[editor.dataset.policy]) all[editor.dataset.policy] = rosters[editor.dataset.policy];
    else delete all[editor.dataset.policy];
    if (Object.keys(all).length) localStorage.setItem(ROSTER_STORE, JSON.stringify(all));
    else localStorage.removeItem(ROSTER_STORE);
  } catch { /* private mode */ }
}

function restore() {
  let saved = null;
  let ids = {};
  let savedRosters = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORE) || "null");
    ids = JSON.parse(localStorage.getItem(ID_STORE) || "{}");
    savedRosters = JSON.parse(localStorage.getItem(ROSTER_STORE) || "{}");
  } catch { /* damaged storage: start empty */ }
  for (const editor of $$(".forms-editor")) {
    const key = `${editor.dataset.editor}:${editor.dataset.policy}:${editor.dataset.form || ""}`;
    const entry = saved?.editors?.[key];
    if (editor.dataset.editor === "roster") {
      const result = savedRosters[editor.dataset.policy];
      if (result) {
        $("[data-role=remember]", editor).checked = true;
        rosters[editor.dataset.policy] = result;
        showRoster(editor);
      }
      continue;
    }
    const values = { ...(entry?.fields || {}) };
    if (ids[key]) {
      values.id_number = ids[key];
      const remember = $("[data-role=remember]", editor);
      if (remember) remember.checked = true;
    }
    for (const input of $$("[data-field]", editor)) {
      if (input.closest(".forms-session")) continue;
      if (values[input.dataset.field] !== undefined) input.value = values[input.dataset.field];
    }
    if (editor.dataset.editor === "plan") {
      // A plan with nothing saved starts with one empty row to fill in.
      for (const session of entry?.sessions?.length ? entry.sessions : [{}]) addSession(editor, session);
    }
  }
}

function clearAll() {
  for (const key of [STORE, ROSTER_STORE, ID_STORE]) {
    try { localStorage.removeItem(key); } catch { /* nothing saved */ }
  }
  resetEditors();
  schedule();
}

function resetEditors() {
  for (const editor of $$(".forms-editor")) {
    editor.reset();
    $$(".forms-session", editor).forEach((row) => row.remove());
    if (editor.dataset.editor === "roster") {
      delete rosters[editor.dataset.policy];
      showRoster(editor);
    }
  }
}


// ---- wiring ------------------------------------------------------------------------------

function setStatus(text) {
  status.textContent = text;
}

document.addEventListener("input", (event) => {
  const editor = event.target.closest(".forms-editor");
  if (editor && event.target.type !== "file") schedule([editor.dataset.policy]);
});
document.addEventListener("change", (event) => {
  const target = event.target;
  const editor = target.closest(".forms-editor");
  if (target.matches("[data-role=file]") && target.files[0]) {
    importRoster(editor, target.files[0]);
    target.value = "";
  } else if (editor?.dataset.editor === "roster" && target.matches("[data-role=remember]")) {
    saveRoster(editor);
  } else if (editor) {
    schedule([editor.dataset.policy]);
  } else if (target.closest(".forms-form") && target.matches("select")) {
    refresh(target.closest(".forms-form"));
  }
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const block = button.closest(".forms-form");
  const editor = button.closest(".forms-editor");
  switch (button.dataset.action) {
    case "print": printBlock(block); break;
    case "xlsx": case "csv": download(block, button.dataset.action); break;
    case "add-session": addSession(editor, { date: "", hours: "" }); schedule([editor.dataset.policy]); break;
    case "remove-session": {
      button.closest(".forms-session").remove();
      renumber(editor);
      schedule([editor.dataset.policy]);
      break;
    }
    case "clear-roster": {
      delete rosters[editor.dataset.policy];
      $("[data-role=remember]", editor).checked = false;
      showRoster(editor);
      saveRoster(editor);
      schedule([editor.dataset.policy]);
      break;
    }
    case "clear-all": clearAll(); break;
    default: break;
  }
});
// Another tab saved: the self-check's answers, which the forms use, or this page's
// own entries. Two tabs of this page share one saved copy, so each shows what the
// other saved: the next edit in either starts from the latest entries instead of
// writing an older copy over them.
window.addEventListener("storage", (event) => {
  const own = [STORE, ROSTER_STORE, ID_STORE, null].includes(event.key);   // null: storage cleared
  if (own) {
    resetEditors();
    restore();
  }
  // Never saved back from here: by then the other tab may have saved again.
  if (own || event.key === SELFCHECK) refreshSoon();
});

calculator.onStatus((event) => {
  if (event.type === "progress") setStatus(`${event.detail}…`);
  if (event.type === "ready") {
    isReady = true;
    setStatus(`表格程序已就绪（加载用时 ${(event.ms / 1000).toFixed(1)} 秒）。所有处理都在本机浏览器内完成。`);
    for (const button of $$("button[data-action=xlsx], button[data-action=csv]")) button.disabled = false;
    app.classList.add("is-ready");
    refreshAll();
  }
  if (event.type === "failed") {
    setStatus("");
    status.insertAdjacentHTML("afterend", `<p class="forms-error" role="alert">表格程序无法加载：${esc(event.message)}。空白表仍可打印。</p>`);
  }
});

restore();
performance.mark("calculator:form-ready");

// For tests and embedding: the printable document of a form, and a way to wait for
// the page's own refreshes.
window.formsPage = {
  printable: (policy, form) => printable($(`.forms-form[data-policy="${policy}"][data-form="${form}"]`)),
  request: (policy, form) => requestFor($(`.forms-form[data-policy="${policy}"][data-form="${form}"]`)),
  refresh: () => refreshAll(),
};
