// What the site keeps in this browser, under one set of keys, so the pages that
// share answers (the forms page reads the self-check's) cannot drift apart.
// Storage may be unavailable (private mode) or full: reading then gives the
// fallback and writing reports false; the pages work either way.

export const KEYS = {
  selfcheck: "jxjy.selfcheck.v1",   // the self-check's answers, as typed
  forms: "jxjy.forms.v1",           // the forms page's editors, without ID numbers
  rosters: "jxjy.forms.roster.v1",  // imported rosters (with ID numbers): only when the person opts in
  ids: "jxjy.forms.ids.v1",         // personal ID numbers: only when the person opts in
};

export function read(key, fallback = null) {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

export function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch (error) {
    // Never swallowed: the page shows it (shared/save-failure.js), since what was
    // typed is then lost when the page closes.
    document.dispatchEvent(new CustomEvent("storage:failed", { detail: { key, error } }));
    return false;
  }
}

export function remove(key) {
  try { localStorage.removeItem(key); } catch { /* nothing saved */ }
}

/** Call `onChange(key)` when another tab saves or clears one of `keys` (null:
 *  the whole storage was cleared). */
export function watch(keys, onChange) {
  window.addEventListener("storage", (event) => {
    if (event.key === null || keys.includes(event.key)) onChange(event.key);
  });
}
