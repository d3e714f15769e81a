// Small DOM helpers shared by the self-check and the forms page.

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for use inside HTML markup or a quoted attribute. */
export const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Format an hour figure: whole numbers plain, others with one decimal. */
export function hours(value) {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Debounce: call `fn` once, `ms` after the last call. */
export function debounce(fn, ms) {
  let timer;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.now = (...args) => { clearTimeout(timer); fn(...args); };
  return wrapped;
}
