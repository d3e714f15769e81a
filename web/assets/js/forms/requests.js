// What each form is filled with: the `form` request for a form on the page, from
// the unit plan, an imported roster, or the self-check's saved answers (sent as
// typed; Python reads them as the self-check does).
import { $ } from "../shared/dom.js";
import * as storage from "../shared/storage.js";
import { fields, personEditor, unitOf } from "./editors.js";
import { planResults, rosters } from "./state.js";

export const variantOf = (block) => $("[data-role=variant]", block)?.value;

export function yearOf(block) {
  const select = $("[data-role=year]", block);
  return select ? Number(select.value) : undefined;
}

/** The self-check's saved answers of a notice, or null. */
export const selfcheckDraft = (policy) => storage.read(storage.KEYS.selfcheck)?.drafts?.[policy] || null;

/** The `form` request for a block (without format), or null for a blank form. */
export function requestFor(block) {
  const { policy, form, source } = block.dataset;
  const base = { policy, form };
  const unit = unitOf(policy);
  const header = {};
  if (unit.unit_name) header.unit = unit.unit_name;
  if (unit.date) header.date = unit.date;
  if (source === "plan") {
    const values = planResults[policy]?.forms?.[`${form}:${variantOf(block)}`];
    if (!values) return null;
    const extra = block.dataset.layout === "table" ? header : {};
    return { ...base, values: { ...values, fields: { ...values.fields, ...extra } } };
  }
  if (source === "roster") {
    const result = rosters[policy];
    const key = block.hasAttribute("data-per-year") ? `${form}:${yearOf(block)}` : form;
    const values = result?.forms?.[key];
    // A list posted for some working days prints its period from the first day given.
    const start = $("[data-role=publicity-start]", block)?.value;
    const posted = start ? { publicity: { start } } : {};
    if (!values && block.hasAttribute("data-per-year")) return { ...base, values: { year: yearOf(block), ...posted } };
    if (!values) return null;
    const allowed = block.dataset.layout === "table" && !block.hasAttribute("data-per-year") ? header : {};
    return { ...base, values: { ...values, fields: allowed, ...posted } };
  }
  if (source === "selfcheck") {
    const person = fields(personEditor(policy, form) || document.createElement("form"));
    const draft = selfcheckDraft(policy);
    if (draft) return { ...base, source: { selfcheck: draft, person } };
    return Object.keys(person).length ? { ...base, values: { fields: person } } : null;
  }
  return null;
}
