// A unit's roster file (CSV or XLSX), read in this browser and sent to the worker
// (calculator.forms.roster), which checks every row; each bad row is listed with
// its line and the reason.
import { calculator } from "../runtime.js";
import { $, esc } from "../shared/dom.js";
import { formatOf, toBase64, tooLarge } from "../shared/files.js";
import { rosters } from "./state.js";

/** policy -> the roster an import replaced, until the next import or an undo. */
export const undoable = new Map();

/** The import result of `file` for the editor's notice, or null (the problem is shown). */
export async function importRoster(editor, file) {
  const out = $("[data-role=import]", editor);
  const format = formatOf(file);
  const refused = tooLarge(file);
  if (refused) {
    out.innerHTML = `<p class="forms-error" role="alert">无法导入“${esc(file.name)}”：${refused}${keptNote(editor)}</p>`;
    return null;
  }
  out.innerHTML = `<p>正在读取“${esc(file.name)}”…</p>`;
  try {
    // Python reads XLSX rosters with its standard library (calculator/forms/xlsx_read.py):
    // no optional package to load first.
    await calculator.ready;
    const base64 = toBase64(await file.arrayBuffer());
    const result = await calculator.call("roster", { policy: editor.dataset.policy, form: editor.dataset.importForm, format, base64 });
    return { ...result, file: file.name };
  } catch (problem) {
    out.innerHTML = `<p class="forms-error" role="alert">无法导入“${esc(file.name)}”：${esc(problem.message)}${keptNote(editor)}</p>`;
    return null;
  }
}

function keptNote(editor) {
  const current = rosters[editor.dataset.policy];
  return current ? `（原名单“${esc(current.file || "名单")}”的 ${current.counts.kept} 人未改动。）` : "";
}

function problemList(result) {
  const label = (p) => (p.column && !p.reason.startsWith(p.column) ? `${esc(p.column)}：` : "");
  const items = result.problems.map((p) => `<li><span class="forms-line">第 ${p.line} 行</span>${label(p)}${esc(p.reason)}</li>`).join("");
  return items ? `<ul class="forms-problems">${items}</ul>` : "";
}

/** An import that kept nobody: say why, row by row, and that the roster is unchanged. */
export function showRejected(editor, result) {
  $("[data-role=import]", editor).innerHTML = `<p class="forms-error" role="alert">“${esc(result.file)}”中没有可导入的人员`
    + `（${result.counts.rejected} 行有问题，见下），未替换名单。${keptNote(editor)}</p>${problemList(result)}`;
}

export function showRoster(editor) {
  const result = rosters[editor.dataset.policy];
  const out = $("[data-role=import]", editor);
  if (!result) {
    out.innerHTML = "";
    return;
  }
  const problems = problemList(result);
  // The year's requirement, checked on the imported hours: advice on screen only
  // (the grade sheet's 成绩评定 is the unit's own training result).
  const advice = (result.advice || []).map((a) => `<li><span class="forms-line">第 ${a.line} 行</span>${esc(a.text)}</li>`).join("");
  const undo = undoable.get(editor.dataset.policy)
    ? ` <button type="button" class="calc-button" data-action="undo-import">撤销导入，恢复“${esc(undoable.get(editor.dataset.policy).file || "原名单")}”</button>` : "";
  out.innerHTML = `<p class="forms-import-summary">“${esc(result.file || "名单")}”：导入 <strong>${result.counts.kept}</strong> 人${result.counts.rejected ? `，<strong class="forms-bad">${result.counts.rejected}</strong> 行有问题未导入（见下）` : "，没有问题行"}。${undo}</p>
    ${problems}
    ${advice ? `<p class="forms-import-advice">提示（仅供参考，不填入表格）：</p><ul class="forms-advice">${advice}</ul>` : ""}`;
}
