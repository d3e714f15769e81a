// Input errors shown where they belong. The engine names the offending value
// by its path in the input (`activities[2].rank`, `circumstances.on_post_months`,
// `year`, and in the multi-year check `years[1].activities[0].days`,
// `postings[0].end`); this module finds that box on the page.
import { $, $$ } from "../shared/dom.js";
import { form, section, sheet } from "./form.js";

const PATH = /^(?:years\[(\d+)\]\.)?(?:(activities|postings)\[(\d+)\](?:\.(\w+))?|(circumstances)(?:\.(\w+))?|(year|prior_certificate))$/;

/** Where an error path points: { item?, field?, input?, slot, where } or null. */
export function locate(path, { years = [] } = {}) {
  const m = PATH.exec(path || "");
  if (!m) return null;
  const [, yearIndex, list, index, itemField, circ, circField, top] = m;
  const sec = section();
  const yearSheet = yearIndex !== undefined ? sheet(String(years[Number(yearIndex)]?.year)) : sheet("year");
  if (list) {
    const container = list === "postings" ? $(".calc-posting-list", sec) : $(".calc-activities", yearSheet);
    const item = container?.children[Number(index)];
    if (!item) return null;
    return inItem(item, itemField);
  }
  if (circ) {
    const box = $(".calc-circumstances", sec);
    return box ? inField(box, circField) : null;
  }
  if (top === "prior_certificate" && yearSheet) {
    return { input: $('[data-role="prior"]', yearSheet), slot: null, item: null, container: yearSheet };
  }
  if (top === "year") {
    const field = $(".calc-field--year", sec);
    return { input: $('[data-role="year"]', field), slot: $(".calc-error", field), item: null, container: field };
  }
  return null;
}

function inItem(item, name) {
  const found = name ? inField(item, name) : null;
  if (found) return { ...found, item };
  return { item, input: $("[data-field]", item), slot: $('.calc-error[data-for="*"]', item), container: item };
}

function inField(container, name) {
  const field = name && $(`.calc-field[data-name="${name}"]`, container);
  if (!field) return null;
  return { field, input: $("[data-field]", field), inputs: $$("[data-field]", field), slot: $(".calc-error", field), container: field };
}

export function clearErrors() {
  for (const slot of $$(".calc-error", form)) { slot.textContent = ""; slot.classList.remove("is-hint"); }
  for (const el of $$('[aria-invalid="true"]', form)) el.removeAttribute("aria-invalid");
  for (const el of $$(".has-error", form)) el.classList.remove("has-error", "is-hint");
}

/** Show `error` next to its box. Returns the location (for the summary), or null. */
export function showError(error, context) {
  const at = locate(error.field, context);
  if (!at) return null;
  // A freshly added entry the person has not touched yet gets a gentle
  // "please fill in" rather than an alarm.
  const hint = Boolean(at.item?.hasAttribute("data-pristine"));
  if (at.slot) {
    at.slot.textContent = error.problem || error.message;
    at.slot.classList.toggle("is-hint", hint);
  }
  at.container?.classList.add("has-error");
  at.container?.classList.toggle("is-hint", hint);
  if (!hint) for (const input of at.inputs || [at.input]) input?.setAttribute("aria-invalid", "true");
  const details = at.container?.closest("details");
  if (details) details.open = true;
  return { ...at, hint };
}

/** Bring the person to the box an error names. */
export function reveal(at) {
  const panel = at.container?.closest('[role="tabpanel"]');
  if (panel?.hidden) $(`[aria-controls="${panel.id}"]`)?.click();
  at.input?.focus();
  at.input?.scrollIntoView({ block: "center", behavior: "smooth" });
}

function fieldName(at) {
  const label = at.field && $(".calc-label", at.field);
  return label ? label.firstChild.textContent.trim() : "";
}

/** Where an error is, in words: "2020 年度 · 第 1 项（参加培训、会议） · 天数". */
export function describeLocation(at) {
  if (!at) return "";
  const parts = [];
  const tab = at.container?.closest('[role="tabpanel"]');
  if (tab) parts.push(`${tab.dataset.sheet} 年度`);
  if (at.item) {
    const posting = at.item.classList.contains("calc-posting");
    parts.push(`${posting ? "跨年度外派" : ""}第 ${Number(at.item.dataset.index) + 1} 项（${$(".calc-activity-title", at.item).textContent}）`);
  } else if (at.container?.closest(".calc-circumstances")) parts.push("特殊情况");
  const name = fieldName(at) || (at.container?.matches(".calc-field--year") ? "评估年度" : "");
  if (name) parts.push(name);
  return parts.join(" · ");
}
