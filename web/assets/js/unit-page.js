// The unit check page: a roster file, read in this browser, checked person by person
// by the worker (calculator/unit, the self-check's engine), then shown, sorted and
// filtered, printed, downloaded, or handed to the forms page. Nothing leaves the
// browser and nothing is saved. The pieces live in ./unit/.
import { calculator } from "./runtime.js";
import { $$, debounce, esc } from "./shared/dom.js";
import { formatOf, toBase64, tooLarge } from "./shared/files.js";
import { byId } from "./unit/data.js";
import { choice, download, fill, print, showError, template } from "./unit/output.js";
import { answer as publicityAnswer, showRule as showPublicity } from "./unit/publicity.js";
import { app, control, request, setStatus, state } from "./unit/state.js";
import * as summary from "./unit/summary.js";
import * as table from "./unit/table.js";
import { describe, select } from "./unit/view.js";

const timings = [];
let isReady = false;

function policyId() {
  return control("policy").value;
}

function showPolicy() {
  const policy = byId[policyId()];
  const year = control("year");
  const keep = Number(year.value);
  year.innerHTML = policy.years.map((y) => `<option value="${y}">${y}</option>`).join("");
  year.value = String(policy.years.includes(keep) ? keep : policy.default_year);
  for (const details of $$(".unit-columns", app)) details.hidden = details.dataset.policy !== policy.id;
  showPublicity(policy.id);
}

async function readFile(file) {
  performance.mark("unit:file");
  const format = formatOf(file);
  const refused = tooLarge(file);
  if (refused) {
    // The roster already checked (if any) stays on screen.
    showError(`无法核查“${file.name}”：${refused}`);
    return;
  }
  const started = performance.now();
  state.file = { name: file.name, format, base64: toBase64(await file.arrayBuffer()) };
  await check(performance.now() - started);
}

async function check(readMs = 0) {
  if (!state.file) return;
  const started = performance.now();
  const key = `${policyId()}|${control("year").value}|${state.file.name}|${state.file.base64.length}`;
  showError("");
  setStatus(`正在核查“${state.file.name}”…`);
  try {
    await calculator.ready;
    // An XLSX roster is read by Python's standard library (calculator/forms/xlsx_read.py).
    const result = await calculator.call("unit", request());
    const answered = performance.now();
    state.result = result;
    state.key = key;
    page = 0;
    render();
    const shown = performance.now();
    timings.push({ people: result.people.length, read_ms: readMs, worker_ms: answered - started,
      render_ms: shown - answered, total_ms: readMs + shown - started });
    performance.mark("unit:shown");
    setStatus(`已核查“${state.file.name}”：${result.people.length} 人（用时 ${((shown - started) / 1000).toFixed(1)} 秒）。`);
  } catch (problem) {
    state.result = null;
    control("result").hidden = true;
    setStatus("");
    showError(`无法核查“${state.file.name}”：${problem.problem || problem.message}`);
  }
}

function render() {
  const result = state.result;
  control("title").textContent = `${result.policy.short_name} ${result.year} 年度学时核查结果`;
  control("basis").innerHTML = summary.basis(result);
  control("summary").innerHTML = summary.summary(result);
  control("problems").innerHTML = summary.problems(result);
  control("notes").innerHTML = summary.notes(result);
  control("fill-note").textContent = "";
  control("result").hidden = false;
  showView();
}

function showView() {
  const result = state.result;
  if (!result) return;
  const wanted = choice();
  state.shown = select(result.people, wanted);
  const scope = describe(wanted, state.shown.length, result.people.length);
  const printHeader = `<strong>${esc(result.year)}年度专业技术人员继续教育学时核查结果</strong>${summary.basis(result)}范围：${esc(scope)}。`;
  control("head").innerHTML = table.head(result, printHeader);
  draw(state.shown, result);
  const empty = !state.shown.length;
  for (const button of $$("[data-action=print], [data-action=download]", app)) button.disabled = empty || !isReady;
}

// The table shows a page of people at a time (a table of thousands of rows takes the
// browser seconds to lay out); the filter, search and sort work on everyone, and the
// print and the downloads take everyone the view selects.
let page = 0;
const SMALLEST_PAGE = 50;

function pageSize() {
  return Number(control("page-size").value) || 100;
}

function draw(people, result) {
  const size = pageSize();
  const pages = Math.max(1, Math.ceil(people.length / size));
  page = Math.min(page, pages - 1);
  const from = page * size;
  const to = Math.min(from + size, people.length);
  control("rows").innerHTML = table.rows(people, result, from, to);
  control("count").textContent = `显示 ${people.length} / ${result.people.length} 人`;
  control("pager").hidden = people.length <= SMALLEST_PAGE;
  control("page-text").textContent = people.length ? `第 ${from + 1}–${to} 人（第 ${page + 1} / ${pages} 页）` : "没有符合条件的人员";
  for (const [role, disabled] of [["first", page === 0], ["previous", page === 0], ["next", page >= pages - 1], ["last", page >= pages - 1]]) {
    app.querySelector(`[data-page="${role}"]`).disabled = disabled;
  }
}

function turn(where) {
  const pages = Math.max(1, Math.ceil(state.shown.length / pageSize()));
  page = { first: 0, previous: page - 1, next: page + 1, last: pages - 1 }[where];
  page = Math.max(0, Math.min(page, pages - 1));
  draw(state.shown, state.result);
  control("table").scrollIntoView({ block: "start" });
}

// The print takes every person the view selects, however the print is started.
window.addEventListener("beforeprint", () => {
  if (state.result) control("rows").innerHTML = table.rows(state.shown, state.result);
});
window.addEventListener("afterprint", () => {
  if (state.result) draw(state.shown, state.result);
});

app.addEventListener("change", (event) => {
  const role = event.target.dataset.role;
  if (role === "file" && event.target.files[0]) {
    readFile(event.target.files[0]);
    event.target.value = "";
  } else if (role === "policy") {
    showPolicy();
    check();
  } else if (role === "year") {
    check();
  } else if (role === "filter" || role === "sort") {
    page = 0;
    showView();
  } else if (role === "page-size") {
    page = 0;
    showView();
  } else if (role === "publicity-start") {
    publicityAnswer(policyId());
  }
});
const searchSoon = debounce(() => { page = 0; showView(); }, 150);
app.addEventListener("input", (event) => {
  if (event.target.dataset.role === "search") searchSoon();
});
app.addEventListener("click", (event) => {
  const pager = event.target.closest("button[data-page]");
  if (pager) turn(pager.dataset.page);
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const action = button.dataset.action;
  if (action === "download") download(button.dataset.format, button);
  else if (action === "template") template(button.dataset.format);
  else if (action === "print") print();
  else if (action === "fill") fill(button);
});

calculator.onStatus((event) => {
  if (event.type === "progress") setStatus(`${event.detail}…`);
  if (event.type === "ready") {
    isReady = true;
    app.classList.add("is-ready");
    if (!state.file) setStatus(`核查程序已就绪（加载用时 ${(event.ms / 1000).toFixed(1)} 秒）。请选择名单文件；所有处理都在本机浏览器内完成。`);
    showView();
  }
  if (event.type === "failed") {
    setStatus("");
    showError(`核查程序无法加载：${event.message}`);
  }
});

showPolicy();
performance.mark("calculator:form-ready");

// For tests and the benchmark: the last result and how long each check took.
window.unitPage = {
  result: () => state.result,
  shown: () => state.shown.map((p) => p.line),
  timings,
  scope: () => state.result && describe(choice(), state.shown.length, state.result.people.length),
};
