// Out of the page: the result as XLSX or CSV (the rows the table shows, in its order,
// rendered by the worker through the forms' renderers), a blank roster to fill, the
// print (A4 landscape, the header and the basis repeated on every page), and the
// hand-over that fills the forms page's roster forms.
import { calculator } from "../runtime.js";
import { saveFile } from "../shared/files.js";
import * as handoff from "../shared/handoff.js";
import { loadOpenpyxl } from "../shared/openpyxl.js";
import { byId } from "./data.js";
import { control, request, setStatus, state } from "./state.js";
import { describe } from "./view.js";

export const choice = () => ({ filter: control("filter").value, sort: control("sort").value, search: control("search").value });

export async function download(format, button) {
  button.disabled = true;
  try {
    if (format === "xlsx") await loadOpenpyxl(setStatus);
    const order = state.shown.map((p) => p.index);
    const scope = describe(choice(), order.length, state.result.people.length);
    saveFile(await calculator.call("unit", request({ download: format, order, scope })));
  } catch (problem) {
    showError(`无法下载：${problem.problem || problem.message}`);
  } finally {
    button.disabled = false;
  }
}

export async function template(format) {
  try {
    if (format === "xlsx") await loadOpenpyxl(setStatus);
    saveFile(await calculator.call("unit_template", { policy: control("policy").value, year: Number(control("year").value), format }));
  } catch (problem) {
    showError(`无法下载名单模板：${problem.problem || problem.message}`);
  }
}

export function print() {
  window.print();
}

/** Fill the forms page's 名单, 成绩单 (and 合格人员名单) with the people checked. */
export async function fill(button) {
  button.disabled = true;
  try {
    const result = await calculator.call("unit", request({ forms: true }));
    const policy = byId[result.policy.id];
    const perYear = policy.forms.some((f) => f.per_year);
    // A list of qualified people leaves out those who fall short, and says so, as its import does.
    const left = perYear ? result.people.filter((p) => !p.passed).map((p) => ({
      line: p.line, column: null, reason: `未达到${result.year}年度学时要求（还需${p.missing}学时），不列入合格人员名单` })) : [];
    const kept = perYear ? result.people.length - left.length : result.people.length;
    const given = handoff.give({
      policy: result.policy.id, year: result.year, publicity: control("publicity-start")?.value || "",
      roster: { file: `单位学时核查：${state.file.name}（${result.year}年度）`, forms: result.forms,
        problems: [...result.problems, ...left].sort((a, b) => a.line - b.line),
        counts: { read: result.counts.rows, kept, rejected: result.counts.rejected + left.length } },
    });
    if (!given) throw new Error("浏览器无法在本标签页中暂存名单（存储空间不足，或处于受限的隐私模式）");
    window.location.href = `../forms/#${result.policy.id}-roster`;
  } catch (problem) {
    showError(`无法填入表格：${problem.problem || problem.message}`);
    button.disabled = false;
  }
}

export function showError(text) {
  const error = control("error");
  error.textContent = text;
  error.hidden = !text;
}
