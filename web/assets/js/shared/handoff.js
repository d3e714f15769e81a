// One page hands what it made to another, once: the unit check fills the forms page's
// roster forms. The hand-off lives in this tab's sessionStorage (gone with the tab;
// never in localStorage, since it holds ID numbers) and is removed when taken.

const KEY = "jxjy.handoff.v1";

export function give(value) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** What was handed over, or null; either way nothing is left behind. */
export function take() {
  try {
    const text = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
