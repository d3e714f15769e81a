// The filing checklist (rules.toml [filing]): the officer ticks what is ready; the ticks
// are kept with the page's other entries; the next filing window is placed relative to
// today (calculator/employer/filing.py, working days from the shipped holiday
// calendars); the checklist prints on its own or as the last page of the 备案表.
import { calculator } from "../runtime.js";
import { $, $$, esc } from "../shared/dom.js";
import { editors } from "./editors.js";

export const ticksOf = (editor) => $$("[data-tick]", editor).filter((box) => box.checked).map((box) => box.dataset.tick);

export function setTicks(editor, ticks = []) {
  for (const box of $$("[data-tick]", editor)) box.checked = ticks.includes(box.dataset.tick);
  showCount(editor);
}

export function showCount(editor) {
  const boxes = $$("[data-tick]", editor);
  const done = boxes.filter((box) => box.checked).length;
  $("[data-role=filing-count]", editor).textContent = `已勾选 ${done} / ${boxes.length} 项`;
}

const cn = (iso) => { const [y, m, d] = iso.split("-").map(Number); return `${y}年${m}月${d}日`; };
const span = (w) => `${cn(w.start)}至${cn(w.end)}`;

/** Today's date where the officer is (not UTC). */
export function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** Where today stands among the filing windows, in words. */
export function windowText(status) {
  const w = status.window;
  const workdays = w.working_days.length ? `（其中工作日 ${w.working_days.length} 天）` : "";
  const uncovered = w.calendar.uncovered.length ? `本站没有收录 ${w.calendar.uncovered.join("、")} 年的节假日安排，工作日只扣除了周六、周日。` : "";
  const day = status.today_working ? "" : `今天是${esc(status.today_why)}，不是工作日。`;
  switch (status.state) {
    case "before":
      return `下一个备案时间：${span(w)}${workdays}，还有 ${status.days_to_start} 天开始。${uncovered}`;
    case "between":
      return `上一期备案时间已过；下一期：${span(w)}${workdays}，还有 ${status.days_to_start} 天开始。${uncovered}`;
    case "open":
      return `今天（${cn(status.today)}）在备案时间内：本期至${cn(w.end)}，${status.working_days_left !== undefined ? `含今天还有 ${status.working_days_left} 个工作日` : ""}。${day}${uncovered}`;
    default:
      return `通知所列的备案时间（${status.windows.map(span).join("、")}）均已过去（今天是${cn(status.today)}）；以后年度的备案时间以当年的通知为准。`;
  }
}

export async function showWindows() {
  for (const slot of $$("[data-role=filing-window]")) {
    try {
      const { status } = await calculator.call("filing", { policy: slot.dataset.policy, today: today() });
      slot.textContent = status ? windowText(status) : "";
      slot.dataset.state = status?.state || "";
    } catch (problem) {
      slot.textContent = `无法计算备案时间：${problem.message}`;
    }
  }
}

/** The checklist as a printable section (the forms' own print styles). */
export function checklistSection(policy) {
  const editor = editors("filing", policy)[0];
  if (!editor) return "";
  const groups = $$(".forms-filing-group", editor).map((group) => {
    const items = $$("li", group).map((li) => {
      const box = $("[data-tick]", li);
      const forms = $(".forms-filing-forms", li)?.textContent || "";
      return `<li><span class="jx-tick">${box.checked ? "☑" : "☐"}</span> ${esc($("[data-role=item-label]", li).textContent)}${esc(forms)}</li>`;
    }).join("");
    return `<p><strong>${esc($(".forms-filing-group-title", group).textContent)}</strong></p><ul class="jx-checklist">${items}</ul>`;
  }).join("");
  const title = $("legend", editor).textContent;
  const when = $(`[data-role=filing-window][data-policy="${policy}"]`)?.textContent || "";
  return `<section class="jx-form jx-form--portrait" lang="zh-CN"><div class="jx-title" role="heading" aria-level="3">${esc(title)}</div>${groups}${when ? `<p class="jx-line">${esc(when)}</p>` : ""}<p class="jx-remark">本清单按通知附件1“专业技术人员继续教育单位培训备案说明”整理，勾选为单位自查所用。</p></section>`;
}
