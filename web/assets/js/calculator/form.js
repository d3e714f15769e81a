// The build-time form: one <section> per notice, each with a single-year
// sheet and (where the notice has a multi-year check) one sheet per year plus
// a list of postings that span years. This module moves answers, as typed,
// between the DOM and plain objects; it never talks to Python, and it does
// not read numbers: Python does (calculator/assessment/answers.py), for this
// page and the forms page alike.
import { $, $$ } from "../shared/dom.js";

export const form = document.getElementById("calc-form");
const policySelect = form.elements.policy;

export const activePolicy = () => policySelect.value;
export const section = (policy = activePolicy()) => $(`.calc-policy[data-policy="${policy}"]`, form);
export const sheet = (key, policy = activePolicy()) => $(`.calc-sheet[data-sheet="${key}"]`, section(policy));
const spanSheets = (sec) => $$(".calc-span .calc-sheet", sec);
const postingList = (sec) => $(".calc-posting-list", sec);

export function mode(policy = activePolicy()) {
  const checked = $('input[data-role="mode"]:checked', section(policy));
  return checked ? checked.value : "year";
}

// ---- values ----------------------------------------------------------------

/** What the person typed, as typed. */
const rawValue = (input) => (input.type === "checkbox" ? input.checked : input.value);

function setRaw(input, value) {
  if (value === undefined || value === null) return;
  if (input.type === "radio") input.checked = input.value === String(value);
  else if (input.type === "checkbox") input.checked = value === true || value === "true";
  else if (input.tagName === "SELECT") {
    if ([...input.options].some((o) => o.value === String(value))) input.value = String(value);
  } else input.value = String(value);
}

function readFields(container, read) {
  const values = {};
  for (const input of $$("[data-field]", container)) {
    if (input.type === "radio" && !input.checked) continue;
    const value = input.type === "radio" ? input.value : read(input);
    if (value !== undefined) values[input.dataset.field] = value;
  }
  return values;
}

const readList = (list, read) => [...list.children].map((item) => ({ kind: item.dataset.kind, ...readFields(item, read) }));

// ---- answers (every notice, as typed) ------------------------------------------

export function readDraft(policy) {
  const sec = section(policy);
  const draft = { mode: mode(policy), year: $('[data-role="year"]', sec)?.value ?? "" };
  const circ = $(".calc-circumstances", sec);
  if (circ) draft.circumstances = { on: $("[data-apply]", circ).checked, values: readFields($(".calc-circumstance-fields", circ), rawValue) };
  draft.activities = readList($(".calc-activities", sheet("year", policy)), rawValue);
  if (spanSheets(sec).length) {
    draft.span = Object.fromEntries(spanSheets(sec).map((s) => [s.dataset.sheet, {
      prior: Boolean($('[data-role="prior"]', s)?.checked),
      activities: readList($(".calc-activities", s), rawValue),
    }]));
  }
  if (postingList(sec)) draft.postings = readList(postingList(sec), rawValue);
  return draft;
}

export function readAnswers() {
  const drafts = {};
  for (const sec of $$(".calc-policy", form)) drafts[sec.dataset.policy] = readDraft(sec.dataset.policy);
  return { v: 1, policy: activePolicy(), drafts };
}

function writeDraft(sec, draft = {}) {
  const modeInput = $(`input[data-role="mode"][value="${draft.mode === "span" ? "span" : "year"}"]`, sec);
  if (modeInput) modeInput.checked = true;
  const year = $('[data-role="year"]', sec);
  if (year) year.value = year.dataset.default;
  if (year && draft.year) setRaw(year, draft.year);
  const circ = $(".calc-circumstances", sec);
  if (circ) {
    $("[data-apply]", circ).checked = Boolean(draft.circumstances?.on);
    for (const input of $$("[data-field]", circ)) {
      resetInput(input);
      setRaw(input, draft.circumstances?.values?.[input.dataset.field]);
    }
  }
  fillList($(".calc-activities", $('.calc-sheet[data-sheet="year"]', sec)), draft.activities);
  for (const s of spanSheets(sec)) {
    const year = draft.span?.[s.dataset.sheet];
    const prior = $('[data-role="prior"]', s);
    if (prior) prior.checked = Boolean(year?.prior);
    fillList($(".calc-activities", s), year?.activities);
  }
  if (postingList(sec)) fillList(postingList(sec), draft.postings, true);
}

function resetInput(input) {
  if (input.type === "checkbox" || input.type === "radio") input.checked = input.defaultChecked;
  else if (input.tagName === "SELECT") input.value = [...input.options].find((o) => o.defaultSelected)?.value ?? "";
  else input.value = input.defaultValue;
}

function fillList(list, items = [], posting = false) {
  list.replaceChildren();
  for (const values of Array.isArray(items) ? items : []) {
    const item = posting ? newPosting(list, values) : newActivity(list, values.kind, values);
    item?.removeAttribute("data-pristine");
  }
  renumber(list);
}

/** Replace the whole form with `answers` (notices not mentioned are emptied). */
export function writeAnswers(answers) {
  if ($(`option[value="${answers.policy}"]`, policySelect)) policySelect.value = answers.policy;
  for (const sec of $$(".calc-policy", form)) writeDraft(sec, answers.drafts?.[sec.dataset.policy]);
  showActive();
}

export const clearAll = () => writeAnswers({ policy: activePolicy(), drafts: {} });

/** True when nothing has been entered for any notice. */
export function isEmpty(answers) {
  return Object.values(answers.drafts || {}).every((d) => !d.activities?.length && !d.postings?.length
    && !Object.values(d.span || {}).some((y) => y.activities?.length || y.prior) && !d.circumstances?.on);
}

// ---- entries ------------------------------------------------------------------------

function fromTemplate(selector, values) {
  const template = $(selector, form);
  if (!template) return null;
  const item = template.content.firstElementChild.cloneNode(true);
  for (const input of $$("[data-field]", item)) setRaw(input, values[input.dataset.field]);
  return item;
}

function newActivity(list, kind, values = {}) {
  const policy = list.closest(".calc-policy").dataset.policy;
  const item = fromTemplate(`template[data-policy="${policy}"][data-kind="${kind}"]`, values);
  if (item) list.append(item);
  return item;
}

function newPosting(list, values = {}) {
  const policy = list.closest(".calc-policy").dataset.policy;
  const item = fromTemplate(`template[data-policy="${policy}"][data-posting]`, values);
  if (item) list.append(item);
  return item;
}

export function addActivity(sheetEl, kind, values = {}) {
  const list = $(".calc-activities", sheetEl);
  const item = newActivity(list, kind, values);
  renumber(list);
  return item;
}

export function addPosting(sec = section()) {
  const list = postingList(sec);
  const item = newPosting(list);
  renumber(list);
  return item;
}

export function removeEntry(item) {
  const list = item.parentElement;
  const index = [...list.children].indexOf(item);
  item.remove();
  renumber(list);
  // Keep the keyboard where the person was: the next entry's delete button,
  // else the previous one, else the add control.
  const rest = [...list.children];
  const next = rest[Math.min(index, rest.length - 1)];
  const home = list.closest(".calc-sheet, .calc-postings");
  ($(".calc-remove", next || home) || $(".calc-kind, [data-action='add-posting']", home))?.focus();
}

/** Number the entries of a list and give every input an id its label points at. */
export function renumber(list) {
  const holder = list.closest(".calc-sheet, .calc-postings");
  const key = holder.dataset.sheet || "postings";
  const base = `calc-${list.closest(".calc-policy").dataset.policy}-${key}`;
  [...list.children].forEach((item, index) => {
    const title = $(".calc-activity-title", item).textContent;
    $(".calc-activity-number", item).textContent = `${index + 1}`;
    $(".calc-remove", item).setAttribute("aria-label", `删除第 ${index + 1} 项：${title}`);
    item.dataset.index = index;
    labelFields(item, `${base}-a${index}`);
  });
  const count = list.children.length;
  $(":scope > .calc-empty", holder)?.toggleAttribute("hidden", count > 0);
  const counter = $(`[data-count-for="${key}"]`, holder);
  if (counter) counter.textContent = count ? `（${count} 项）` : "";
}

/** Give each input of `container` an id (prefixed `base`) that its label,
 *  help and error slot are tied to. */
export function labelFields(container, base) {
  for (const field of $$(".calc-field", container)) {
    const id = `${base}-${field.dataset.name}`;
    const help = $(".calc-help", field);
    const error = $(".calc-error", field);
    if (help) help.id = `${id}-help`;
    if (error) error.id = `${id}-error`;
    const describedBy = [help?.id, error?.id].filter(Boolean).join(" ");
    for (const input of $$("[data-field]", field)) {
      input.id = input.type === "radio" ? `${id}-${input.value}` : id;
      if (input.type === "radio") input.name = id;
      if (describedBy) input.setAttribute("aria-describedby", describedBy);
    }
    const label = $(":scope > label.calc-label", field);
    if (label) label.htmlFor = id;
  }
}

// ---- visibility ---------------------------------------------------------------------

export function showActive() {
  const policy = activePolicy();
  for (const sec of $$(".calc-policy", form)) {
    sec.hidden = sec.dataset.policy !== policy;
    const current = mode(sec.dataset.policy);
    for (const part of $$("[data-mode]", sec)) part.hidden = part.dataset.mode !== current;
    const circ = $(".calc-circumstances", sec);
    if (circ) $(".calc-circumstance-fields", circ).hidden = !$("[data-apply]", circ).checked;
    for (const s of spanSheets(sec)) s.classList.toggle("is-prior", Boolean($('[data-role="prior"]', s)?.checked));
  }
  document.getElementById("calc").dataset.mode = mode(policy);
}
