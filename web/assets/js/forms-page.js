// The forms page: editors (unit, plan, roster import, person, education fund) feed the
// Python worker, which renders each form; print, XLSX and CSV come from the same
// rendering. The blank forms are in the page from the build, so they print before
// Python has loaded. Nothing leaves the browser: files are read locally and downloads
// are made from in-memory blobs. The pieces live in ./forms/, beside the self-check's.
import { calculator } from "./runtime.js";
import { $, $$, debounce, esc } from "./shared/dom.js";
import * as handoff from "./shared/handoff.js";
import * as storage from "./shared/storage.js";
import { blocks, editors } from "./forms/editors.js";
import { refreshFund } from "./forms/fund.js";
import { checklistSection, showCount, showWindows } from "./forms/filing.js";
import { download, printable, printBlock, printDocument, wrap } from "./forms/output.js";
import { addSession, refreshPlan, renumber } from "./forms/plan.js";
import { refresh } from "./forms/render.js";
import { requestFor, selfcheckDraft } from "./forms/requests.js";
import { ask } from "./calculator/dialog.js";
import { importRoster, showRejected, showRoster, undoable } from "./forms/roster.js";
import { reportSaveFailures } from "./shared/save-failure.js";
import { app, rosters, setStatus } from "./forms/state.js";
import { OWN_KEYS, forget, resetEditors, restore, save, saveRoster } from "./forms/store.js";

// What is typed here is kept in this browser; a save that fails is said, not swallowed.
reportSaveFailures("需要时请先下载或打印表格。");

let isReady = false;

// ---- refreshing ------------------------------------------------------------------

async function refreshAll(policies = null) {
  const wanted = (policy) => !policies || policies.includes(policy);
  await Promise.all(editors("plan").filter((e) => wanted(e.dataset.policy)).map((e) => refreshPlan(e.dataset.policy)));
  await Promise.all(blocks.filter((b) => wanted(b.dataset.policy)).map(refresh));
  for (const editor of editors("person")) showSelfcheck(editor);
  for (const editor of editors("fund")) refreshFund(editor);
}

// Refreshes are debounced; the notices touched meanwhile add up (null: all of them).
let pending = new Set();
const refreshPending = debounce(() => {
  const wanted = pending === null ? null : [...pending];
  pending = new Set();
  refreshAll(wanted);
}, 200);

function refreshSoon(policies = null) {
  if (!isReady) return;
  if (pending !== null) {
    if (policies === null) pending = null;
    else policies.forEach((p) => pending.add(p));
  }
  refreshPending();
}

/** An edit: keep it, then refresh what it touches. */
function schedule(policies = null) {
  save();
  refreshSoon(policies);
}

function showSelfcheck(editor) {
  const slot = $("[data-role=selfcheck]", editor);
  const draft = selfcheckDraft(editor.dataset.policy);
  // A year's sheet is {prior, activities}; answers saved before the prior box, a list.
  const span = Object.values(draft?.span || {}).some((year) => (Array.isArray(year) ? year : year?.activities || []).length || year?.prior);
  const year = draft?.activities?.length;
  slot.textContent = !draft ? "尚未在“学时自查”中填写此通知：表中的学时栏将留空。"
    : `已读取“学时自查”中保存的${span ? "逐年" : ""}填写内容${year || span ? "" : "（尚无活动）"}。`;
}

// ---- editing ---------------------------------------------------------------------

async function onRosterFile(editor, file) {
  const policy = editor.dataset.policy;
  const result = await importRoster(editor, file);
  if (!result) return;
  // An import that kept nobody never replaces the roster (its problems are shown).
  if (!result.counts.kept) return showRejected(editor, result);
  const current = rosters[policy];
  if (current && !(await ask({
    title: "用新文件替换名单？",
    message: `当前名单“${current.file || "名单"}”有 ${current.counts.kept} 人。导入“${result.file}”的 ${result.counts.kept} 人会替换它（替换后可以撤销）。`,
    confirm: "替换名单", cancel: "保留当前名单",
  }))) {
    showRoster(editor);
    return;
  }
  undoable.set(policy, current || null);
  setRoster(editor, result);
}

function setRoster(editor, result) {
  if (result) rosters[editor.dataset.policy] = result;
  else delete rosters[editor.dataset.policy];
  showRoster(editor);
  saveRoster(editor);
  schedule([editor.dataset.policy]);
}

function undoImport(editor) {
  const previous = undoable.get(editor.dataset.policy);
  undoable.delete(editor.dataset.policy);
  setRoster(editor, previous);
}

function clearRoster(editor) {
  undoable.delete(editor.dataset.policy);
  delete rosters[editor.dataset.policy];
  $("[data-role=remember]", editor).checked = false;
  showRoster(editor);
  saveRoster(editor);
  schedule([editor.dataset.policy]);
}

function clearAll() {
  forget();
  resetEditors();
  schedule();
}

document.addEventListener("input", (event) => {
  const editor = event.target.closest(".forms-editor");
  if (editor && event.target.type !== "file") schedule([editor.dataset.policy]);
});
document.addEventListener("change", (event) => {
  const target = event.target;
  const editor = target.closest(".forms-editor");
  if (target.matches("[data-role=file]") && target.files[0]) {
    onRosterFile(editor, target.files[0]);
    target.value = "";
  } else if (editor?.dataset.editor === "roster" && target.matches("[data-role=remember]")) {
    saveRoster(editor);
  } else if (editor?.dataset.editor === "filing") {
    showCount(editor);
    save();
  } else if (editor) {
    schedule([editor.dataset.policy]);
  } else if (target.closest(".forms-form") && target.matches("select, [data-role=publicity-start]")) {
    if (target.matches("[data-role=publicity-start]")) save();
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
    case "clear-roster": clearRoster(editor); break;
    case "undo-import": undoImport(editor); break;
    case "print-filing": printDocument(wrap(checklistSection(editor.dataset.policy), $("legend", editor).textContent)); break;
    case "clear-filing":
      for (const box of $$("[data-tick]", editor)) box.checked = false;
      showCount(editor);
      save();
      break;
    case "clear-all": clearAll(); break;
    default: break;
  }
});
// Another tab saved: the self-check's answers, which the forms use, or this page's
// own entries. Two tabs of this page share one saved copy, so each shows what the
// other saved: the next edit in either starts from the latest entries instead of
// writing an older copy over them. Never saved back from here: by then the other
// tab may have saved again.
storage.watch([...OWN_KEYS, storage.KEYS.selfcheck], (key) => {
  if (key === null || OWN_KEYS.includes(key)) {
    resetEditors();
    restore();
  }
  refreshSoon();
});

// ---- from the unit check ------------------------------------------------------------

/** The unit check's people fill this notice's roster forms, as an import would (kept
 *  in this browser only if the officer ticks "保存"). */
function receive(given) {
  const editor = given && editors("roster", given.policy)[0];
  if (!editor) return;
  rosters[given.policy] = given.roster;
  showRoster(editor);
  for (const block of blocks.filter((b) => b.dataset.policy === given.policy)) {
    const year = $("[data-role=year]", block);
    if (year && [...year.options].some((o) => Number(o.value) === given.year)) year.value = String(given.year);
    const start = $("[data-role=publicity-start]", block);
    if (start && given.publicity) start.value = given.publicity;
  }
  $("[data-role=import]", editor).insertAdjacentHTML("afterbegin",
    `<p class="forms-import-summary" data-role="handoff">已从“单位学时核查”填入 ${given.year} 年度核查的人员；成绩评定照名单中的“成绩评定”列，没有的留空。</p>`);
  refreshSoon([given.policy]);
}

// ---- the worker --------------------------------------------------------------------

calculator.onStatus((event) => {
  if (event.type === "progress") setStatus(`${event.detail}…`);
  if (event.type === "ready") {
    isReady = true;
    setStatus(`表格程序已就绪（加载用时 ${(event.ms / 1000).toFixed(1)} 秒）。所有处理都在本机浏览器内完成。`);
    for (const button of $$("button[data-action=xlsx], button[data-action=csv]")) button.disabled = false;
    app.classList.add("is-ready");
    refreshAll();
    showWindows();
  }
  if (event.type === "failed") {
    setStatus("");
    $(".forms-status", app).insertAdjacentHTML("afterend", `<p class="forms-error" role="alert">表格程序无法加载：${esc(event.message)}。空白表仍可打印。</p>`);
  }
});

restore();
receive(handoff.take());
performance.mark("calculator:form-ready");

// For tests and embedding: the printable document of a form, and a way to wait for
// the page's own refreshes.
const blockOf = (policy, form) => $(`.forms-form[data-policy="${policy}"][data-form="${form}"]`);
window.formsPage = {
  printable: (policy, form) => printable(blockOf(policy, form)),
  request: (policy, form) => requestFor(blockOf(policy, form)),
  refresh: () => refreshAll(),
};
