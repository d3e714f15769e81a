// Keeping what was typed on the forms page in this browser: the editors (never an
// ID number unless the person asks, and then apart from the rest), and imported
// rosters only when the person asks.
import { $, $$ } from "../shared/dom.js";
import * as storage from "../shared/storage.js";
import { editorKey, fields, sessionsOf } from "./editors.js";
import { setTicks, showCount, ticksOf } from "./filing.js";
import { addSession } from "./plan.js";
import { showRoster } from "./roster.js";
import { rosters } from "./state.js";

const { forms: STORE, rosters: ROSTER_STORE, ids: ID_STORE } = storage.KEYS;
/** The keys of this page (another tab's change to them is shown here). */
export const OWN_KEYS = [STORE, ROSTER_STORE, ID_STORE];

export function save() {
  const saved = { v: 1, editors: {} };
  const ids = {};
  for (const editor of $$(".forms-editor")) {
    if (editor.dataset.editor === "roster") continue;
    const key = editorKey(editor);
    if (editor.dataset.editor === "filing") {
      saved.editors[key] = { ticks: ticksOf(editor) };
      continue;
    }
    const values = fields(editor);
    if (values.id_number) {
      if ($("[data-role=remember]", editor)?.checked) ids[key] = values.id_number;
      delete values.id_number;
    }
    saved.editors[key] = { fields: values };
    if (editor.dataset.editor === "plan") saved.editors[key].sessions = sessionsOf(editor);
  }
  // First days of postings (a list posted for some working days), by form.
  saved.postings = Object.fromEntries($$("[data-role=publicity-start]").filter((input) => input.value)
    .map((input) => [input.closest(".forms-form").id, input.value]));
  storage.write(STORE, saved);
  if (Object.keys(ids).length) storage.write(ID_STORE, ids);
  else storage.remove(ID_STORE);
}

export function saveRoster(editor) {
  const all = storage.read(ROSTER_STORE, {}) || {};
  const policy = editor.dataset.policy;
  if ($("[data-role=remember]", editor).checked && rosters[policy]) all[policy] = rosters[policy];
  else delete all[policy];
  if (Object.keys(all).length) storage.write(ROSTER_STORE, all);
  else storage.remove(ROSTER_STORE);
}

export function restore() {
  const saved = storage.read(STORE);
  for (const input of $$("[data-role=publicity-start]")) input.value = saved?.postings?.[input.closest(".forms-form").id] || "";
  const ids = storage.read(ID_STORE, {}) || {};
  const savedRosters = storage.read(ROSTER_STORE, {}) || {};
  for (const editor of $$(".forms-editor")) {
    const key = editorKey(editor);
    if (editor.dataset.editor === "roster") {
      const result = savedRosters[editor.dataset.policy];
      if (result) {
        $("[data-role=remember]", editor).checked = true;
        rosters[editor.dataset.policy] = result;
        showRoster(editor);
      }
      continue;
    }
    const entry = saved?.editors?.[key];
    if (editor.dataset.editor === "filing") {
      setTicks(editor, entry?.ticks);
      continue;
    }
    const values = { ...(entry?.fields || {}) };
    if (ids[key]) {
      values.id_number = ids[key];
      const remember = $("[data-role=remember]", editor);
      if (remember) remember.checked = true;
    }
    for (const input of $$("[data-field]", editor)) {
      if (input.closest(".forms-session")) continue;
      if (values[input.dataset.field] !== undefined) input.value = values[input.dataset.field];
    }
    if (editor.dataset.editor === "plan") {
      // A plan with nothing saved starts with one empty row to fill in.
      for (const session of entry?.sessions?.length ? entry.sessions : [{}]) addSession(editor, session);
    }
  }
}

/** Forget everything this page saved. */
export function forget() {
  for (const key of OWN_KEYS) storage.remove(key);
}

/** Empty every editor (what is saved is untouched). */
export function resetEditors() {
  for (const editor of $$(".forms-editor")) {
    editor.reset();
    $$(".forms-session", editor).forEach((row) => row.remove());
    if (editor.dataset.editor === "roster") {
      delete rosters[editor.dataset.policy];
      showRoster(editor);
    }
    if (editor.dataset.editor === "filing") showCount(editor);
  }
}
