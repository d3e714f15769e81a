// Hunan's 合格人员名单 is posted for at least so many working days: from a first day,
// the earliest last day (calculator/employer/publicity.py), the days passed over and
// why, and whether that year's holidays could be counted.
import { calculator } from "../runtime.js";
import { clauseLink } from "../shared/clauses.js";
import { esc } from "../shared/dom.js";
import { byId } from "./data.js";
import { control } from "./state.js";

const cn = (iso) => { const [y, m, d] = iso.split("-").map(Number); return `${y}年${m}月${d}日`; };

export function showRule(policyId) {
  const box = control("publicity");
  const period = byId[policyId]?.publicity?.[0];
  box.hidden = !period;
  if (!period) return;
  control("publicity-rule").innerHTML = `${esc(period.title)}：${esc(period.who || "用人单位")}将合格人员名单、每年度学习内容和年度学时在本单位公示，`
    + `不少于 <strong>${period.days}</strong> 个工作日（${clauseLink(period.clause)}）。填写公示开始日期，计算最早可以结束的日期；“填入名单和成绩单”时一并填入合格人员名单。`;
}

export async function answer(policyId) {
  const start = control("publicity-start").value;
  const out = control("publicity-answer");
  if (!start || !byId[policyId]?.publicity?.length) { out.textContent = ""; return; }
  try {
    const period = await calculator.call("publicity", { policy: policyId, start });
    const skipped = period.skipped.map((d) => `${cn(d.date)}（${esc(d.why)}）`).join("、");
    const uncovered = period.calendar.uncovered.length
      ? `<br><strong>注意</strong>：本站没有收录 ${period.calendar.uncovered.join("、")} 年的节假日安排，这些年份只扣除了周六、周日，法定节假日请自行扣除。` : "";
    out.innerHTML = `最早可于 <strong>${cn(period.end)}</strong> 结束公示（${cn(period.start)}起第 ${period.days} 个工作日）。`
      + (skipped ? `其间不计：${skipped}。` : "") + uncovered;
  } catch (problem) {
    out.textContent = `无法计算：${problem.problem || problem.message}`;
  }
}
