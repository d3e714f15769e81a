// The editors on the forms page (unit, plan, roster, person, fund) and what they
// hold, as typed: Python reads the numbers (calculator/typed.py), as it does for
// the self-check.
import { $, $$ } from "../shared/dom.js";

export const blocks = $$(".forms-form");

/** The editors of one kind, of one notice or of all. */
export const editors = (kind, policy) =>
  $$(`.forms-editor[data-editor="${kind}"]${policy ? `[data-policy="${policy}"]` : ""}`);

export const personEditor = (policy, form) =>
  $(`.forms-editor[data-editor="person"][data-policy="${policy}"][data-form="${form}"]`);

/** The key an editor's entries are saved under. */
export const editorKey = (editor) => `${editor.dataset.editor}:${editor.dataset.policy}:${editor.dataset.form || ""}`;

/** An editor's filled-in fields (a plan's sessions aside), trimmed. */
export function fields(editor) {
  const values = {};
  for (const input of $$("[data-field]", editor)) {
    if (input.closest(".forms-session")) continue;
    const value = input.value.trim();
    if (value !== "") values[input.dataset.field] = value;
  }
  return values;
}

export function unitOf(policy) {
  const editor = editors("unit", policy)[0];
  return editor ? fields(editor) : {};
}

export function readSession(row) {
  const session = {};
  for (const input of $$("[data-field]", row)) {
    const value = input.value.trim();
    if (value !== "") session[input.dataset.field] = value;
  }
  return session;
}

// A row is part of the plan once something besides its two selects is filled in; an
// untouched row (the first one, or one just added) is not an error.
const started = (session) => Object.keys(session).some((key) => !["category", "period"].includes(key));

export const sessionsOf = (editor) => $$(".forms-session", editor).map(readSession);

/** The plan's sessions and, for each, the editor row it came from. */
export function planRows(editor) {
  const rows = $$(".forms-session", editor).filter((row) => started(readSession(row)));
  return { rows, sessions: rows.map(readSession) };
}

/** The `plan` request of a notice: its unit and sessions, as typed. */
export function planInput(policy) {
  const editor = editors("plan", policy)[0];
  const unit = unitOf(policy);
  delete unit.date;               // the date of the filled-in form, not of the plan
  return { policy, unit, sessions: editor ? planRows(editor).sessions : [] };
}
