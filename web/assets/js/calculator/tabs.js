// The year tabs of the multi-year check (WAI-ARIA tabs: arrows, Home, End).
import { $, $$ } from "../shared/dom.js";

export function selectTab(tab, { focus = false } = {}) {
  const list = tab.closest('[role="tablist"]');
  for (const other of $$('[role="tab"]', list)) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
  if (focus) tab.focus();
}

export function wireTabs(root) {
  root.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) selectTab(tab);
  });
  root.addEventListener("keydown", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (!tab) return;
    const tabs = $$('[role="tab"]', tab.closest('[role="tablist"]'));
    const index = tabs.indexOf(tab);
    const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    selectTab(tabs[(target + tabs.length) % tabs.length], { focus: true });
  });
}

/** Mark each year's tab with its verdict ("pass" | "fail" | "prior" | ""). */
export function markTabs(section, states) {
  for (const tab of $$('[role="tab"]', section)) {
    const mark = $(".calc-tab-state", tab);
    const value = states[tab.dataset.year] || "";
    mark.dataset.state = value;
    mark.textContent = { pass: "✓", fail: "✗", prior: "✓", error: "!" }[value] || "";
    mark.setAttribute("aria-label", { pass: "达到要求", fail: "未达到要求", prior: "已开具认定单", error: "有填写错误" }[value] || "");
    mark.setAttribute("role", value ? "img" : "presentation");
  }
}
