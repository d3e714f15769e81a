// A unit's roster file (CSV or XLSX), read in this browser and sent to the worker
// (calculator.forms.roster), which checks every row; each bad row is listed with
// its line and the reason.
import { calculator } from "../runtime.js";
import { $, esc } from "../shared/dom.js";
import { formatOf, toBase64 } from "../shared/files.js";
import { rosters } from "./state.js";
import { loadOpenpyxl } from "./xlsx.js";

/** The import result of `file` for the editor's notice, or null (the problem is shown). */
export async function importRoster(editor, file) {
  const out = $("[data-role=import]", editor);
  const format = formatOf(file);
  out.innerHTML = `<p>正在读取“${esc(file.name)}”…</p>`;
  try {
    await calculator.ready;
    if (format === "xlsx") await loadOpenpyxl();
    const base64 = toBase64(await file.arrayBuffer());
    const result = await calculator.call("roster", { policy: editor.dataset.policy, form: editor.dataset.importForm, format, base64 });
    return { ...result, file: file.name };
  } catch (problem) {
    out.innerHTML = `<p class="forms-error" role="alert">无法导入“${esc(file.name)}”：${esc(problem.message)}</p>`;
    return null;
  }
}

export function showRoster(editor) {
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
